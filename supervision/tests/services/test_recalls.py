"""A recall after the recommendation: the line manager endorses, the Head of Public Protection countersigns, the
officer records the confirmation, and the case ends as recalled. Every refusal changes nothing."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.submissions import StaleEdit
from supervision import roles
from supervision.models import (
    AbsenceDecisionFlag,
    Case,
    CaseChange,
    Notification,
    OverdueFlag,
    Recall,
    RecallEvent,
    UnroutedItem,
)
from supervision.services import recalls as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, ContactFactory, StaffFactory
from supervision.tests.recall_factories import endorsed_recall, recommend_recall, requested_recall
from supervision.tests.rule_factories import CaseContactRequirementFactory

pytestmark = pytest.mark.django_db

Action = RecallEvent.Action
Status = Recall.Status
NOW = timezone.now()


@pytest.fixture
def team():
    return managed_team()


@pytest.fixture
def case(team):
    return CaseFactory(responsible_officer=team["officer"], team=team["team"])


def actions(recall):
    return list(recall.events.values_list("action", flat=True))


def unchanged(recall, status):
    recall.refresh_from_db()
    return recall.status == status


# Endorsement ---------------------------------------------------------------------------------------------------


def test_the_line_manager_endorses_and_the_countersignature_falls_due_within_the_policys_hours(case, team):
    recall = recommend_recall(case, now=NOW - timedelta(hours=1))

    services.endorse_recall(recall, by=team["manager"], note="Agreed: no safer alternative.", now=NOW)

    recall.refresh_from_db()
    assert recall.status == Status.ENDORSED
    assert (recall.endorsed_by, recall.endorsed_at) == (team["manager"], NOW)
    assert recall.countersign_by == NOW + timedelta(hours=24)
    assert actions(recall) == [Action.RECOMMENDED, Action.ENDORSED]
    assert recall.events.get(action=Action.ENDORSED).reason == "Agreed: no safer alternative."


def test_an_emergency_recall_must_be_endorsed_and_countersigned_sooner(case, team):
    standard = recommend_recall(case, now=NOW - timedelta(hours=1))
    standard_deadline = standard.endorse_by - standard.recommended_at
    services.withdraw_recall(standard, by=team["officer"], reason="Recommended in error")
    emergency = recommend_recall(case, kind=Recall.Kind.EMERGENCY, now=NOW - timedelta(hours=1))

    services.endorse_recall(emergency, by=team["manager"], now=NOW)

    emergency.refresh_from_db()
    assert emergency.endorse_by - emergency.recommended_at == timedelta(hours=2) < standard_deadline
    assert emergency.countersign_by - NOW == timedelta(hours=2)


def test_the_managers_cover_may_endorse(case, team):
    recall = recommend_recall(case)
    services.endorse_recall(recall, by=team["deputy"])
    assert unchanged(recall, Status.ENDORSED)


def test_endorsing_twice_records_one_endorsement(case, team):
    recall = recommend_recall(case)
    services.endorse_recall(recall, by=team["manager"])
    services.endorse_recall(recall, by=team["manager"])
    assert actions(recall).count(Action.ENDORSED) == 1


def test_an_endorsement_from_a_stale_page_is_refused(case, team):
    recall = recommend_recall(case)
    with pytest.raises(StaleEdit):
        services.endorse_recall(recall, by=team["manager"], expected_version=recall.version + 1)
    assert unchanged(recall, Status.RECOMMENDED)


def test_an_officer_cannot_endorse(case, team):
    recall = recommend_recall(case)
    with pytest.raises(RuleBroken, match="Only the line manager"):
        services.endorse_recall(recall, by=team["colleague"])
    assert unchanged(recall, Status.RECOMMENDED)


def test_a_line_manager_cannot_endorse_their_own_recommendation(case, team):
    recall = recommend_recall(case, by=team["manager"])
    with pytest.raises(RuleBroken) as refused:
        services.endorse_recall(recall, by=team["manager"])
    assert refused.value.message == services.OWN_RECOMMENDATION
    assert unchanged(recall, Status.RECOMMENDED)


def test_the_database_refuses_an_endorsement_by_the_recommender(case, team):
    recall = recommend_recall(case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recall.objects.filter(pk=recall.pk).update(
            status=Status.ENDORSED, endorsed_by=team["officer"], endorsed_at=NOW, countersign_by=NOW
        )


def test_refusing_endorsement_needs_a_reason_and_ends_the_recall(case, team):
    recall = recommend_recall(case)
    with pytest.raises(RuleBroken) as refused:
        services.refuse_endorsement(recall, by=team["manager"], reason="  ")
    assert (refused.value.message, refused.value.field) == (services.REFUSAL_REASON_REQUIRED, "reason")
    assert unchanged(recall, Status.RECOMMENDED)

    services.refuse_endorsement(recall, by=team["manager"], reason="Try an increased reporting level first.")

    assert unchanged(recall, Status.NOT_ENDORSED)
    assert recall.events.get(action=Action.ENDORSEMENT_REFUSED).reason == "Try an increased reporting level first."
    with pytest.raises(RuleBroken, match="not endorsed: nothing more"):
        services.withdraw_recall(recall, by=team["officer"], reason="Too late")


def test_the_database_refuses_a_refusal_without_a_reason(case, team):
    recall = recommend_recall(case)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecallEvent.objects.create(
            recall=recall,
            action=Action.ENDORSEMENT_REFUSED,
            from_status=Status.RECOMMENDED,
            to_status=Status.NOT_ENDORSED,
            actor=team["manager"],
            happened_at=NOW,
        )


# Countersignature -----------------------------------------------------------------------------------------------


def test_countersigning_before_endorsement_is_refused(case, team):
    recall = recommend_recall(case)
    with pytest.raises(RuleBroken) as refused:
        services.countersign_recall(recall, by=team["head"])
    assert refused.value.message == services.NOT_YET_ENDORSED
    assert unchanged(recall, Status.RECOMMENDED)


def test_the_head_of_public_protection_countersigns_and_the_recall_is_requested(case, team):
    recall = endorsed_recall(case, manager=team["manager"])

    services.countersign_recall(recall, by=team["head"], now=NOW)

    assert unchanged(recall, Status.REQUESTED)
    assert (recall.countersigned_by, recall.countersigned_at) == (team["head"], NOW)
    assert actions(recall) == [Action.RECOMMENDED, Action.ENDORSED, Action.COUNTERSIGNED]


def test_a_line_manager_cannot_countersign(case, team):
    recall = endorsed_recall(case, manager=team["manager"])
    with pytest.raises(RuleBroken) as refused:
        services.countersign_recall(recall, by=team["deputy"])
    assert refused.value.message == services.NOT_HEAD
    assert unchanged(recall, Status.ENDORSED)


def test_the_head_who_endorsed_cannot_also_countersign(team):
    # The Head of Public Protection manages this officer directly, so they may endorse, but not sign twice.
    team["officer"].profile.line_manager = team["head"]
    team["officer"].profile.save()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    recall = endorsed_recall(case, manager=team["head"])
    with pytest.raises(RuleBroken) as refused:
        services.countersign_recall(recall, by=team["head"])
    assert refused.value.message == services.OWN_ENDORSEMENT


def test_the_database_refuses_a_countersignature_by_the_endorser(case, team):
    recall = endorsed_recall(case, manager=team["manager"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Recall.objects.filter(pk=recall.pk).update(
            status=Status.REQUESTED, countersigned_by=team["manager"], countersigned_at=NOW
        )


def test_another_regions_head_cannot_countersign(case, team):
    recall = endorsed_recall(case, manager=team["manager"])
    elsewhere = managed_team()["head"]
    with pytest.raises(RuleBroken, match="Only the Head of Public Protection"):
        services.countersign_recall(recall, by=elsewhere)
    assert unchanged(recall, Status.ENDORSED)


def test_refusing_countersignature_needs_a_reason(case, team):
    recall = endorsed_recall(case, manager=team["manager"])
    with pytest.raises(RuleBroken, match="Enter why you are not countersigning"):
        services.refuse_countersignature(recall, by=team["head"], reason="")
    services.refuse_countersignature(recall, by=team["head"], reason="Evidence of the missed session is thin.")
    assert unchanged(recall, Status.NOT_COUNTERSIGNED)


@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.AUDITOR, roles.MAPPA_COORDINATOR])
def test_administrators_auditors_and_coordinators_can_take_no_step(case, team, role):
    someone = StaffFactory(role=role, profile__team=team["team"])
    recall = recommend_recall(case)
    for step in (services.endorse_recall, services.countersign_recall):
        with pytest.raises(RuleBroken):
            step(recall, by=someone)
    with pytest.raises(RuleBroken):
        services.withdraw_recall(recall, by=someone, reason="No")
    assert unchanged(recall, Status.RECOMMENDED)


# Withdrawal -----------------------------------------------------------------------------------------------------


def test_the_recommender_or_their_manager_withdraws_before_countersignature(case, team):
    first = recommend_recall(case)
    services.withdraw_recall(first, by=team["officer"], reason="The person has been arrested for a new offence.")
    assert unchanged(first, Status.WITHDRAWN)
    second = endorsed_recall(case, manager=team["manager"])
    services.withdraw_recall(second, by=team["manager"], reason="New evidence: the absence was acceptable.")
    assert unchanged(second, Status.WITHDRAWN)


def test_a_colleague_cannot_withdraw_and_a_reason_is_required(case, team):
    recall = recommend_recall(case)
    with pytest.raises(RuleBroken, match="Only the officer who recommended"):
        services.withdraw_recall(recall, by=team["colleague"], reason="Mine now")
    with pytest.raises(RuleBroken, match=services.WITHDRAWAL_REASON_REQUIRED):
        services.withdraw_recall(recall, by=team["officer"], reason="")
    assert unchanged(recall, Status.RECOMMENDED)


def test_a_requested_recall_cannot_be_withdrawn(case, team):
    recall = requested_recall(case, manager=team["manager"], head=team["head"])
    with pytest.raises(RuleBroken) as refused:
        services.withdraw_recall(recall, by=team["officer"], reason="Changed my mind")
    assert refused.value.message == services.ALREADY_REQUESTED
    assert unchanged(recall, Status.REQUESTED)


# Confirmation ---------------------------------------------------------------------------------------------------


def test_confirming_before_countersignature_is_refused(case, team):
    recall = endorsed_recall(case, manager=team["manager"])
    with pytest.raises(RuleBroken) as refused:
        services.confirm_recall(recall, confirmed_on=timezone.localdate(), by=team["officer"])
    assert refused.value.message == services.NOT_YET_COUNTERSIGNED
    assert unchanged(recall, Status.ENDORSED)
    assert Case.objects.get(pk=case.pk).status == Case.Status.ACTIVE


def test_confirming_sets_the_case_to_recalled_ends_its_requirements_and_closes_its_flags(case, team):
    today = timezone.localdate()
    requirement = CaseContactRequirementFactory(case=case, set_by=team["manager"], ends_on=today + timedelta(days=90))
    OverdueFlag.objects.create(
        case=case,
        case_requirement=requirement,
        due_on=today - timedelta(days=2),
        opened_on=today - timedelta(days=1),
        explanation="No home visit in the last 7 days.",
    )
    absence = ContactFactory(case=case)
    AbsenceDecisionFlag.objects.create(
        case=case, contact=absence, due_on=today - timedelta(days=3), opened_on=today - timedelta(days=2)
    )
    recall = requested_recall(case, manager=team["manager"], head=team["head"])

    services.confirm_recall(recall, confirmed_on=today, by=team["officer"])

    assert unchanged(recall, Status.CONFIRMED) and recall.confirmed_on == today
    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closed_on) == ("RECALLED", "RECALLED", today)
    change = case.changes.get(kind=CaseChange.Kind.RECALLED)
    assert change.reason.startswith("Standard recall confirmed: returned to custody on")
    requirement.refresh_from_db()
    assert requirement.ended_on == today
    assert OverdueFlag.objects.open().filter(case=case).count() == 0
    assert OverdueFlag.objects.get(case=case).resolution == OverdueFlag.Resolution.CASE_CLOSED
    assert AbsenceDecisionFlag.objects.get(case=case).resolution == AbsenceDecisionFlag.Resolution.CASE_CLOSED


def test_confirming_twice_records_once(case, team):
    recall = requested_recall(case, manager=team["manager"], head=team["head"])
    services.confirm_recall(recall, confirmed_on=timezone.localdate(), by=team["officer"])
    services.confirm_recall(recall, confirmed_on=timezone.localdate(), by=team["officer"])
    assert actions(recall).count(Action.CONFIRMED) == 1
    assert case.changes.filter(kind=CaseChange.Kind.RECALLED).count() == 1


def test_a_confirmation_in_the_future_or_before_the_request_is_refused(case, team):
    recall = requested_recall(case, manager=team["manager"], head=team["head"])
    for day, message in (
        (timezone.localdate() + timedelta(days=1), services.CONFIRMED_IN_THE_FUTURE),
        (timezone.localdate() - timedelta(days=3), services.CONFIRMED_BEFORE_REQUESTED),
    ):
        with pytest.raises(RuleBroken) as refused:
            services.confirm_recall(recall, confirmed_on=day, by=team["officer"])
        assert (refused.value.message, refused.value.field) == (message, "confirmed_on")
    assert unchanged(recall, Status.REQUESTED)
    assert Case.objects.get(pk=case.pk).status == Case.Status.ACTIVE


def test_another_teams_officer_cannot_confirm(case, team):
    recall = requested_recall(case, manager=team["manager"], head=team["head"])
    with pytest.raises(RuleBroken, match="Only the officer who holds the case"):
        services.confirm_recall(recall, confirmed_on=timezone.localdate(), by=managed_team()["officer"])


# Who is told ----------------------------------------------------------------------------------------------------


def test_the_line_manager_is_told_an_emergency_recall_needs_endorsing_with_its_deadline(case, team):
    recall = recommend_recall(case, kind=Recall.Kind.EMERGENCY)

    services.tell_endorsement_needed(recall)
    services.tell_endorsement_needed(recall)

    told = Notification.objects.get(recipient=team["manager"])
    assert told.subject == "Emergency recall to endorse"
    deadline = f"{timezone.localtime(recall.endorse_by):%-d %B %Y at %H:%M}"
    assert "emergency" in told.body and deadline in told.body
    assert told.url == recall.get_absolute_url()


def test_the_deputy_is_told_while_the_line_manager_is_absent(case, team):
    team["manager"].profile.absent_from = timezone.localdate() - timedelta(days=1)
    team["manager"].profile.save()
    services.tell_endorsement_needed(recommend_recall(case))
    assert list(Notification.objects.values_list("recipient", "subject")) == [(team["deputy"].pk, "Recall to endorse")]


def test_with_nobody_to_endorse_the_recall_is_unrouted_work(team):
    officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team["team"])
    case = CaseFactory(responsible_officer=officer, team=team["team"])
    recall = recommend_recall(case)
    services.tell_endorsement_needed(recall)
    assert UnroutedItem.objects.open().get().kind == UnroutedItem.Kind.RECALL_ENDORSEMENT


def test_endorsing_tells_the_head_of_public_protection_and_the_outcome_reaches_the_officer(
    case, team, django_capture_on_commit_callbacks
):
    recall = recommend_recall(case, kind=Recall.Kind.EMERGENCY)
    with django_capture_on_commit_callbacks():
        services.endorse_recall(recall, by=team["manager"])
    head_told = Notification.objects.get(recipient=team["head"])
    assert head_told.subject == "Emergency recall to countersign"
    recall.refresh_from_db()
    assert f"{timezone.localtime(recall.countersign_by):%-d %B %Y at %H:%M}" in head_told.body
    assert head_told.email.to_address == team["head"].email

    services.countersign_recall(recall, by=team["head"])

    officer_told = Notification.objects.get(recipient=team["officer"])
    assert officer_told.subject == "Recall countersigned and requested"
    assert not Notification.objects.filter(recipient=team["head"], subject__startswith="Recall countersigned").exists()
