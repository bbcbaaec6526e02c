"""The access policy: the one place that decides who may see and do what, deny by default.

"Which cases may this user see" is `cases_visible_to` (a queryset every view, list, notification and e-mail
starts from): responsible officers and line managers see their team's cases; a Head of Public Protection
sees their region's; an administrator sees no case data unless they also hold a case role. Limited-access
cases narrow it in SQL: an exclusion hides the case from the staff it lists, a restriction from everyone it
does not list (except the region's Head of Public Protection, who sets the limits and must see them).

"May this user do this to this case" is `may_work_on_case` (the case's own work: the responsible officer,
their line manager and that manager's deputy, the region's Head of Public Protection),
`may_see_sensitive_contacts` and `may_limit_access`. mappa/permissions.py builds its answers on these.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from supervision import roles
from supervision.models import Case, CaseAccessLimit, StaffProfile

Kind = CaseAccessLimit.Kind
ACCESS_RESTRICTED = "Access restricted"


class AccessLimited(PermissionDenied):
    """The user may see the case's team or region but the case's limited access refuses them. Carries the
    message set on the limit, the only thing about the case a refused user is shown."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _profile(user):
    try:
        return user.profile
    except StaffProfile.DoesNotExist:
        return None


def _hopp_region_id(user):
    profile = _profile(user)
    if profile is None or not roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION):
        return None
    return profile.effective_region_id


