"""Intake and allocation (`teams_for_intake`, `may_allocate`, `may_transfer`): cases are opened by line managers,
for any team in their Probation Delivery Unit, and by Heads of Public Protection, for any team in their region.
A new case waits in its team's allocation queue, which that team's line managers (and the region's Head of
Public Protection) work: they allocate it to an officer of the team, and they transfer a case to another
officer, or to another team within the same reach (a line manager: their PDU; a Head of Public Protection:
their region). Responsible officers do not choose their own caseload; administrators and auditors read no
case records, so they open, allocate and transfer nothing. While a case waits for an officer, its team's
line managers are the ones who work on it.

Line managers and Heads of Public Protection also lead: their dashboards, allocation queues and recall queues
ask `_leads_a_team_or_region`.
"""

from django.db.models import Q

from supervision import roles
from supervision.models import Team
from supervision.permissions import _hopp_region_id, _profile, heads_region_of, is_visible, manages_team


def teams_for_intake(user):
    """Teams the user may open a case for, and transfer a case to: a line manager's PDU, a Head of Public
    Protection's region. Nobody else's (an empty queryset)."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    profile = _profile(user)
    if profile is None:
        return Team.objects.none()
    scope = Q(pk__in=[])
    if roles.has_role(user, roles.LINE_MANAGER) and profile.team_id:
        scope |= Q(pdu_id=profile.team.pdu_id)
    region_id = _hopp_region_id(user)
    if region_id:
        scope |= Q(pdu__region_id=region_id)
    return Team.objects.filter(scope).select_related("pdu").order_by("pdu__name", "name")


def _leads_a_team_or_region(user) -> bool:
    """A line manager placed in a team, or a Head of Public Protection with a region (no query beyond the
    profile: the navigation asks on every page)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not roles.has_role(user, roles.LINE_MANAGER, roles.HEAD_OF_PUBLIC_PROTECTION):
        return False
    profile = _profile(user)
    if profile is None:
        return False
    return bool(roles.has_role(user, roles.LINE_MANAGER) and profile.team_id) or _hopp_region_id(user) is not None


def may_see_team_dashboard(user) -> bool:
    """The line manager's dashboard (supervision/dashboards): line managers for their team, Heads of Public
    Protection for their region. Officers, administrators and auditors are refused."""
    return _leads_a_team_or_region(user)


def may_open_cases(user) -> bool:
    return _leads_a_team_or_region(user)


def teams_allocated_by(user):
    """Teams whose allocation queue the user works: a line manager's own team, a Head of Public Protection's
    region."""
    profile = _profile(user)
    if profile is None or not user.is_active:
        return Team.objects.none()
    scope = Q(pk__in=[])
    if roles.has_role(user, roles.LINE_MANAGER) and profile.team_id:
        scope |= Q(pk=profile.team_id)
    region_id = _hopp_region_id(user)
    if region_id:
        scope |= Q(pdu__region_id=region_id)
    return Team.objects.filter(scope)


def may_see_allocation_queue(user) -> bool:
    return _leads_a_team_or_region(user)


def _manages_case_team(user, case) -> bool:
    return manages_team(user, case.team_id) or heads_region_of(user, case)


def may_allocate(user, case) -> bool:
    """A case waiting in its team's queue: that team's line managers and the region's Head of Public Protection."""
    return case.responsible_officer_id is None and _manages_case_team(user, case) and is_visible(user, case)


def may_transfer(user, case) -> bool:
    """Its team's line managers and the region's Head of Public Protection (a case still in the queue can be
    moved to another team's queue, e.g. one opened for the wrong team)."""
    return _manages_case_team(user, case) and is_visible(user, case)
