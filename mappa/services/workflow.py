"""Taking a step in the referral and escalation workflows (the tables are in `mappa.models.workflow`).

Every status change goes through `move_referral` or `move_escalation`, which lock nothing themselves (callers
lock the row first), refuse an action whose step does not start from the current state, and write the history
row and the new state together.
"""

from django.utils import timezone

from caseworks.errors import InvalidTransition
from mappa.models import Escalation, Referral, ReferralEvent
from mappa.models.workflow import (
    ESCALATION_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    EscalationStep,
    Step,
)

# Referrals ---------------------------------------------------------------------------------------------------


def lock_referral(referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def record_event(referral, *, action, by, to_status=None, reason="", at=None) -> ReferralEvent:
    """A history row that does not change the referral's status (an endorsement, a chase, an escalation step)."""
    return ReferralEvent.objects.create(
        referral=referral,
        from_status=referral.status,
        to_status=to_status or referral.status,
        action=action,
        actor=by,
        reason=reason,
        happened_at=at or timezone.now(),
    )


def referral_step_taken(referral, action) -> bool:
    """This very action has already brought the (locked) referral where it is: a double click, a repeated post.
    A state reached through another action does not count."""
    step = REFERRAL_TRANSITIONS[action]
    return referral.status == step.to and referral.events.filter(action=action).exists()


def check_referral_step(referral, action) -> Step:
    """The action's step, or `InvalidTransition` when it does not start from the referral's current state."""
    step = REFERRAL_TRANSITIONS[action]
    if not step.starts_from(referral):
        raise InvalidTransition(referral.status, action)
    return step


def move_referral(referral, action, *, by, reason="", fields=(), recorded_as=None, at=None) -> ReferralEvent:
    """Take the action's step on a locked referral: its history row and its new status, together.

    `recorded_as` names the history row when the step is recorded as a different action (an endorsement is
    recorded as "Endorsed", then "Sent", which is the status change). `at`: when it happened (default now; the
    demo passes past moments).
    """
    step = check_referral_step(referral, action)
    event = record_event(referral, action=recorded_as or action, by=by, to_status=step.to, reason=reason, at=at)
    referral.status = step.to
    referral._history_user = by
    referral.save(update_fields=["status", "updated_at", *fields])
    return event


# Escalations -------------------------------------------------------------------------------------------------


def lock_escalation(escalation) -> Escalation:
    return Escalation.objects.select_for_update().select_related("referral__case").get(pk=escalation.pk)


def escalation_step_taken(escalation, action) -> bool:
    """This very action has already brought the (locked) escalation where it is.

    A closing step is known by its resolution; asking for and giving more information by their history rows
    since the escalation was opened.
    """
    step = ESCALATION_TRANSITIONS[action]
    if escalation.status != step.to:
        return False
    if step.resolution:
        return escalation.resolution == step.resolution
    return escalation.referral.events.filter(action=action, happened_at__gte=escalation.created_at).exists()


def check_escalation_step(escalation, action) -> EscalationStep:
    step = ESCALATION_TRANSITIONS[action]
    if not step.starts_from(escalation):
        raise InvalidTransition(escalation.status, action)
    return step


def move_escalation(escalation, action, *, by, rationale="", now=None) -> EscalationStep:
    """Take the action's step on a locked escalation; a closing step records who resolved it, when and why.
    The caller writes the referral's history row in the same transaction."""
    step = check_escalation_step(escalation, action)
    escalation.status = step.to
    fields = ["status", "updated_at"]
    if step.resolution:
        escalation.resolution = step.resolution
        escalation.rationale = rationale
        escalation.resolved_by = by
        escalation.resolved_at = now or timezone.now()
        fields += ["resolution", "rationale", "resolved_by", "resolved_at"]
    escalation._history_user = by
    escalation.save(update_fields=fields)
    return step