def cases_in_scope_of(user):
    """The cases of the user's team (or region) before limited access narrows them. Only for telling a refused
    user why (a 403 with the limit's message rather than a 404); never for showing a case."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    profile = _profile(user)
    if profile is None:
        return Case.objects.none()
    scope = Q(pk__in=[])
    if roles.has_role(user, roles.RESPONSIBLE_OFFICER, roles.LINE_MANAGER) and profile.team_id:
        scope |= Q(team_id=profile.team_id)
    region_id = _hopp_region_id(user)
    if region_id:
        scope |= Q(team__pdu__region_id=region_id)
    return Case.objects.filter(scope)


def _limits_refusing(user):
    """The access limits that refuse the user, as a queryset (used as a subquery)."""
    # One subquery of the limits listing the user, not a join on the staff: with a join, a restriction listing
    # two people would also match its row for the other person and refuse someone it lists.
    listing_user = CaseAccessLimit.staff.through.objects.filter(user_id=user.pk).values("caseaccesslimit_id")
    excluded = Q(kind=Kind.EXCLUSION, pk__in=listing_user)
    not_listed = Q(kind=Kind.RESTRICTION) & ~Q(pk__in=listing_user)
    refusing = CaseAccessLimit.objects.filter(excluded | not_listed)
    region_id = _hopp_region_id(user)
    if region_id:
        # The region's Head of Public Protection sets the restrictions, so one never hides a case from them;
        # an exclusion naming them still does.
        refusing = refusing.exclude(Q(kind=Kind.RESTRICTION) & Q(case__team__pdu__region_id=region_id))
    return refusing


def cases_visible_to(user):
    """Every case the user may open, limited access applied. A case outside this queryset is refused."""
    return cases_in_scope_of(user).exclude(pk__in=_limits_refusing(user).values("case_id"))


def refused_by_access_limits(user):
    """The cases whose limited access refuses the user, as a queryset of case ids (for a subquery). For scopes
    other apps define outside `cases_visible_to` (a MAPPA co-ordinator's referrals): the same limits apply."""
    return _limits_refusing(user).values("case_id")


def case_for(user, crn: str):
    """The case with this CRN if the user may open it. Raises `AccessLimited` (the limit's message, for a 403)
    when the case is in the user's team or region but its limited access refuses them; `Case.DoesNotExist`
    otherwise, so a case outside the user's scope is indistinguishable from one that does not exist."""
    crn = crn.upper()
    try:
        return cases_visible_to(user).select_related("responsible_officer", "team").get(crn=crn)
    except Case.DoesNotExist:
        refusal = _limits_refusing(user).filter(case__in=cases_in_scope_of(user).filter(crn=crn)).first()
        if refusal is None:
            raise
        raise AccessLimited(refusal.message) from None


def is_visible(user, case) -> bool:
    return case is not None and cases_visible_to(user).filter(pk=case.pk).exists()


def manages(user, officer_id, *, with_cover: bool = True) -> bool:
    """Whether the user is the officer's line manager (or, with cover, that manager's deputy)."""
    if officer_id is None or not roles.has_role(user, roles.LINE_MANAGER, roles.HEAD_OF_PUBLIC_PROTECTION):
        return False
    profile = StaffProfile.objects.filter(user_id=officer_id).select_related("line_manager__profile").first()
    if profile is None or profile.line_manager_id is None:
        return False
    if profile.line_manager_id == user.pk:
        return True
    deputy_id = getattr(_profile(profile.line_manager), "deputy_id", None)
    return with_cover and deputy_id == user.pk


def heads_region_of(user, case) -> bool:
    region_id = _hopp_region_id(user)
    return region_id is not None and case.team.pdu.region_id == region_id


def manages_team(user, team_id) -> bool:
    """Whether the user is a line manager of that team."""
    profile = _profile(user)
    return (
        profile is not None
        and team_id is not None
        and profile.team_id == team_id
        and roles.has_role(user, roles.LINE_MANAGER)
    )


def works_on_case(user, case) -> bool:
    """The case's own work: its responsible officer, their line manager (or that manager's deputy), the
    region's Head of Public Protection; while the case waits for an officer, its team's line managers. For a
    case already fetched through `cases_visible_to`."""
    if case.responsible_officer_id is None:
        return manages_team(user, case.team_id) or heads_region_of(user, case)
    if case.responsible_officer_id == user.pk and roles.has_role(user, *roles.CASE_ROLES):
        return True
    return manages(user, case.responsible_officer_id) or heads_region_of(user, case)


def may_work_on_case(user, case) -> bool:
    return is_visible(user, case) and works_on_case(user, case)


def may_manage_programmes(user, case) -> bool:
    """Enrolling the case on a programme, booking its sessions and recording its start and end: the case's
    own work (responsible officer, line manager or cover, Head of Public Protection). For a case already
    fetched through `cases_visible_to`."""
    return works_on_case(user, case)


def may_cancel_appointment(user, case) -> bool:
    """Calling off a booked appointment: whoever may record its outcome, the case's own work. For a case already
    fetched through `cases_visible_to`."""
    return works_on_case(user, case)


def may_record_finding(user, case) -> bool:
    """A first finding on an allegation of breach is the responsible officer's decision: they weighed the
    accounts. For a case already fetched through `cases_visible_to`."""
    return case.responsible_officer_id == user.pk and roles.has_role(user, *roles.CASE_ROLES)


def may_revisit_finding(user, case) -> bool:
    """A finding can be revisited (with a reason) by the officer who holds the case, their line manager (or that
    manager's cover) and the region's Head of Public Protection: management oversight of the decision."""
    return works_on_case(user, case)


def may_see_sensitive_contacts(user, case) -> bool:
    """A sensitive contact's notes: the responsible officer, their line manager and the region's Head of Public
    Protection only. Anyone else who can see the case sees that one exists and whom to ask."""
    if case.responsible_officer_id is None:
        return manages_team(user, case.team_id) or heads_region_of(user, case)
    if case.responsible_officer_id == user.pk:
        return True
    return manages(user, case.responsible_officer_id, with_cover=False) or heads_region_of(user, case)


def may_limit_access(user, case) -> bool:
    """Restrictions and exclusions are set by the Head of Public Protection for the case's region."""
    return heads_region_of(user, case) and is_visible(user, case)


# Changes to a case (supervision/services/case_changes.py, closure.py): one question per action. The case's own
# people record what they learn (a move, a RoSH reassessment, a licence variation); the case's line manager (or
# their cover) and the region's Head of Public Protection decide its tier, MAPPA, supervision dates and closure.
# Each is asked of a case already fetched through `cases_visible_to`.


def _decides_for_case(user, case) -> bool:
    return manages(user, case.responsible_officer_id) or heads_region_of(user, case)


def may_change_address(user, case) -> bool:
    return works_on_case(user, case)


def may_reassess_rosh(user, case) -> bool:
    return works_on_case(user, case)


def may_record_licence_variation(user, case) -> bool:
    return works_on_case(user, case)


def may_change_tier(user, case) -> bool:
    return _decides_for_case(user, case)


def may_correct_mappa(user, case) -> bool:
    """MAPPA level is normally set by the MAPPA decision; a manager may correct category and level, with a reason."""
    return _decides_for_case(user, case)


def may_change_supervision(user, case) -> bool:
    return _decides_for_case(user, case)


def may_close_case(user, case) -> bool:
    return _decides_for_case(user, case)


def may_reopen_case(user, case) -> bool:
    return _decides_for_case(user, case)


def cases_in_oversight_of(user):
    """The cases whose outstanding work a user's lists cover (enforcement decisions outstanding): a line manager's
    team's and a Head of Public Protection's region's (as `cases_visible_to`), a responsible officer's own."""
    visible = cases_visible_to(user)
    if roles.has_role(user, roles.LINE_MANAGER, roles.HEAD_OF_PUBLIC_PROTECTION):
        return visible
    return visible.filter(responsible_officer_id=user.pk)


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


def notifications_still_available(user, notifications) -> set[int]:
    """Of these notifications, the ids the user may still read: each case checked against the policy now, not
    when the notification was made (the case may have moved team, or had its access limited, since)."""
    case_ids = {n.case_id for n in notifications if n.case_id is not None}
    visible = set(cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    return {n.pk for n in notifications if n.case_id is None or n.case_id in visible}


def available_notifications_q(user) -> Q:
    """The same check as a filter, for counts: no case, or a case the user may see now."""
    return Q(case__isnull=True) | Q(case__in=cases_visible_to(user))


def staff_who_may_be_listed(case):
    """Staff a limit on this case may list: active members of staff with a case role in the case's region."""
    from django.contrib.auth import get_user_model

    region_id = case.team.pdu.region_id
    return (
        get_user_model()
        .objects.filter(Q(profile__team__pdu__region_id=region_id) | Q(profile__region_id=region_id))
        .filter(is_active=True, groups__name__in=roles.CASE_ROLES)
        .distinct()
        .order_by("last_name", "first_name")
    )


# The rules of later workflows live in their own modules, re-exported here so every caller asks
# `permissions.may_…`. Imported last: they build on the answers above.
from supervision.permissions.enforcement import (  # noqa: E402
    may_confirm_recall,
    may_countersign_recall,
    may_endorse_recall,
    may_record_enforcement_decision,
    may_see_recall_queue,
    may_withdraw_recall,
)
from supervision.permissions.intake import (  # noqa: E402
    may_allocate,
    may_open_cases,
    may_see_allocation_queue,
    may_see_team_dashboard,
    may_transfer,
    teams_allocated_by,
    teams_for_intake,
)
from supervision.permissions.oversight import (  # noqa: E402
    may_complete_oversight_action,
    may_record_oversight,
    team_review_cases,
)
from supervision.permissions.pairs import visible_pairs  # noqa: E402

__all__ = [
    "visible_pairs",
    "may_allocate",
    "may_open_cases",
    "may_see_allocation_queue",
    "may_see_team_dashboard",
    "may_transfer",
    "teams_allocated_by",
    "teams_for_intake",
    "may_complete_oversight_action",
    "may_confirm_recall",
    "may_countersign_recall",
    "may_endorse_recall",
    "may_record_enforcement_decision",
    "may_record_oversight",
    "may_see_recall_queue",
    "may_withdraw_recall",
    "team_review_cases",
]
