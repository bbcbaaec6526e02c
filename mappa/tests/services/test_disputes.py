"""The Head of Public Protection disputes a rejection at a meeting with the MAPPA co-ordinator: the meeting is
recorded (when, who attended, what was considered), the referral goes back to the co-ordinator, and the Head of
Public Protection never sets the level themself."""

from datetime import date, timedelta

import pytest

from caseworks.errors import InvalidTransition, RuleBroken, RulesBroken
from mappa.models import DisputeMeeting, Escalation, Referral, ReferralEvent
from mappa.services import disputes
from mappa.services import escalations as svc
from mappa.tests.factories import RejectedMappaReferralFactory, coordinator_for, managed_team
from supervision.models import Notification
from supervision.tests.factories import CaseFactory, PDUFactory

pytestmark = pytest.mark.django_db
Action = ReferralEvent.Action
MONDAY = date(2026, 3, 2)


@pytest.fixture
def team():
    return managed_team()


@pytest.fixture
def escalation(team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"], mappa_category=2, mappa_level=1)
    referral = RejectedMappaReferralFactory(case=case)
    return svc.escalate_rejected_referral(referral.pk, on=MONDAY)


@pytest.fixture
def hopp_escalation(escalation, team):
    return svc.escalate_to_head_of_public_protection(escalation, by=team["manager"], rationale="Disagree.", on=MONDAY)


def _dispute(escalation, team, **overrides):
    fields = {
        "by": team["head"],
        "held_on": MONDAY,
        "coordinator": team["coordinator"],
        "attendees": "Head of Public Protection\nMAPPA co-ordinator\nSPO",
        "considered": "Conflicting accounts; police intelligence of driving while disqualified.",
        "rationale": "Multi-agency oversight is needed.",
        "on": MONDAY,
        **overrides,
    }
    return disputes.record_dispute_meeting(escalation, **fields)


def test_recording_the_meeting_closes_the_escalation_and_returns_the_referral_to_the_coordinator(hopp_escalation, team):
    meeting = _dispute(hopp_escalation, team)
    _dispute(hopp_escalation, team)  # a double submit records nothing twice
    assert DisputeMeeting.objects.get() == meeting
    hopp_escalation.refresh_from_db()
    assert (hopp_escalation.status, hopp_escalation.resolution) == ("CLOSED", Escalation.Resolution.DISPUTED)
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.UNDER_REVIEW
    assert referral.decision == Referral.Decision.REJECTED_REMAIN_LEVEL_1  # the rejection stands until revised
    referral.case.refresh_from_db()
    assert referral.case.mappa_level == 1
    assert referral.events.filter(action=Action.DISPUTED).count() == 1
    asked = Notification.objects.get(recipient=team["coordinator"])
    assert "revised decision" in asked.subject and asked.case_id is None
    told = set(
        Notification.objects.filter(subject__contains="disputed the MAPPA rejection").values_list(
            "recipient", flat=True
        )
    )
    assert told == {team["officer"].pk, team["manager"].pk}


def test_the_meeting_needs_who_what_and_a_past_date_and_nothing_is_written_otherwise(hopp_escalation, team):
    with pytest.raises(RulesBroken) as refused:
        _dispute(hopp_escalation, team, held_on=MONDAY + timedelta(days=1), attendees=" ", considered="")
    messages = {rule.message for rule in refused.value.every_rule}
    assert messages == {disputes.MEETING_IN_THE_FUTURE, disputes.ATTENDEES_NEEDED, disputes.CONSIDERED_NEEDED}
    assert not DisputeMeeting.objects.exists()
    assert Escalation.objects.get(pk=hopp_escalation.pk).status == Escalation.Status.OPEN


def test_the_coordinator_met_must_cover_the_cases_area(hopp_escalation, team):
    with pytest.raises(RuleBroken, match=disputes.NOT_THE_AREAS_COORDINATOR):
        _dispute(hopp_escalation, team, coordinator=coordinator_for(pdu=PDUFactory()))
    assert Referral.objects.get().status == Referral.Status.REJECTED


def test_a_line_manager_level_escalation_cannot_be_disputed(escalation, team):
    with pytest.raises(InvalidTransition):
        _dispute(escalation, team)
    assert not DisputeMeeting.objects.exists()


def test_an_upheld_rejection_cannot_then_be_disputed(hopp_escalation, team):
    svc.uphold_rejection(hopp_escalation, by=team["head"], rationale="Level 1 is sufficient.")
    with pytest.raises(InvalidTransition):
        _dispute(hopp_escalation, team)
    assert Referral.objects.get().status == Referral.Status.REJECTED
