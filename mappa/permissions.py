"""Who may do what with referrals, escalations and meetings. Scope always starts from cases_visible_to.

`referral_steps_for` and `escalation_steps_for` answer "which steps may this user take on this record now":
the user's role and relationship to the record, combined with the workflow's transition tables, so a page
offers exactly the steps its services will accept.
"""

from mappa.models import Escalation, MappaMeeting, Referral, ReferralEvent
from mappa.models.workflow import ESCALATION_TRANSITIONS, REFERRAL_TRANSITIONS
from supervision import roles
from supervision.permissions import cases_visible_to, heads_region_of, is_visible, manages

Action = ReferralEvent.Action


def referrals_visible_to(user):
    return Referral.objects.filter(case__in=cases_visible_to(user))


def escalations_visible_to(user):
    return Escalation.objects.filter(referral__case__in=cases_visible_to(user))


def meetings_visible_to(user):
    return MappaMeeting.objects.filter(case__in=cases_visible_to(user))


def may_work_referrals(user) -> bool:
    """Make referrals and record agencies' replies: the officer, or a line manager on their behalf."""
    return roles.has_role(user, roles.RESPONSIBLE_OFFICER, roles.LINE_MANAGER)


def may_endorse(user, referral) -> bool:
    """A line manager (or the Head of Public Protection, who covers when no line manager can), and never the
    officer who made the referral."""
    return (
        roles.has_role(user, roles.LINE_MANAGER, roles.HEAD_OF_PUBLIC_PROTECTION) and referral.created_by_id != user.pk
    )


def may_act_on(user, escalation) -> bool:
    """Only the manager the escalation is assigned to, in the role its level needs (a Head of Public Protection
    may hold a line manager's escalation when routing found no line manager to cover)."""
    if escalation.level == Escalation.Level.LINE_MANAGER:
        needed = (roles.LINE_MANAGER, roles.HEAD_OF_PUBLIC_PROTECTION)
    else:
        needed = (roles.HEAD_OF_PUBLIC_PROTECTION,)
    return escalation.assigned_to_id == user.pk and roles.has_role(user, *needed)


def may_answer_for(user, escalation) -> bool:
    """The responsible officer answers the manager's request for more information."""
    return escalation.referral.case.responsible_officer_id == user.pk


def may_withdraw(user, referral) -> bool:
    """The officer who made the referral, or their line manager (or that manager's deputy); never another officer
    in the team. The Head of Public Protection decides escalations, not whether an officer's referral stands."""
    if not is_visible(user, referral.case) or not may_work_referrals(user):
        return False
    return referral.created_by_id == user.pk or manages(user, referral.created_by_id)


def may_mark_action_done(user, action) -> bool:
    """An action's owner; or, on the owner's behalf (the page shows both names), the case's responsible officer,
    their line manager (or that manager's deputy) or the region's Head of Public Protection. Another officer in
    the team may not: an action owned by the police or children's social care is theirs to report."""
    case = action.meeting.case
    if not is_visible(user, case) or not roles.has_role(user, *roles.CASE_ROLES):
        return False
    if user.pk in (action.owner_user_id, case.responsible_officer_id):
        return True
    return manages(user, case.responsible_officer_id) or heads_region_of(user, case)


def may_record_meetings(user) -> bool:
    return roles.has_role(user, *roles.CASE_ROLES)


def has_escalation_queue(user) -> bool:
    return roles.has_role(user, roles.LINE_MANAGER)


def has_hopp_queue(user) -> bool:
    return roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION)


def may_take_referral_step(user, referral, action) -> bool:
    """Whether the user's role lets them take this step on this referral at all, whatever its state.
    Overturning belongs to the escalation, not the referral page."""
    if action in (Action.ENDORSED, Action.RETURNED):
        return may_endorse(user, referral)
    if action == Action.OVERTURNED:
        return False
    if action == Action.WITHDRAWN:
        return may_withdraw(user, referral)
    return may_work_referrals(user)


def referral_steps_for(user, referral) -> list[str]:
    """The actions (ReferralEvent.Action values) the user may take on the referral now."""
    return [
        action
        for action, step in REFERRAL_TRANSITIONS.items()
        if step.starts_from(referral) and may_take_referral_step(user, referral, action)
    ]


def may_take_escalation_step(user, escalation, action) -> bool:
    """Whether the user's role lets them take this step on this escalation at all, whatever its state. The
    officer answers a request for more information; the step-up is Caseworks's own, never a person's."""
    if action == Action.INFORMATION_PROVIDED:
        return may_answer_for(user, escalation)
    if action == Action.STEPPED_UP:
        return False
    return may_act_on(user, escalation)


def escalation_steps_for(user, escalation) -> list[str]:
    """The actions (ReferralEvent.Action values) the user may take on the escalation now."""
    return [
        action
        for action, step in ESCALATION_TRANSITIONS.items()
        if step.starts_from(escalation) and may_take_escalation_step(user, escalation, action)
    ]
