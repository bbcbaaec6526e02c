"""Referral services: each step, its history row, and nothing recorded twice."""

from datetime import date

import pytest

from caseworks.errors import InvalidTransition, RuleBroken
from mappa.models import Referral, ReferralEvent
from mappa.services import coordinators
from mappa.services import referrals as svc
from mappa.tests.factories import (
    AgencyFactory,
    MappaReferralFactory,
    MappaUnitFactory,
    ReferralFactory,
    coordinator_for,
    managed_team,
)
from supervision.models import Notification

pytestmark = pytest.mark.django_db
Status = Referral.Status
Action = ReferralEvent.Action


@pytest.fixture
def people():
    return managed_team()


@pytest.fixture
def case(people):
    from supervision.tests.factories import CaseFactory

    return CaseFactory(responsible_officer=people["officer"], team=people["team"])


def actions(referral):
    return list(referral.events.values_list("action", flat=True))


def test_a_referral_to_childrens_social_care_is_sent_at_once_with_a_response_due_date(case, people):
    referral = svc.make_referral(
        case,
        by=people["officer"],
        kind=Referral.Kind.CHILDRENS_SOCIAL_CARE,
        agency=AgencyFactory(),
        reason="Partner pregnant and vulnerable.",
        on=date(2026, 3, 2),
    )
    assert referral.status == Status.SENT
    assert referral.sent_on == date(2026, 3, 2)
    assert referral.response_due_on == date(2026, 3, 16)  # 10 working days
    assert actions(referral) == [Action.CREATED, Action.SENT]


def test_a_mappa_referral_waits_for_the_line_managers_endorsement_and_tells_them(case, people):
    referral = svc.make_referral(
        case,
        by=people["officer"],
        kind=Referral.Kind.MAPPA_LEVEL_2,
        agency=MappaUnitFactory(),
        reason="Complex risk.",
        mappa_category=2,
    )
    assert referral.status == Status.AWAITING_ENDORSEMENT
    assert Notification.objects.filter(recipient=people["manager"]).count() == 1


def test_a_level_3_referral_must_say_what_level_2_cannot_deliver(case, people):
    with pytest.raises(RuleBroken, match=svc.LEVEL_3_NEEDS_JUSTIFICATION) as refused:
        svc.make_referral(
            case,
            by=people["officer"],
            kind=Referral.Kind.MAPPA_LEVEL_3,
            agency=MappaUnitFactory(),
            reason="R",
            mappa_category=2,
        )
    assert refused.value.field == "level_justification"


def test_endorsing_sends_the_referral_and_a_double_click_records_nothing_twice(people):
    referral = MappaReferralFactory(
        case__responsible_officer=people["officer"], status=Status.AWAITING_ENDORSEMENT, sent_on=None
    )
    svc.endorse_referral(referral, by=people["manager"], on=date(2026, 3, 2))
    svc.endorse_referral(referral, by=people["manager"], on=date(2026, 3, 2))
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.endorsed_by == people["manager"]
    assert referral.sent_on == date(2026, 3, 2)
    assert actions(referral) == [Action.ENDORSED, Action.SENT]


def test_the_officer_cannot_endorse_their_own_referral(people):
    referral = MappaReferralFactory(case__responsible_officer=people["officer"], status=Status.AWAITING_ENDORSEMENT)
    with pytest.raises(RuleBroken, match=svc.OWN_REFERRAL_CANNOT_BE_ENDORSED):
        svc.endorse_referral(referral, by=people["officer"])
    assert Referral.objects.get(pk=referral.pk).status == Status.AWAITING_ENDORSEMENT


def test_a_returned_referral_goes_back_to_draft_and_can_be_resubmitted(people):
    referral = MappaReferralFactory(case__responsible_officer=people["officer"], status=Status.AWAITING_ENDORSEMENT)
    svc.return_referral(referral, by=people["manager"], reason="Add the police intelligence.")
    assert Referral.objects.get(pk=referral.pk).status == Status.DRAFT
    svc.submit_for_endorsement(referral, by=people["officer"], note="Added.")
    assert Referral.objects.get(pk=referral.pk).status == Status.AWAITING_ENDORSEMENT


def test_a_mappa_referral_cannot_be_sent_without_endorsement(people):
    referral = MappaReferralFactory(status=Status.DRAFT)
    with pytest.raises(InvalidTransition):
        svc.send_referral(referral, by=referral.created_by)


def test_acknowledgement_then_response_closes_a_referral(people):
    referral = ReferralFactory()
    svc.acknowledge_referral(referral, by=referral.created_by, acknowledged_on=date(2026, 3, 3))
    svc.record_response(referral, by=referral.created_by, response="Pre-birth assessment opened.")
    referral.refresh_from_db()
    assert referral.status == Status.RESPONDED
    assert referral.acknowledged_on == date(2026, 3, 3)
    with pytest.raises(InvalidTransition):
        svc.withdraw_referral(referral, by=referral.created_by, reason="Too late")


