"""Who is told about work on a case, so that it always reaches a person.

The chain, for work a line manager acts on (a case still waiting for allocation has no officer: its team's line
managers stand first instead): the responsible officer's line manager → that manager's deputy
→ any line manager in the officer's Probation Delivery Unit → the region's Head of Public Protection → their
deputy. Work that is already the Head of Public Protection's (an escalation stepping up) starts at them.
Everyone chosen must be active, not absent that day and able to see the case (`cases_visible_to`), so a
notification is never dropped for want of access. When nobody qualifies, the work is recorded as an
unrouted item (shown to administrators and Heads of Public Protection) and logged as an ERROR; when a later
run finds someone, that item is resolved.
"""

import contextlib
import logging
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from supervision import roles
from supervision.models import StaffProfile, UnroutedItem
from supervision.permissions import cases_visible_to

logger = logging.getLogger(__name__)

Kind = UnroutedItem.Kind
LINE_MANAGER = "line manager"
HEAD_OF_PUBLIC_PROTECTION = "Head of Public Protection"


@dataclass(frozen=True)
class Candidate:
    user: User
    why: str  # e.g. "line manager", "deputy of the line manager", for the log and the unrouted item


def _unavailability(user, case, day: date, *, may_see=None) -> str:
    """Why this person cannot take the work on `day`, or "" if they can. `may_see(user, case)` replaces the
    case-scope check for people whose scope is not `cases_visible_to` (a MAPPA co-ordinator)."""
    if not user.is_active:
        return "no longer active"
    try:
        if user.profile.is_absent_on(day):
            return "absent"
    except StaffProfile.DoesNotExist:
        return "has no staff profile"
    sees = may_see(user, case) if may_see else cases_visible_to(user).filter(pk=case.pk).exists()
    if not sees:
        return "cannot see the case"
    return ""


def _deputy(user):
    with contextlib.suppress(StaffProfile.DoesNotExist):
        return user.profile.deputy
    return None


def _heads_of_public_protection(case) -> list[Candidate]:
    heads = (
        User.objects.filter(groups__name=roles.HEAD_OF_PUBLIC_PROTECTION, profile__region_id=case.team.pdu.region_id)
        .select_related("profile__deputy__profile")
        .order_by("last_name", "first_name", "pk")
    )
    candidates = []
    for head in heads:
        candidates.append(Candidate(head, HEAD_OF_PUBLIC_PROTECTION))
        deputy = _deputy(head)
        if deputy is not None:
            candidates.append(Candidate(deputy, f"deputy of {HEAD_OF_PUBLIC_PROTECTION} {head.username}"))
    return candidates


def _team_line_managers(case) -> list[Candidate]:
    """A case waiting for allocation has no officer: its own team's line managers come first."""
    managers = (
        User.objects.filter(groups__name=roles.LINE_MANAGER, profile__team_id=case.team_id)
        .select_related("profile")
        .order_by("last_name", "first_name", "pk")
    )
    return [Candidate(user, "line manager of the team") for user in managers]


def _line_managers(case) -> list[Candidate]:
    officer = case.responsible_officer
    if officer is None:
        pdu_managers = (
            User.objects.filter(groups__name=roles.LINE_MANAGER, profile__team__pdu_id=case.team.pdu_id)
            .select_related("profile")
            .order_by("last_name", "first_name", "pk")
        )
        return _team_line_managers(case) + [Candidate(user, "line manager in the PDU") for user in pdu_managers]
    profile = StaffProfile.objects.select_related("line_manager__profile__deputy", "team").filter(user=officer).first()
    candidates = []
    manager = profile.line_manager if profile else None
    if manager is not None:
        candidates.append(Candidate(manager, LINE_MANAGER))
        deputy = _deputy(manager)
        if deputy is not None:
            candidates.append(Candidate(deputy, "deputy of the line manager"))
    pdu_id = profile.team.pdu_id if profile and profile.team_id else case.team.pdu_id
    pdu_managers = (
        User.objects.filter(groups__name=roles.LINE_MANAGER, profile__team__pdu_id=pdu_id)
        .exclude(pk=officer.pk)
        .select_related("profile")
        .order_by("last_name", "first_name", "pk")
    )
    candidates += [Candidate(user, "line manager in the PDU") for user in pdu_managers]
    return candidates


