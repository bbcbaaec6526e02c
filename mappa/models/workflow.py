"""The referral and escalation workflows as data: for each action, the states it may be taken from and the
state it leads to. Services take steps through `mappa.services.workflow`; permissions read the same tables to
offer only the steps that can be taken now.

The tables are keyed by action, not by state, so an action can only ever use its own edge: the MAPPA
co-ordinator's acceptance cannot reach "accepted" from "rejected"; only a revised decision after the Head of
Public Protection's dispute meeting has that edge.
"""

from dataclasses import dataclass

from mappa.models.escalations import Escalation
from mappa.models.referrals import Referral, ReferralEvent

Status = Referral.Status
Action = ReferralEvent.Action
EscalationStatus = Escalation.Status
Resolution = Escalation.Resolution
Level = Escalation.Level


@dataclass(frozen=True)
class Step:
    """One edge of the referral workflow. `for_mappa`: True for MAPPA referrals only, False for other
    agencies' referrals only, None for both."""

    from_states: frozenset
    to: str
    for_mappa: bool | None = None

    def starts_from(self, referral) -> bool:
        kind_fits = self.for_mappa is None or self.for_mappa == referral.is_mappa
        return kind_fits and referral.status in self.from_states


@dataclass(frozen=True)
class EscalationStep:
    """One edge of the escalation workflow. A step with a level is only for escalations at that level; a step
    that closes the escalation says how it was resolved."""

    from_states: frozenset
    to: str
    level: str | None = None
    resolution: str = ""

    def starts_from(self, escalation) -> bool:
        return (self.level is None or escalation.level == self.level) and escalation.status in self.from_states


# Waiting for the agency to answer (a late answer is chased); a MAPPA referral may also be waiting for the
# officer to give the co-ordinator more information, and the co-ordinator may decide at any of these points.
UNANSWERED = frozenset({Status.SENT, Status.ACKNOWLEDGED})
UNDECIDED = frozenset({*UNANSWERED, Status.AWAITING_INFORMATION})
UNRESOLVED = frozenset({EscalationStatus.OPEN, EscalationStatus.MORE_INFORMATION})

REFERRAL_TRANSITIONS = {
    Action.SUBMITTED_FOR_ENDORSEMENT: Step(frozenset({Status.DRAFT}), Status.AWAITING_ENDORSEMENT, for_mappa=True),
    Action.RETURNED: Step(frozenset({Status.AWAITING_ENDORSEMENT}), Status.DRAFT, for_mappa=True),
    # Endorsing sends the referral: the line manager's endorsement is the only way a MAPPA referral is sent.
    Action.ENDORSED: Step(frozenset({Status.AWAITING_ENDORSEMENT}), Status.SENT, for_mappa=True),
    Action.SENT: Step(frozenset({Status.DRAFT}), Status.SENT, for_mappa=False),
    # A MAPPA referral's acknowledgement is the co-ordinator's; any other agency's is recorded by the officer.
    Action.ACKNOWLEDGED: Step(frozenset({Status.SENT}), Status.ACKNOWLEDGED),
    # The co-ordinator asks the officer for more; the officer's answer returns the referral to the co-ordinator.
    Action.COORDINATOR_ASKED: Step(UNANSWERED, Status.AWAITING_INFORMATION, for_mappa=True),
    Action.COORDINATOR_ANSWERED: Step(frozenset({Status.AWAITING_INFORMATION}), Status.ACKNOWLEDGED, for_mappa=True),
    Action.RESPONDED: Step(UNANSWERED, Status.RESPONDED, for_mappa=False),
    # The MAPPA co-ordinator's decision; never the officer's.
    Action.ACCEPTED: Step(UNDECIDED, Status.ACCEPTED, for_mappa=True),
    Action.REJECTED: Step(UNDECIDED, Status.REJECTED, for_mappa=True),
    # The only way from a rejection to an acceptance: the Head of Public Protection disputes it at a meeting
    # with the co-ordinator, and the co-ordinator's revised decision (either way) is what stands.
    Action.DISPUTED: Step(frozenset({Status.REJECTED}), Status.UNDER_REVIEW, for_mappa=True),
    Action.REVISED_ACCEPTED: Step(frozenset({Status.UNDER_REVIEW}), Status.ACCEPTED, for_mappa=True),
    Action.REVISED_REJECTED: Step(frozenset({Status.UNDER_REVIEW}), Status.REJECTED, for_mappa=True),
    Action.WITHDRAWN: Step(frozenset({Status.DRAFT, Status.AWAITING_ENDORSEMENT, *UNDECIDED}), Status.WITHDRAWN),
}

ESCALATION_TRANSITIONS = {
    Action.MORE_INFORMATION_REQUESTED: EscalationStep(
        frozenset({EscalationStatus.OPEN}), EscalationStatus.MORE_INFORMATION
    ),
    Action.INFORMATION_PROVIDED: EscalationStep(frozenset({EscalationStatus.MORE_INFORMATION}), EscalationStatus.OPEN),
    Action.REJECTION_ACCEPTED: EscalationStep(
        UNRESOLVED, EscalationStatus.CLOSED, Level.LINE_MANAGER, Resolution.REJECTION_ACCEPTED
    ),
    Action.ESCALATED_TO_HOPP: EscalationStep(
        UNRESOLVED, EscalationStatus.CLOSED, Level.LINE_MANAGER, Resolution.ESCALATED
    ),
    # The automatic step-up of a line manager's escalation not acted on by its due date.
    Action.STEPPED_UP: EscalationStep(UNRESOLVED, EscalationStatus.CLOSED, Level.LINE_MANAGER, Resolution.STEPPED_UP),
    Action.REJECTION_UPHELD: EscalationStep(
        UNRESOLVED, EscalationStatus.CLOSED, Level.HEAD_OF_PUBLIC_PROTECTION, Resolution.REJECTION_UPHELD
    ),
    # The Head of Public Protection has met the co-ordinator to dispute the rejection (mappa.services.disputes).
    Action.DISPUTED: EscalationStep(
        UNRESOLVED, EscalationStatus.CLOSED, Level.HEAD_OF_PUBLIC_PROTECTION, Resolution.DISPUTED
    ),
}
