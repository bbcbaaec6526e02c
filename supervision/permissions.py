"""Who may see which cases: the one place that decides, as querysets every view and list starts from.

Responsible officers and line managers see their team's cases; a Head of Public Protection sees their
region's; an administrator sees no case data unless they also hold a case role. Limited-access
restrictions and exclusions will narrow `cases_visible_to` here, so every caller inherits them.
"""

from django.db.models import Q

from supervision import roles
from supervision.models import Case, StaffProfile


def _profile(user):
    try:
        return user.profile
    except StaffProfile.DoesNotExist:
        return None


def cases_visible_to(user):
    """Every case the user may open. A case outside this queryset is a 404 for them."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    profile = _profile(user)
    if profile is None:
        return Case.objects.none()
    scope = Q(pk__in=[])
    if roles.has_role(user, roles.RESPONSIBLE_OFFICER, roles.LINE_MANAGER) and profile.team_id:
        scope |= Q(team_id=profile.team_id)
    if roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION):
        region_id = profile.effective_region_id
        if region_id:
            scope |= Q(team__pdu__region_id=region_id)
    return Case.objects.filter(scope)


def may_use_case_pages(user) -> bool:
    return roles.has_role(user, *roles.CASE_ROLES)


def may_manage_team(user) -> bool:
    return roles.has_role(user, roles.LINE_MANAGER, roles.HEAD_OF_PUBLIC_PROTECTION)


def may_set_case_requirements(user) -> bool:
    """Line managers and Heads of Public Protection set (and end) a case-level contact requirement on the
    cases they can see; responsible officers cannot raise or lower their own contact level."""
    return roles.has_role(user, roles.LINE_MANAGER, roles.HEAD_OF_PUBLIC_PROTECTION)


def may_administer(user) -> bool:
    return user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR)


def officers_visible_to(user):
    """Responsible officers whose caseloads a manager may look at: their team's (a Head of Public
    Protection: their region's). Empty for anyone else."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    profile = _profile(user)
    if profile is None or not may_manage_team(user):
        return User.objects.none()
    scope = Q(pk__in=[])
    if roles.has_role(user, roles.LINE_MANAGER) and profile.team_id:
        scope |= Q(profile__team_id=profile.team_id)
    if roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION) and profile.effective_region_id:
        scope |= Q(profile__team__pdu__region_id=profile.effective_region_id)
    return (
        User.objects.filter(scope, is_active=True, groups__name=roles.RESPONSIBLE_OFFICER)
        .distinct()
        .order_by("last_name", "first_name")
    )
