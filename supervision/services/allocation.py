"""Allocation and transfer: who holds a case, and the record of every move.

A new case waits in its team's allocation queue until a line manager of the team (or the region's Head of Public
Protection) allocates it to one of the team's officers, with a reason. An allocated case can be transferred to
another officer in the team, or to another team (then it waits in that team's queue unless the manager also names
the receiving officer). Every move writes an append-only allocation record (who, when, why, from and to) and the
case's own history, in one transaction, and tells the officer who receives the case (and, on a move between
teams, the receiving team's line managers).

What moves with the case: everything keyed by the case (contacts, conditions, risk flags, contact requirements,
overdue flags, referrals) moves by itself. What names the officer directly is moved by the steps apps register
with `register_transfer_step` (mappa moves the officer's open MAPPA actions and re-routes open escalations held by
a manager who can no longer see the case). A move is refused if the receiving officer could not then see the case
(a restriction that does not list them, or an exclusion that does): the Head of Public Protection changes the
limit first.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from supervision import permissions, roles
from supervision.models import Case, CaseAllocation
from supervision.services.intake import tell_team_managers
from supervision.services.notifications import notify

REASON_NEEDED = "Enter why the case is going to this officer"
TRANSFER_REASON_NEEDED = "Enter the reason for the transfer"
OFFICER_NOT_IN_TEAM = "Select an officer in the team"
ALREADY_ALLOCATED = "This case has already been allocated: transfer it instead"
OFFICER_CANNOT_SEE_CASE = (
    "This officer cannot see the case because of its access restriction or exclusion: ask the Head of Public "
    "Protection to change it first"
)
NOTHING_TO_TRANSFER = "Select a different officer or team: the case is already there"
TEAM_OUT_OF_REACH = "Select a team in your Probation Delivery Unit or region"
SAME_TEAM_NEEDS_OFFICER = "Select the officer to transfer the case to"


@dataclass(frozen=True)
class Move:
    """What a transfer step is told: the case after the move, who held it before and who holds it now (None: it
    waits in a queue), and who moved it."""

    case: Case
    from_officer: object
    to_officer: object
    from_team_id: int
    by: object
    at: object


TRANSFER_STEPS: list[Callable[[Move], None]] = []


def register_transfer_step(step: Callable[[Move], None]) -> None:
    if step not in TRANSFER_STEPS:
        TRANSFER_STEPS.append(step)


def officers_of(team):
    """The team's active responsible officers, each with `caseload_size` (active cases held): one query."""
    return (
        get_user_model()
        .objects.filter(profile__team=team, is_active=True, groups__name=roles.RESPONSIBLE_OFFICER)
        .annotate(caseload_size=Count("caseload", filter=Q(caseload__status=Case.Status.ACTIVE), distinct=True))
        .order_by("last_name", "first_name", "pk")
    )


def officers_for_teams(teams):
    """`officers_of` for several teams at once (the transfer form): one query."""
    return (
        get_user_model()
        .objects.filter(profile__team__in=teams, is_active=True, groups__name=roles.RESPONSIBLE_OFFICER)
        .annotate(caseload_size=Count("caseload", filter=Q(caseload__status=Case.Status.ACTIVE), distinct=True))
        .select_related("profile__team")
        .order_by("profile__team__name", "last_name", "first_name", "pk")
    )