def test_acceptance_at_level_2_sets_the_cases_mappa_level_with_history(people):
    referral = MappaReferralFactory(case__mappa_category=None, case__mappa_level=None)
    coordinator = coordinator_for(pdu=referral.case.team.pdu)
    coordinators.decide_referral(
        referral, by=coordinator, decision=Referral.Decision.ACCEPTED_LEVEL_2, reason="Meets threshold."
    )
    case = referral.case
    case.refresh_from_db()
    assert (case.mappa_level, case.mappa_category) == (2, 2)
    assert case.history.first().mappa_level == 2
    assert actions(referral) == [Action.ACCEPTED, Action.MAPPA_LEVEL_CHANGED]


def test_a_rejection_queues_the_escalation_task_after_commit(django_capture_on_commit_callbacks):
    referral = MappaReferralFactory()
    coordinator = coordinator_for(pdu=referral.case.team.pdu)
    with django_capture_on_commit_callbacks() as callbacks:
        coordinators.decide_referral(
            referral, by=coordinator, decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1, reason="Sufficient."
        )
    assert Referral.objects.get(pk=referral.pk).status == Status.REJECTED
    assert len(callbacks) == 2  # the escalation task and the officer's e-mail
    with django_capture_on_commit_callbacks() as repeated:
        coordinators.decide_referral(
            referral, by=coordinator, decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1, reason="Sufficient."
        )
    assert actions(referral) == [Action.REJECTED]
    assert repeated == []


def test_late_responses_are_chased_once_per_due_date():
    late = ReferralFactory(sent_on=date(2026, 2, 1), response_due_on=date(2026, 2, 10))
    ReferralFactory(sent_on=date(2026, 2, 1), response_due_on=date(2026, 2, 20))  # not yet due
    ReferralFactory(sent_on=date(2026, 2, 1), response_due_on=date(2026, 2, 5), status=Status.RESPONDED)
    assert list(Referral.objects.late_on(date(2026, 2, 11))) == [late]
    assert svc.chase_late_referrals(on=date(2026, 2, 11)) == 1
    assert svc.chase_late_referrals(on=date(2026, 2, 12)) == 0
    assert actions(late) == [Action.CHASED]
    assert Notification.objects.get().recipient == late.case.responsible_officer


def test_each_step_records_who_took_it_in_the_referrals_history(people):
    referral = MappaReferralFactory(case__responsible_officer=people["officer"], status=Status.AWAITING_ENDORSEMENT)
    svc.endorse_referral(referral, by=people["manager"], on=date(2026, 3, 2))
    latest = Referral.objects.get(pk=referral.pk).history.first()
    assert (latest.status, latest.history_user) == (Status.SENT, people["manager"])


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"mappa_category": None}, "mappa_category", svc.MAPPA_CATEGORY_NEEDED),
        ({"agency": "not the MAPPA unit"}, "agency", svc.MAPPA_REFERRAL_GOES_TO_THE_MAPPA_UNIT),
        ({"response_due_on": date(2026, 3, 1)}, "response_due_on", svc.RESPONSE_DUE_IN_THE_PAST),
    ],
)
def test_a_referral_breaking_a_rule_is_refused_on_its_field(case, people, changes, field, message):
    kwargs = {
        "by": people["officer"],
        "kind": Referral.Kind.MAPPA_LEVEL_2,
        "agency": MappaUnitFactory(),
        "reason": "R",
        "mappa_category": 2,
        "on": date(2026, 3, 2),
        **changes,
    }
    if kwargs["agency"] == "not the MAPPA unit":
        kwargs["agency"] = AgencyFactory()
    with pytest.raises(RuleBroken, match=message) as refused:
        svc.make_referral(case, **kwargs)
    assert refused.value.field == field
    assert not Referral.objects.exists()


def test_a_return_needs_a_reason_and_an_acknowledgement_a_day_that_has_come(people):
    referral = MappaReferralFactory(case__responsible_officer=people["officer"], status=Status.AWAITING_ENDORSEMENT)
    with pytest.raises(RuleBroken, match=svc.RETURN_NEEDS_A_REASON):
        svc.return_referral(referral, by=people["manager"], reason=" ")
    sent = ReferralFactory()
    with pytest.raises(RuleBroken, match=svc.ACKNOWLEDGED_IN_THE_FUTURE):
        svc.acknowledge_referral(sent, by=sent.created_by, acknowledged_on=date(2026, 3, 3), on=date(2026, 3, 2))
    assert [r.status for r in Referral.objects.order_by("pk")] == [Status.AWAITING_ENDORSEMENT, Status.SENT]
