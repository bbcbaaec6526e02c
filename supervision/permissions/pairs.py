"""The access policy for many (user, case) pairs at once, for background jobs that tell hundreds of people: the same
rules as `cases_visible_to`, in a fixed number of queries."""

from django.contrib.auth import get_user_model

from supervision import roles
from supervision.models import Case, CaseAccessLimit
from supervision.permissions import Kind, _hopp_region_id, _profile


def visible_pairs(pairs) -> set[tuple[int, int]]:
    """`cases_visible_to` for many (user, case id) pairs at once: the (user id, case id) pairs where the user may
    see the case. At most five queries whatever the number of pairs or users (a background job notifying hundreds of
    officers), not one access check per user. The same rules as `cases_in_scope_of` and `_limits_refusing`,
    applied in memory to the few columns they read; test_visible_pairs.py checks it agrees with
    `cases_visible_to` for every kind of user and limit."""
    pairs = {(getattr(user, "pk", user), case_id) for user, case_id in pairs if case_id is not None}
    if not pairs:
        return set()
    users = (
        get_user_model()
        .objects.filter(pk__in={user_id for user_id, _ in pairs}, is_active=True)
        .select_related("profile__team__pdu")
        .prefetch_related("groups")
    )
    scopes = {}  # user id: (team whose cases they see or None, region whose cases they see or None)
    for user in users:
        profile = _profile(user)
        if profile is None:
            continue
        user._caseworks_roles = frozenset(group.name for group in user.groups.all())
        team_id = profile.team_id if roles.has_role(user, roles.RESPONSIBLE_OFFICER, roles.LINE_MANAGER) else None
        scopes[user.pk] = (team_id, _hopp_region_id(user))
    case_ids = {case_id for user_id, case_id in pairs if user_id in scopes}
    cases = {
        pk: (team_id, region_id)
        for pk, team_id, region_id in Case.objects.filter(pk__in=case_ids).values_list(
            "pk", "team_id", "team__pdu__region_id"
        )
    }
    limits = list(CaseAccessLimit.objects.filter(case_id__in=cases).values_list("pk", "case_id", "kind"))
    listed = set(
        CaseAccessLimit.staff.through.objects.filter(caseaccesslimit_id__in=[pk for pk, _, _ in limits]).values_list(
            "caseaccesslimit_id", "user_id"
        )
        if limits
        else ()
    )
    limits_of = {}
    for pk, case_id, kind in limits:
        limits_of.setdefault(case_id, []).append((pk, kind))
    visible = set()
    for user_id, case_id in pairs:
        if user_id not in scopes or case_id not in cases:
            continue
        (team_id, region_id), (case_team_id, case_region_id) = scopes[user_id], cases[case_id]
        in_scope = (team_id is not None and team_id == case_team_id) or (
            region_id is not None and region_id == case_region_id
        )
        if in_scope and not any(
            _refuses(kind, (pk, user_id) in listed, heads_region=region_id is not None and region_id == case_region_id)
            for pk, kind in limits_of.get(case_id, ())
        ):
            visible.add((user_id, case_id))
    return visible


def _refuses(kind, is_listed: bool, *, heads_region: bool) -> bool:
    """`_limits_refusing` for one limit and one user: an exclusion refuses the staff it lists, a restriction
    everyone it does not list except the Head of Public Protection of the case's region."""
    if kind == Kind.EXCLUSION:
        return is_listed
    return kind == Kind.RESTRICTION and not is_listed and not heads_region
