"""The workflow tables: every action takes only its own step, and every step outside the tables is refused
with nothing written. The refusal tests are built from the tables, so a new action is covered as it is added."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from caseworks.errors import InvalidTransition
from mappa.models import Escalation, Referral, ReferralEvent
from mappa.models.workflow import ESCALATION_TRANSITIONS, REFERRAL_TRANSITIONS
from mappa.services import coordinators, disputes, escalations, referrals
from mappa.tests.factories import (
    EscalationFactory,
    MappaReferralFactory,
    ReferralFactory,
    RejectedMappaReferralFactory,
    managed_team,
)
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
Status = Referral.Status
Action = ReferralEvent.Action
Level = Escalation.Level
Resolution = Escalation.Resolution
MONDAY = date(2026, 3, 2)


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], mappa_category=None, mappa_level=None
    )
    return people


def snapshot(referral):
    """Everything a refused step must leave as it was."""
    referral = Referral.objects.get(pk=referral.pk)
    referral.case.refresh_from_db()
    return {
        "status": referral.status,
        "decision": referral.decision,
        "events": referral.events.count(),
        "case MAPPA level": referral.case.mappa_level,
        "escalations": list(referral.escalations.order_by("pk").values_list("level", "status", "resolution")),
    }


# How each referral action is taken through its service.
REFERRAL_ACTIONS = {
    Action.SUBMITTED_FOR_ENDORSEMENT: lambda r, t: referrals.submit_for_endorsement(r, by=t["officer"]),
    Action.RETURNED: lambda r, t: referrals.return_referral(r, by=t["manager"], reason="Add the police view."),
    Action.ENDORSED: lambda r, t: referrals.endorse_referral(r, by=t["manager"]),
    Action.SENT: lambda r, t: referrals.send_referral(r, by=t["officer"]),
    Action.ACKNOWLEDGED: lambda r, t: (
        coordinators.acknowledge_mappa_referral(r, by=t["coordinator"], on=MONDAY)
        if r.is_mappa
        else referrals.acknowledge_referral(r, by=t["officer"], acknowledged_on=MONDAY, on=MONDAY)
    ),
    Action.COORDINATOR_ASKED: lambda r, t: coordinators.ask_for_more_information(
        r, by=t["coordinator"], question="What do the police say about the new partner?", on=MONDAY
    ),
    Action.COORDINATOR_ANSWERED: lambda r, t: coordinators.give_more_information(
        r, by=t["officer"], information="Police confirm two call-outs to her address.", on=MONDAY
    ),
    Action.RESPONDED: lambda r, t: referrals.record_response(r, by=t["officer"], response="Assessment opened."),
    Action.ACCEPTED: lambda r, t: coordinators.decide_referral(
        r, by=t["coordinator"], decision=Referral.Decision.ACCEPTED_LEVEL_2, reason="Meets the threshold."
    ),
    Action.REJECTED: lambda r, t: coordinators.decide_referral(
        r, by=t["coordinator"], decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1, reason="Level 1 is enough."
    ),
    Action.DISPUTED: lambda r, t: disputes.record_dispute_meeting(
        r.escalations.get(level=Level.HEAD_OF_PUBLIC_PROTECTION),
        by=t["head"],
        held_on=MONDAY,
        coordinator=t["coordinator"],
        attendees="Head of Public Protection; MAPPA co-ordinator",
        considered="The conflicting accounts.",
        rationale="Needs MAPPA.",
        on=MONDAY,
    ),
    Action.REVISED_ACCEPTED: lambda r, t: coordinators.revise_decision(
        r, by=t["coordinator"], decision=Referral.Decision.ACCEPTED_LEVEL_2, reason="Reviewed.", on=MONDAY
    ),
    Action.REVISED_REJECTED: lambda r, t: coordinators.revise_decision(
        r, by=t["coordinator"], decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1, reason="Reviewed.", on=MONDAY
    ),
    Action.WITHDRAWN: lambda r, t: referrals.withdraw_referral(r, by=t["officer"], reason="No longer needed."),
}

REFUSED_REFERRAL_STEPS = [
    (action, state)
    for action, step in REFERRAL_TRANSITIONS.items()
    for state in Status
    if state not in step.from_states
]


@pytest.mark.parametrize("action,state", REFUSED_REFERRAL_STEPS)
def test_a_referral_action_outside_the_table_is_refused_and_changes_nothing(team, action, state):
    step = REFERRAL_TRANSITIONS[action]
    factory = ReferralFactory if step.for_mappa is False else MappaReferralFactory
    referral = factory(case=team["case"], status=state)
    EscalationFactory(referral=referral, level=Level.HEAD_OF_PUBLIC_PROTECTION, assigned_to=team["head"])
    before = snapshot(referral)
    with pytest.raises(InvalidTransition, match=InvalidTransition.MESSAGE):
        REFERRAL_ACTIONS[action](referral, team)
    assert snapshot(referral) == before


def test_every_referral_action_in_the_table_can_be_taken_through_a_service():
    assert set(REFERRAL_ACTIONS) == set(REFERRAL_TRANSITIONS)


def test_a_referral_action_for_the_other_kind_of_referral_is_refused(team):
    """MAPPA referrals are decided by the MAPPA unit and sent only by endorsement; other agencies respond. Another
    agency's referral is nothing of the MAPPA co-ordinator's: they are refused it outright."""
    other = ReferralFactory(case=team["case"])
    mappa = MappaReferralFactory(case=team["case"])
    with pytest.raises(PermissionDenied):
        REFERRAL_ACTIONS[Action.ACCEPTED](other, team)
    with pytest.raises(InvalidTransition):
        REFERRAL_ACTIONS[Action.RESPONDED](mappa, team)
    assert {Referral.objects.get(pk=r.pk).status for r in (other, mappa)} == {Status.SENT}


def test_the_mappa_units_decision_posted_again_cannot_accept_a_rejected_referral(team):
    """The bug: recording an acceptance on a rejected referral used another edge (rejected → accepted), raising
    the case to MAPPA level 2 past the line manager and the Head of Public Protection, with the escalation left
    open. Only a revised decision after the Head of Public Protection's dispute meeting may accept it."""
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=team["manager"])
    referral = escalation.referral
    before = snapshot(referral)
    with pytest.raises(InvalidTransition):
        REFERRAL_ACTIONS[Action.ACCEPTED](referral, team)
    assert snapshot(referral) == before
    assert before["status"] == Status.REJECTED and before["case MAPPA level"] is None
    assert Escalation.objects.get().status == Escalation.Status.OPEN


