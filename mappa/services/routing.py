"""Who receives an escalation: the officer's line manager, or their cover; the region's Head of Public Protection."""

import contextlib
from datetime import date

from django.contrib.auth.models import User

from supervision import roles
from supervision.models import StaffProfile
from supervision.permissions import cases_visible_to


def _is_available(user, day: date) -> bool:
    if user is None or not user.is_active:
        return False
    try:
        return not user.profile.is_absent_on(day)
    except StaffProfile.DoesNotExist:
        return False


def _can_see(user, case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def line_manager_for(case, *, on: date):
    """The manager who should act on this case's escalation on `on`.

    The responsible officer's line manager; if they are absent that day or no longer active, their named
    deputy; failing that, another line manager of the officer's team (alphabetically, so the choice is
    stable). Everyone chosen must be able to see the case. None if nobody is available.
    """
    officer = case.responsible_officer
    profile = StaffProfile.objects.select_related("line_manager__profile__deputy__profile").filter(user=officer).first()
    manager = profile.line_manager if profile else None
    candidates = []
    if manager is not None:
        candidates.append(manager)
        with contextlib.suppress(StaffProfile.DoesNotExist):
            candidates.append(manager.profile.deputy)
    team_id = profile.team_id if profile else case.team_id
    candidates += list(
        User.objects.filter(is_active=True, groups__name=roles.LINE_MANAGER, profile__team_id=team_id or case.team_id)
        .exclude(pk=officer.pk)
        .select_related("profile")
        .order_by("last_name", "first_name", "pk")
    )
    for candidate in candidates:
        if (
            candidate is not None
            and roles.has_role(candidate, roles.LINE_MANAGER)
            and _is_available(candidate, on)
            and _can_see(candidate, case)
        ):
            return candidate
    return None


def head_of_public_protection_for(case, *, on: date):
    """The Head of Public Protection for the case's region, or their deputy while they are absent."""
    region_id = case.team.pdu.region_id
    heads = (
        User.objects.filter(is_active=True, groups__name=roles.HEAD_OF_PUBLIC_PROTECTION, profile__region_id=region_id)
        .select_related("profile__deputy__profile")
        .order_by("last_name", "first_name", "pk")
    )
    candidates = []
    for head in heads:
        candidates += [head, head.profile.deputy]
    for candidate in candidates:
        if candidate is not None and _is_available(candidate, on) and _can_see(candidate, case):
            return candidate
    return None
