"""The MAPPA co-ordinator's steps: acknowledge, ask the officer for more (and the answer returning the referral to
them), decide (accept at level 2 or 3, or reject with reasons), and the revised decision after a dispute."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from caseworks.errors import InvalidTransition, RuleBroken
from mappa.models import DisputeMeeting, Escalation, MappaCoordinator, MappaDecision, Referral, ReferralEvent
from mappa.services import coordinators, disputes, escalations
from mappa.services.referrals import endorse_referral
from mappa.tests.factories import MappaReferralFactory, coordinator_for, managed_team
from supervision.models import Notification, UnroutedItem
from supervision.tests.factories import CaseFactory, PDUFactory

pytestmark = pytest.mark.django_db
Status = Referral.Status
Action = ReferralEvent.Action
Decision = Referral.Decision
MONDAY = date(2026, 3, 2)


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], mappa_category=2, mappa_level=1
    )
    people["referral"] = MappaReferralFactory(case=people["case"])
    return people


def test_acknowledging_dates_it_today_and_tells_the_officer(team):
    referral = coordinators.acknowledge_mappa_referral(team["referral"], by=team["coordinator"], on=MONDAY)
    assert (referral.status, referral.acknowledged_on) == (Status.ACKNOWLEDGED, MONDAY)
    assert Notification.objects.get(recipient=team["officer"]).subject.startswith("The MAPPA co-ordinator has ack")


def test_a_question_goes_to_the_officer_and_the_answer_back_to_the_coordinator_who_asked(team):
    referral = coordinators.ask_for_more_information(
        team["referral"], by=team["coordinator"], question="Has the partner been seen by a midwife?", on=MONDAY
    )
    assert referral.status == Status.AWAITING_INFORMATION
    assert referral.acknowledged_on == MONDAY  # asking acknowledges
    assert Notification.objects.filter(recipient=team["officer"], subject__contains="needs more information")

    referral = coordinators.give_more_information(
        referral, by=team["officer"], information="Yes, booked at 20 weeks.", on=MONDAY
    )
    assert referral.status == Status.ACKNOWLEDGED
    told = Notification.objects.get(recipient=team["coordinator"], subject__contains="answered")
    assert referral.case.full_name not in told.body and referral.case.crn in told.body  # no personal details
    assert told.case_id is None
    assert list(referral.events.values_list("action", flat=True)) == [
        Action.COORDINATOR_ASKED,
        Action.COORDINATOR_ANSWERED,
    ]


def test_an_empty_question_is_refused_with_nothing_written(team):
    with pytest.raises(RuleBroken, match=coordinators.QUESTION_NEEDED):
        coordinators.ask_for_more_information(team["referral"], by=team["coordinator"], question="  ")
    assert Referral.objects.get().status == Status.SENT and not ReferralEvent.objects.exists()


@pytest.mark.parametrize("decision,level", [(Decision.ACCEPTED_LEVEL_2, 2), (Decision.ACCEPTED_LEVEL_3, 3)])
def test_an_acceptance_sets_the_cases_mappa_level_with_history(team, decision, level):
    coordinators.decide_referral(team["referral"], by=team["coordinator"], decision=decision, reason="Threshold met.")
    case = team["case"]
    case.refresh_from_db()
    assert case.mappa_level == level
    latest = case.history.latest()
    assert (latest.mappa_level, latest.history_user) == (level, team["coordinator"])
    assert MappaDecision.objects.get().stage == MappaDecision.Stage.FIRST
    assert Referral.objects.get().decided_by_name == team["coordinator"].get_full_name()


def test_a_rejection_goes_to_the_line_managers_escalation_queue_after_commit(
    team, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        coordinators.decide_referral(
            team["referral"], by=team["coordinator"], decision=Decision.REJECTED_REMAIN_LEVEL_1, reason="Level 1."
        )
    escalation = Escalation.objects.get()
    assert (escalation.level, escalation.assigned_to) == (Escalation.Level.LINE_MANAGER, team["manager"])
    assert Referral.objects.get().status == Status.REJECTED


def test_a_decision_needs_reasons(team):
    with pytest.raises(RuleBroken, match=coordinators.REASONS_NEEDED):
        coordinators.decide_referral(
            team["referral"], by=team["coordinator"], decision=Decision.ACCEPTED_LEVEL_2, reason=""
        )
    assert not MappaDecision.objects.exists()


@pytest.mark.parametrize("who", ["officer", "manager", "head"])
def test_nobody_but_the_coordinator_may_decide(team, who):
    with pytest.raises(PermissionDenied):
        coordinators.decide_referral(team["referral"], by=team[who], decision=Decision.ACCEPTED_LEVEL_2, reason="Yes.")
    assert Referral.objects.get().status == Status.SENT


def test_a_coordinator_for_another_area_may_not_decide_or_acknowledge(team):
    elsewhere = coordinator_for(pdu=PDUFactory())
    with pytest.raises(PermissionDenied):
        coordinators.decide_referral(team["referral"], by=elsewhere, decision=Decision.ACCEPTED_LEVEL_2, reason="Yes.")
    with pytest.raises(PermissionDenied):
        coordinators.acknowledge_mappa_referral(team["referral"], by=elsewhere)
    assert Referral.objects.get().status == Status.SENT


def test_a_regions_coordinator_decides_for_every_pdu_in_it(team):
    regional = coordinator_for(region=team["team"].pdu.region)
    coordinators.decide_referral(team["referral"], by=regional, decision=Decision.ACCEPTED_LEVEL_2, reason="Yes.")
    assert Referral.objects.get().status == Status.ACCEPTED


def test_the_revised_decision_after_a_dispute_sets_the_level_and_both_decisions_stay(team):
    referral = coordinators.decide_referral(
        team["referral"], by=team["coordinator"], decision=Decision.REJECTED_REMAIN_LEVEL_1, reason="Level 1."
    )
    first = escalations.escalate_rejected_referral(referral.pk, on=MONDAY)
    upper = escalations.escalate_to_head_of_public_protection(first, by=team["manager"], rationale="No.", on=MONDAY)
    disputes.record_dispute_meeting(
        upper,
        by=team["head"],
        held_on=MONDAY,
        coordinator=team["coordinator"],
        attendees="Head of Public Protection, MAPPA co-ordinator, SPO",
        considered="Conflicting accounts and police intelligence.",
        rationale="Multi-agency oversight needed.",
        on=MONDAY,
    )
    assert Referral.objects.get().status == Status.UNDER_REVIEW
    assert team["case"].mappa_level == 1  # the dispute alone sets nothing

    referral = coordinators.revise_decision(
        referral, by=team["coordinator"], decision=Decision.ACCEPTED_LEVEL_2, reason="Reviewed: level 2.", on=MONDAY
    )
    team["case"].refresh_from_db()
    assert (referral.status, team["case"].mappa_level) == (Status.ACCEPTED, 2)
    assert referral.meeting_due_on is not None
    decisions = list(MappaDecision.objects.order_by("decided_at").values_list("stage", "decision"))
    assert decisions == [("FIRST", Decision.REJECTED_REMAIN_LEVEL_1), ("REVISED", Decision.ACCEPTED_LEVEL_2)]
    told = set(
        Notification.objects.filter(subject__contains="accepted the disputed").values_list("recipient", flat=True)
    )
    assert told == {team["officer"].pk, team["manager"].pk, team["head"].pk}


def test_a_revised_decision_posted_twice_records_once_and_a_different_one_is_refused(team):
    referral = MappaReferralFactory(case=team["case"], status=Status.UNDER_REVIEW, decision_reason="Level 1.")
    escalation = Escalation.objects.create(
        referral=referral, level="HOPP", assigned_to=team["head"], due_on=MONDAY, status="CLOSED",
        resolution="DISPUTED", rationale="Needs MAPPA.", resolved_by=team["head"], resolved_at="2026-03-02T10:00Z",
    )  # fmt: skip
    DisputeMeeting.objects.create(
        referral=referral, escalation=escalation, held_on=MONDAY, coordinator=team["coordinator"],
        attendees="Both", considered="All of it", recorded_by=team["head"],
    )  # fmt: skip
    for _ in range(2):
        coordinators.revise_decision(
            referral, by=team["coordinator"], decision=Decision.REJECTED_NOT_MAPPA, reason="Stands.", on=MONDAY
        )
    assert MappaDecision.objects.count() == 1
    with pytest.raises(InvalidTransition):
        coordinators.revise_decision(
            referral, by=team["coordinator"], decision=Decision.REJECTED_REMAIN_LEVEL_1, reason="x", on=MONDAY
        )


def test_a_referral_sent_to_an_area_with_no_coordinator_is_recorded_as_unrouted(team):
    MappaCoordinator.objects.all().delete()
    referral = MappaReferralFactory(case=team["case"], status=Status.AWAITING_ENDORSEMENT, sent_on=None)
    endorse_referral(referral, by=team["manager"], on=MONDAY)
    item = UnroutedItem.objects.get()
    assert (item.kind, item.object_key) == (UnroutedItem.Kind.MAPPA_REFERRAL_FOR_COORDINATOR, f"referral:{referral.pk}")


def test_endorsing_tells_the_areas_coordinator(team):
    referral = MappaReferralFactory(case=team["case"], status=Status.AWAITING_ENDORSEMENT, sent_on=None)
    endorse_referral(referral, by=team["manager"], on=MONDAY)
    assert Notification.objects.filter(recipient=team["coordinator"], subject__contains="sent to the MAPPA unit")
