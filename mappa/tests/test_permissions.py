"""Which steps a user may take now: their role and relationship to the record, and the workflow's tables."""

import pytest

from mappa import permissions
from mappa.models import Escalation, Referral, ReferralEvent
from mappa.tests.factories import (
    EscalationFactory,
    MappaReferralFactory,
    ReferralFactory,
    coordinator_for,
    managed_team,
)
from supervision.tests.factories import CaseFactory, PDUFactory

pytestmark = pytest.mark.django_db
Action = ReferralEvent.Action
Status = Referral.Status


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def test_the_coordinator_takes_the_units_steps_and_the_officer_only_withdraws(team):
    """The officer has an interest in the outcome: acknowledging and deciding are the MAPPA co-ordinator's."""
    referral = MappaReferralFactory(case=team["case"])
    assert permissions.referral_steps_for(team["coordinator"], referral) == [
        Action.ACKNOWLEDGED,
        Action.COORDINATOR_ASKED,
        Action.ACCEPTED,
        Action.REJECTED,
    ]
    assert permissions.referral_steps_for(team["officer"], referral) == [Action.WITHDRAWN]
    assert permissions.referral_steps_for(team["manager"], referral) == [Action.WITHDRAWN]
    assert permissions.referral_steps_for(team["head"], referral) == []


@pytest.mark.parametrize("who", ["officer", "manager", "head", "other coordinator"])
def test_nobody_but_the_areas_coordinator_may_decide(team, who):
    person = coordinator_for(pdu=PDUFactory()) if who == "other coordinator" else team[who]
    referral = MappaReferralFactory(case=team["case"], status=Status.ACKNOWLEDGED)
    for action in (Action.ACCEPTED, Action.REJECTED, Action.ACKNOWLEDGED, Action.COORDINATOR_ASKED):
        assert not permissions.may_take_referral_step(person, referral, action)
    assert permissions.may_take_referral_step(team["coordinator"], referral, Action.ACCEPTED)


def test_a_regions_coordinator_covers_its_pdus_and_the_queue_starts_from_the_area(team):
    regional = coordinator_for(region=team["team"].pdu.region)
    referral = MappaReferralFactory(case=team["case"])
    assert list(permissions.coordinator_queue(regional)) == [referral]
    assert list(permissions.coordinator_queue(coordinator_for(pdu=PDUFactory()))) == []
    assert list(permissions.coordinator_queue(team["officer"])) == []


def test_the_officer_answers_the_coordinators_question(team):
    referral = MappaReferralFactory(case=team["case"], status=Status.AWAITING_INFORMATION)
    assert permissions.referral_steps_for(team["officer"], referral) == [Action.COORDINATOR_ANSWERED, Action.WITHDRAWN]
    assert Action.COORDINATOR_ANSWERED not in permissions.referral_steps_for(team["coordinator"], referral)


def test_another_agencys_referral_gets_a_response_not_a_mappa_decision(team):
    referral = ReferralFactory(case=team["case"], status=Status.ACKNOWLEDGED)
    assert permissions.referral_steps_for(team["officer"], referral) == [Action.RESPONDED, Action.WITHDRAWN]


def test_only_a_line_manager_other_than_the_referrer_endorses_or_returns(team):
    referral = MappaReferralFactory(case=team["case"], status=Status.AWAITING_ENDORSEMENT)
    assert permissions.referral_steps_for(team["manager"], referral) == [
        Action.RETURNED,
        Action.ENDORSED,
        Action.WITHDRAWN,
    ]
    assert permissions.referral_steps_for(team["officer"], referral) == [Action.WITHDRAWN]


def test_nobody_takes_a_step_on_a_rejected_referral_from_the_referral_page(team):
    """Only the escalation moves a rejected referral on: the Head of Public Protection's dispute meeting."""
    referral = MappaReferralFactory(case=team["case"], status=Status.REJECTED)
    for person in ("officer", "manager", "head", "coordinator"):
        assert permissions.referral_steps_for(team[person], referral) == []


def test_the_assigned_manager_decides_and_the_officer_answers(team):
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=team["manager"])
    assert permissions.escalation_steps_for(team["manager"], escalation) == [
        Action.MORE_INFORMATION_REQUESTED,
        Action.REJECTION_ACCEPTED,
        Action.ESCALATED_TO_HOPP,
    ]
    assert permissions.escalation_steps_for(team["deputy"], escalation) == []
    escalation.status = Escalation.Status.MORE_INFORMATION
    assert permissions.escalation_steps_for(team["officer"], escalation) == [Action.INFORMATION_PROVIDED]
    assert permissions.escalation_steps_for(team["manager"], escalation) == [
        Action.REJECTION_ACCEPTED,
        Action.ESCALATED_TO_HOPP,
    ]


def test_the_head_of_public_protection_upholds_or_disputes(team):
    escalation = EscalationFactory(
        referral__case=team["case"], assigned_to=team["head"], level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION
    )
    assert permissions.escalation_steps_for(team["head"], escalation) == [
        Action.MORE_INFORMATION_REQUESTED,
        Action.REJECTION_UPHELD,
        Action.DISPUTED,
    ]