def candidates_for(case, *, starting_at: str = LINE_MANAGER) -> list[Candidate]:
    """Everyone who might be told, in the order they are tried (a person appears once, at their first place)."""
    chain = _line_managers(case) if starting_at == LINE_MANAGER else []
    chain += _heads_of_public_protection(case)
    seen, unique = set(), []
    for candidate in chain:
        if candidate.user.pk not in seen:
            seen.add(candidate.user.pk)
            unique.append(candidate)
    return unique


def find_recipient(case, *, on: date, starting_at: str = LINE_MANAGER) -> tuple[User | None, list[str]]:
    """The first person in the chain who can take the work on `on`, and why each one before them could not."""
    skipped = []
    for candidate in candidates_for(case, starting_at=starting_at):
        why_not = _unavailability(candidate.user, case, on)
        if not why_not:
            return candidate.user, skipped
        skipped.append(f"{candidate.user.username} ({candidate.why}): {why_not}")
    return None, skipped


def holders_of(cases, *, on: date) -> dict:
    """`holder_of` for many cases at once (a sweep notifying about cases still waiting for an officer), keyed by
    case id: the same chain and the same tests of availability, in a fixed number of queries however many cases
    and teams. Each case needs `team__pdu` loaded. test_routing_in_bulk.py checks it agrees with `holder_of`."""
    from supervision.permissions import visible_pairs

    holders = {case.pk: case.responsible_officer for case in cases if case.responsible_officer_id is not None}
    waiting = [case for case in cases if case.responsible_officer_id is None]
    if not waiting:
        return holders
    order = ("last_name", "first_name", "pk")
    managers = list(
        User.objects.filter(
            groups__name=roles.LINE_MANAGER, profile__team__pdu_id__in={case.team.pdu_id for case in waiting}
        )
        .select_related("profile__team")
        .order_by(*order)
    )
    heads = list(
        User.objects.filter(
            groups__name=roles.HEAD_OF_PUBLIC_PROTECTION,
            profile__region_id__in={case.team.pdu.region_id for case in waiting},
        )
        .select_related("profile__deputy__profile")
        .order_by(*order)
    )
    chains = {}
    for case in waiting:
        # As candidates_for() for a case with no officer: its team's line managers, the PDU's, then each head of
        # the region followed by their deputy; a person once, at their first place.
        chain = [m for m in managers if m.profile.team_id == case.team_id]
        chain += [m for m in managers if m.profile.team.pdu_id == case.team.pdu_id]
        for head in heads:
            if head.profile.region_id == case.team.pdu.region_id:
                chain += [head, *([_deputy(head)] if _deputy(head) is not None else [])]
        seen, unique = set(), []
        for user in chain:
            if user.pk not in seen:
                seen.add(user.pk)
                unique.append(user)
        chains[case.pk] = unique
    visible = visible_pairs((user, case_id) for case_id, chain in chains.items() for user in chain)
    for case_id, chain in chains.items():
        holders[case_id] = next((user for user in chain if _available(user, case_id, on, visible)), None)
    return holders


def _available(user, case_id, day: date, visible: set) -> bool:
    """`_unavailability(...) == ""` with the access check already made for every pair (`visible_pairs`)."""
    if not user.is_active:
        return False
    try:
        if user.profile.is_absent_on(day):
            return False
    except StaffProfile.DoesNotExist:
        return False
    return (user.pk, case_id) in visible


