"""Who may do what with referrals, escalations and meetings. Scope always starts from cases_visible_to."""

from mappa.models import Escalation, MappaMeeting, Referral
from supervision import roles
from supervision.permissions import cases_visible_to


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
    """A line manager, and never the officer who made the referral."""
    return roles.has_role(user, roles.LINE_MANAGER) and referral.created_by_id != user.pk


def may_act_on(user, escalation) -> bool:
    """Only the manager the escalation is assigned to, in the role its level needs."""
    role = roles.LINE_MANAGER if escalation.level == Escalation.Level.LINE_MANAGER else roles.HEAD_OF_PUBLIC_PROTECTION
    return escalation.assigned_to_id == user.pk and roles.has_role(user, role)


def may_answer_for(user, escalation) -> bool:
    """The responsible officer answers the manager's request for more information."""
    return escalation.referral.case.responsible_officer_id == user.pk


def may_record_meetings(user) -> bool:
    return roles.has_role(user, *roles.CASE_ROLES)


def has_escalation_queue(user) -> bool:
    return roles.has_role(user, roles.LINE_MANAGER)


def has_hopp_queue(user) -> bool:
    return roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION)