def test_a_repeated_decision_records_nothing_twice_but_a_different_one_is_refused(team):
    referral = MappaReferralFactory(case=team["case"])
    REFERRAL_ACTIONS[Action.REJECTED](referral, team)
    REFERRAL_ACTIONS[Action.REJECTED](referral, team)
    assert list(referral.events.values_list("action", flat=True)) == [Action.REJECTED]
    with pytest.raises(InvalidTransition):
        coordinators.decide_referral(
            referral, by=team["coordinator"], decision=Referral.Decision.REJECTED_NOT_MAPPA, reason="Not MAPPA."
        )


def test_an_action_is_not_taken_as_done_because_another_action_reached_its_state(team):
    """A referral accepted by a revised decision was never accepted first time: recording that is refused."""
    referral = RejectedMappaReferralFactory(case=team["case"], status=Status.ACCEPTED)
    with pytest.raises(InvalidTransition):
        REFERRAL_ACTIONS[Action.ACCEPTED](referral, team)


# Escalations --------------------------------------------------------------------------------------------------

ESCALATION_ACTIONS = {
    Action.MORE_INFORMATION_REQUESTED: lambda e, t: escalations.request_more_information(
        e, by=t["manager"], rationale="What did the police say?"
    ),
    Action.INFORMATION_PROVIDED: lambda e, t: escalations.provide_information(
        e, by=t["officer"], information="Driving while disqualified."
    ),
    Action.REJECTION_ACCEPTED: lambda e, t: escalations.accept_rejection(e, by=t["manager"], rationale="Agreed."),
    Action.ESCALATED_TO_HOPP: lambda e, t: escalations.escalate_to_head_of_public_protection(
        e, by=t["manager"], rationale="Disagree.", on=MONDAY
    ),
    Action.STEPPED_UP: lambda e, t: escalations.escalate_to_head_of_public_protection(
        e, by=None, rationale="Not acted on in time.", on=MONDAY
    ),
    Action.REJECTION_UPHELD: lambda e, t: escalations.uphold_rejection(e, by=t["head"], rationale="Level 1."),
    Action.DISPUTED: lambda e, t: disputes.record_dispute_meeting(
        e,
        by=t["head"],
        held_on=MONDAY,
        coordinator=t["coordinator"],
        attendees="Head of Public Protection; MAPPA co-ordinator",
        considered="The conflicting accounts.",
        rationale="Needs MAPPA.",
        on=MONDAY,
    ),
}