def route(case, *, on: date, kind: str, object_key: str, url: str = "", starting_at: str = LINE_MANAGER) -> User | None:
    """The person to tell about this work; None only after recording it as an unrouted item.

    Call it inside the transaction that records the work: the unrouted item is saved (or resolved) with it.
    Repeating it for the same `kind` and `object_key` while nobody is available adds nothing.
    """
    recipient, skipped = find_recipient(case, on=on, starting_at=starting_at)
    return _routed_or_recorded(case, recipient, skipped, kind=kind, object_key=object_key, url=url)


def route_among(
    case, candidates: list[Candidate], *, on: date, kind: str, object_key: str, url: str = "", may_see=None
) -> User | None:
    """`route()` along a chain another app supplies (the MAPPA co-ordinators of the case's PDU, then of its
    region): the first available candidate, or None after recording the work as an unrouted item. `may_see`
    answers whether a candidate may see the case when their scope is not `cases_visible_to`."""
    skipped = []
    for candidate in candidates:
        why_not = _unavailability(candidate.user, case, on, may_see=may_see)
        if not why_not:
            return _routed_or_recorded(case, candidate.user, skipped, kind=kind, object_key=object_key, url=url)
        skipped.append(f"{candidate.user.username} ({candidate.why}): {why_not}")
    return _routed_or_recorded(case, None, skipped, kind=kind, object_key=object_key, url=url)


def _routed_or_recorded(case, recipient, skipped, *, kind, object_key, url) -> User | None:
    if recipient is not None:
        UnroutedItem.objects.open().filter(kind=kind, object_key=object_key).update(resolved_at=timezone.now())
        return recipient
    reason = "Nobody available who can see the case. " + (
        "Tried: " + "; ".join(skipped) + "." if skipped else "Nobody is set up to receive it."
    )
    logger.error("Unrouted %s %s (case %s): %s", kind, object_key, case.pk, reason)
    try:
        with transaction.atomic():
            UnroutedItem.objects.create(kind=kind, object_key=object_key, case=case, reason=reason, url=url)
    except IntegrityError:
        pass  # already recorded as unrouted: a repeat of the same run
    return None


class Router:
    """`route()` for a sweep over many items: who to tell is worked out once per officer and team, and the
    open unrouted items of each kind are read once, so a run's queries do not grow with its items."""

    def __init__(self, *, on: date):
        self.on = on
        self._recipients: dict[tuple, tuple] = {}
        self._open_keys: dict[str, set[str]] = {}

    def route(self, case, *, kind: str, object_key: str, url: str = "", starting_at: str = LINE_MANAGER):
        key = (case.responsible_officer_id, case.team_id, starting_at)
        if key not in self._recipients:
            self._recipients[key] = find_recipient(case, on=self.on, starting_at=starting_at)
        recipient, _ = self._recipients[key]
        if kind not in self._open_keys:
            self._open_keys[kind] = set(
                UnroutedItem.objects.open().filter(kind=kind).values_list("object_key", flat=True)
            )
        if recipient is not None and object_key not in self._open_keys[kind]:
            return recipient
        return route(case, on=self.on, kind=kind, object_key=object_key, url=url, starting_at=starting_at)


@transaction.atomic
def resolve_unrouted_item(item, *, by) -> UnroutedItem:
    """Someone has dealt with the work by hand (e.g. set up cover and told a manager)."""
    item = UnroutedItem.objects.select_for_update().get(pk=item.pk)
    if item.resolved_at is None:
        item.resolved_at = timezone.now()
        item.resolved_by = by
        item.save(update_fields=["resolved_at", "resolved_by"])
    return item


def holder_of(case, *, on: date):
    """Who holds the case's day-to-day work: its responsible officer or, while it waits in the allocation queue,
    the person the chain finds (its team's line manager first). None when nobody is available."""
    if case.responsible_officer_id is not None:
        return case.responsible_officer
    recipient, _ = find_recipient(case, on=on)
    return recipient
