"""Management oversight and the "keeping people safe" case review (supervision/services/oversight.py,
case_reviews.py): a manager's look at someone else's work, never at their own case."""

from django.db.models import Q

from supervision import roles
from supervision.models import Case
from supervision.permissions import (
    _decides_for_case,
    _hopp_region_id,
    _profile,
    cases_visible_to,
    may_manage_team,
    works_on_case,
)
from supervision.permissions.intake import _manages_case_team


def may_record_oversight(user, case) -> bool:
    """Oversight is a manager's look at someone else's work: the officer's line manager (or their cover) and the
    region's Head of Public Protection; while the case waits for an officer, its team's line managers. Never the
    case's own officer, whatever other role they hold: no one oversees their own case. The same people review
    a case against "keeping people safe". For a case already fetched through `cases_visible_to`."""
    if case.responsible_officer_id == user.pk:
        return False
    return _manages_case_team(user, case) if case.responsible_officer_id is None else _decides_for_case(user, case)


def may_complete_oversight_action(user, case) -> bool:
    """An action from oversight is the officer's to do; their manager may mark it done on their behalf."""
    return works_on_case(user, case)


def team_review_cases(user):
    """The cases whose latest reviews a manager compares across their team: a line manager's team, a Head of
    Public Protection's region, limited access applied. Empty for anyone else."""
    profile = _profile(user)
    if profile is None or not may_manage_team(user):
        return Case.objects.none()
    scope = Q(pk__in=[])
    if roles.has_role(user, roles.LINE_MANAGER) and profile.team_id:
        scope |= Q(team_id=profile.team_id)
    region_id = _hopp_region_id(user)
    if region_id:
        scope |= Q(team__pdu__region_id=region_id)
    return cases_visible_to(user).filter(scope)