# A closed escalation's resolution other than the action's own (escalating by hand and the automatic step-up
# both count as "escalated"): closed by something else, so the action is refused rather than already done.
OTHER_RESOLUTION = {
    Level.LINE_MANAGER: {Resolution.REJECTION_ACCEPTED: Resolution.ESCALATED},
    Level.HEAD_OF_PUBLIC_PROTECTION: {Resolution.REJECTION_UPHELD: Resolution.DISPUTED},
}

REFUSED_ESCALATION_STEPS = [
    (action, state)
    for action, step in ESCALATION_TRANSITIONS.items()
    for state in Escalation.Status
    if state not in step.from_states
]


def _escalation_in(team, state, step):
    level = step.level or Level.LINE_MANAGER
    closed = state == Escalation.Status.CLOSED
    if level == Level.LINE_MANAGER:
        resolution = OTHER_RESOLUTION[level].get(step.resolution, Resolution.REJECTION_ACCEPTED)
    else:
        resolution = OTHER_RESOLUTION[level].get(step.resolution, Resolution.REJECTION_UPHELD)
    return EscalationFactory(
        referral__case=team["case"],
        level=level,
        assigned_to=team["manager"] if level == Level.LINE_MANAGER else team["head"],
        status=state,
        resolution=resolution if closed else "",
        resolved_at="2026-03-02T10:00Z" if closed else None,
    )


@pytest.mark.parametrize("action,state", REFUSED_ESCALATION_STEPS)
def test_an_escalation_action_outside_the_table_is_refused_and_changes_nothing(team, action, state):
    escalation = _escalation_in(team, state, ESCALATION_TRANSITIONS[action])
    before = snapshot(escalation.referral)
    with pytest.raises(InvalidTransition, match=InvalidTransition.MESSAGE):
        ESCALATION_ACTIONS[action](escalation, team)
    assert snapshot(escalation.referral) == before
    assert Escalation.objects.count() == 1


def test_every_escalation_action_in_the_table_can_be_taken_through_a_service():
    assert set(ESCALATION_ACTIONS) == set(ESCALATION_TRANSITIONS)


@pytest.mark.parametrize("action", [a for a, step in ESCALATION_TRANSITIONS.items() if step.level])
def test_an_escalation_action_for_the_other_level_is_refused(team, action):
    step = ESCALATION_TRANSITIONS[action]
    other_level = next(level for level in Level if level != step.level)
    escalation = EscalationFactory(referral__case=team["case"], level=other_level, assigned_to=team["head"])
    before = snapshot(escalation.referral)
    with pytest.raises(InvalidTransition):
        ESCALATION_ACTIONS[action](escalation, team)
    assert snapshot(escalation.referral) == before