def _lock(case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("team", "responsible_officer").get(pk=case.pk)


def _refuse_if_officer_cannot_see(case, officer) -> None:
    if officer is not None and not permissions.cases_visible_to(officer).filter(pk=case.pk).exists():
        raise RuleBroken(OFFICER_CANNOT_SEE_CASE, field="officer")


def _tell_officer(case, officer, allocation, *, subject: str) -> None:
    notify(
        officer,
        event_key=f"case-allocation:{allocation.pk}",
        subject=subject,
        body=f"{case.full_name} ({case.crn}) is now on your caseload. Reason: {allocation.reason}",
        url=case.get_absolute_url(),
        case=case,
    )


@transaction.atomic
def allocate_case(case, *, officer, reason: str, by, now=None) -> CaseAllocation:
    """Allocate a case waiting in its team's queue to one of the team's officers. Allocating it again to the same
    officer (a second click) records nothing twice."""
    now = now or timezone.now()
    case = _lock(case)
    if case.responsible_officer_id is not None:
        if case.responsible_officer_id == officer.pk:
            return case.allocations.filter(to_officer=officer).first()
        raise RuleBroken(ALREADY_ALLOCATED)
    broken = []
    if not officers_of(case.team).filter(pk=officer.pk).exists():
        broken.append(RuleBroken(OFFICER_NOT_IN_TEAM, field="officer"))
    if not reason.strip():
        broken.append(RuleBroken(REASON_NEEDED, field="reason"))
    raise_if_broken(broken)
    allocation = CaseAllocation.objects.create(
        case=case,
        kind=CaseAllocation.Kind.ALLOCATED,
        from_team=case.team,
        to_team=case.team,
        to_officer=officer,
        reason=reason.strip(),
        by=by,
        at=now,
    )
    _hand_over(case, team=case.team, officer=officer, by=by, now=now)
    _tell_officer(case, officer, allocation, subject="A case has been allocated to you")
    return allocation


@transaction.atomic
def transfer_case(case, *, team, officer=None, reason: str, by, now=None) -> CaseAllocation:
    """Move a case to another officer in its team, or to another team: to a named officer there, or into that
    team's allocation queue."""
    now = now or timezone.now()
    case = _lock(case)
    broken = []
    if team.pk != case.team_id and not permissions.teams_for_intake(by).filter(pk=team.pk).exists():
        broken.append(RuleBroken(TEAM_OUT_OF_REACH, field="team"))
    if officer is not None and not officers_of(team).filter(pk=officer.pk).exists():
        broken.append(RuleBroken(OFFICER_NOT_IN_TEAM, field="officer"))
    if team.pk == case.team_id and officer is None:
        broken.append(RuleBroken(SAME_TEAM_NEEDS_OFFICER, field="officer"))
    elif team.pk == case.team_id and officer.pk == case.responsible_officer_id:
        broken.append(RuleBroken(NOTHING_TO_TRANSFER, field="officer"))
    if not reason.strip():
        broken.append(RuleBroken(TRANSFER_REASON_NEEDED, field="reason"))
    raise_if_broken(broken)
    is_team_move = team.pk != case.team_id
    allocation = CaseAllocation.objects.create(
        case=case,
        kind=CaseAllocation.Kind.TRANSFERRED_TEAM if is_team_move else CaseAllocation.Kind.TRANSFERRED_OFFICER,
        from_team=case.team,
        to_team=team,
        from_officer=case.responsible_officer,
        to_officer=officer,
        reason=reason.strip(),
        by=by,
        at=now,
    )
    _hand_over(case, team=team, officer=officer, by=by, now=now)
    if officer is not None:
        _tell_officer(case, officer, allocation, subject="A case has been transferred to you")
    if is_team_move:
        subject = (
            "A case has been transferred to your team"
            if officer is not None
            else "A case transferred to your team is waiting for allocation"
        )
        tell_team_managers(case, allocation, subject=subject)
    return allocation


def _hand_over(case, *, team, officer, by, now) -> None:
    """Write the new holder on the case (and its history), then run the registered transfer steps."""
    from_officer, from_team_id = case.responsible_officer, case.team_id
    case.team = team
    case.responsible_officer = officer
    case.awaiting_allocation_since = now if officer is None else None
    case._history_user = by
    case.save(update_fields=["team", "responsible_officer", "awaiting_allocation_since", "updated_at"])
    _refuse_if_officer_cannot_see(case, officer)
    move = Move(case=case, from_officer=from_officer, to_officer=officer, from_team_id=from_team_id, by=by, at=now)
    for step in TRANSFER_STEPS:
        step(move)


def allocation_queue(user):
    """The cases waiting in the queues the user works, longest waiting first: one query."""
    return (
        permissions.cases_visible_to(user)
        .awaiting_allocation()
        .filter(team__in=permissions.teams_allocated_by(user))
        .select_related("team")
    )


def allocation_history(case):
    return case.allocations.select_related("from_team", "to_team", "from_officer", "to_officer", "by")


def queue_url() -> str:
    return reverse("supervision:allocation-queue")
