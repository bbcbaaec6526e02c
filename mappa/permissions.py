"""Who may do what with referrals, escalations and meetings. Scope always starts from cases_visible_to.

`referral_steps_for` and `escalation_steps_for` answer "which steps may this user take on this record now":
the user's role and relationship to the record, combined with the workflow's transition tables, so a page
offers exactly the steps its services will accept.
"""

from django.db.models import Q

from mappa.models import Escalation, MappaCoordinator, MappaMeeting, Referral, ReferralEvent
from mappa.models.workflow import ESCALATION_TRANSITIONS, REFERRAL_TRANSITIONS
from supervision import roles
from supervision.permissions import (
    _hopp_region_id,
    cases_visible_to,
    heads_region_of,
    is_visible,
    manages,
    refused_by_access_limits,
)

Action = ReferralEvent.Action
Status = Referral.Status

# The MAPPA co-ordinator's steps on a referral: the unit's acknowledgement, questions and decisions.
COORDINATOR_ACTIONS = frozenset(
    {
        Action.COORDINATOR_ASKED,
        Action.ACCEPTED,
        Action.REJECTED,
        Action.REVISED_ACCEPTED,
        Action.REVISED_REJECTED,
    }
)
# What the co-ordinator's queue holds: sent to the unit and waiting for a decision (or a revised one).
WITH_THE_COORDINATOR = (Status.SENT, Status.ACKNOWLEDGED, Status.AWAITING_INFORMATION, Status.UNDER_REVIEW)


def referrals_visible_to(user):
    return Referral.objects.filter(case__in=cases_visible_to(user))


def escalations_visible_to(user):
    return Escalation.objects.filter(referral__case__in=cases_visible_to(user))


def meetings_visible_to(user):
    return MappaMeeting.objects.filter(case__in=cases_visible_to(user))


def coordinator_profile(user) -> MappaCoordinator | None:
    """The user's MAPPA co-ordinator seat (their PDU or region), if they hold the role and have one."""
    if not roles.has_role(user, roles.MAPPA_COORDINATOR):
        return None
    cached = getattr(user, "_mappa_coordinator", None)
    if cached is None:
        cached = MappaCoordinator.objects.filter(user=user).select_related("pdu", "region").first()
        if cached is not None:
            user._mappa_coordinator = cached  # for the request; a missing seat is asked again
    return cached


def is_mappa_coordinator(user) -> bool:
    return user.is_authenticated and user.is_active and coordinator_profile(user) is not None


def _referrals_in_coordinator_area(user):
    """Every MAPPA referral on a case in the co-ordinator's area (PDU or region) that limited access does not
    refuse them, whatever its state. Empty for anyone without the role and a seat."""
    if not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    seat = coordinator_profile(user)
    if seat is None:
        return Referral.objects.none()
    area = Q(case__team__pdu_id=seat.pdu_id) if seat.pdu_id else Q(case__team__pdu__region_id=seat.region_id)
    return Referral.objects.mappa().filter(area).exclude(case_id__in=refused_by_access_limits(user))


def referrals_for_coordinator(user):
    """The MAPPA referrals sent to the unit for the co-ordinator's area, limited access applied: what their pages
    may show. Drafts and referrals waiting for endorsement are the officer's and the line manager's, not yet the
    unit's."""
    return (
        _referrals_in_coordinator_area(user)
        .filter(sent_on__isnull=False)
        .exclude(status__in=[Status.DRAFT, Status.AWAITING_ENDORSEMENT])
    )


def coordinator_queue(user):
    """The co-ordinator's queue: referrals waiting for them, oldest first (by the day sent), in one query."""
    return (
        referrals_for_coordinator(user)
        .filter(status__in=WITH_THE_COORDINATOR)
        .select_related("case__team__pdu", "created_by")
        .order_by("sent_on", "created_at", "pk")
    )


def coordinates(user, referral) -> bool:
    """Whether the user is a MAPPA co-ordinator for the referral's area, open to them: the unit's steps are
    theirs (whether a step can be taken now is the workflow's question, not this one)."""
    return _referrals_in_coordinator_area(user).filter(pk=referral.pk).exists()


def coordinator_may_see_case(user, case) -> bool:
    """For routing: a co-ordinator may be told about a case in their area that limited access does not refuse."""
    seat = coordinator_profile(user)
    if seat is None:
        return False
    in_area = case.team.pdu_id == seat.pdu_id if seat.pdu_id else case.team.pdu.region_id == seat.region_id
    return in_area and not refused_by_access_limits(user).filter(case_id=case.pk).exists()


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


def region_headed_by(user):
    """The id of the region the user leads as its Head of Public Protection; None for anyone else (a Head of
    Public Protection with no region set leads nothing)."""
    if not user.is_authenticated or not user.is_active:
        return None
    return _hopp_region_id(user)


def may_see_region_dashboard(user) -> bool:
    """The region dashboard is the Head of Public Protection's alone: line managers have their team's, and
    officers, administrators, auditors and MAPPA co-ordinators have none."""
    return region_headed_by(user) is not None


def may_take_referral_step(user, referral, action) -> bool:
    """Whether the user's role lets them take this step on this referral at all, whatever its state.

    The MAPPA unit's steps (acknowledging a MAPPA referral, asking for more, deciding, revising) are the area's
    MAPPA co-ordinator's alone: never the officer's, who has an interest in the outcome, nor a manager's. A
    dispute belongs to the Head of Public Protection's escalation, not the referral page."""
    if action in (Action.ENDORSED, Action.RETURNED):
        return may_endorse(user, referral)
    if action in COORDINATOR_ACTIONS or (action == Action.ACKNOWLEDGED and referral.is_mappa):
        return coordinates(user, referral)
    if action == Action.DISPUTED:
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
