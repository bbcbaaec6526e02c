"""The allocation queue, allocating a case, transferring it, and its allocation history."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from supervision import permissions
from supervision.forms.intake import AllocateForm, TransferForm
from supervision.services import allocation as services
from supervision.views.base import case_context, case_page, form_page, refuse_without_case_role

QUEUE_LIMIT = 200


def allocation_queue(request):
    """Cases waiting for an officer in the queues the user works, longest waiting first (fits 375 px: the
    table stacks, and the "Allocate" link is in the first cell)."""
    user = request.user
    if not permissions.may_use_case_pages(user):
        return refuse_without_case_role(request)
    if not permissions.may_see_allocation_queue(user):
        raise PermissionDenied
    now = timezone.now()
    cases = list(services.allocation_queue(user)[:QUEUE_LIMIT])
    for case in cases:
        case.days_waiting = (now - case.awaiting_allocation_since).days
    teams = {case.team_id for case in cases}
    return render(
        request,
        "supervision/intake/allocation_queue.html",
        {"cases": cases, "show_team": len(teams) > 1, "may_open_cases": permissions.may_open_cases(user)},
    )


def _allocation_url(case):
    return reverse("supervision:case-allocation", kwargs={"crn": case.crn})


@case_page
def case_allocation(request, case):
    """The case's allocation history, with the allocate or transfer action for those who may take it."""
    history = list(services.allocation_history(case))
    return render(
        request,
        "supervision/intake/case_allocation.html",
        case_context(
            case,
            tab="allocation",
            history=history,
            may_allocate=permissions.may_allocate(request.user, case),
            may_transfer=permissions.may_transfer(request.user, case),
        ),
    )


@case_page
def case_allocate(request, case):
    is_allocated = case.responsible_officer_id is not None
    if not (permissions.may_transfer if is_allocated else permissions.may_allocate)(request.user, case):
        raise PermissionDenied
    if is_allocated and request.method != "POST":
        # Someone allocated it first (or the link is old): say who holds it. A post still goes through the form,
        # so a repeat of the post that allocated it answers as the first did, and any other is refused there.
        return render(request, "supervision/intake/already_allocated.html", case_context(case, title="Allocate"))
    officers = services.officers_of(case.team)
    form = AllocateForm(request.POST or None, officers=officers)
    return form_page(
        request,
        case,
        form,
        title="Allocate this case",
        intro=f"Allocate to an officer in {case.team.name}. RoSH {case.get_rosh_display()}, tier {case.tier}, "
        f"{case.get_supervision_type_display().lower()} from {case.started_on:%-d %B %Y}.",
        save=lambda form: services.allocate_case(
            case, officer=form.cleaned_data["officer"], reason=form.cleaned_data["reason"], by=request.user
        ),
        success="Case allocated",
        back_url=_allocation_url(case),
        next_url=reverse("supervision:allocation-queue"),
    )


@case_page
def case_transfer(request, case):
    if not permissions.may_transfer(request.user, case):
        raise PermissionDenied
    teams = permissions.teams_for_intake(request.user)
    officers = list(services.officers_for_teams(teams))
    form = TransferForm(request.POST or None, teams=teams, officers=officers, initial={"team": case.team_id})
    return form_page(
        request,
        case,
        form,
        title="Transfer this case",
        intro=f"Now held by {case.officer_name} in {case.team.name}. Open work, risk flags and escalations move "
        "with the case; the receiving officer (and, for another team, its line managers) are told.",
        save=lambda form: services.transfer_case(
            case,
            team=form.cleaned_data["team"],
            officer=form.cleaned_data["officer"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        success="Case transferred",
        back_url=_allocation_url(case),
        next_url=_next_after_transfer(request, case),
    )


def _next_after_transfer(request, case) -> str:
    """After a transfer the user may no longer see the case (another team): their caseload then."""
    return reverse("supervision:caseload") if request.method == "POST" else _allocation_url(case)
