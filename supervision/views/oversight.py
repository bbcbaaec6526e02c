"""Management oversight on a case: the record of it (with the actions set for the officer), recording it, and
marking an action done.

Anyone who may open the case reads its oversight. Only the officer's line manager (or cover) or the region's Head
of Public Protection records it, never the case's own officer; the officer (or their manager, for them) marks an
action done (supervision.permissions).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from caseworks.errors import RuleBroken
from caseworks.forms import show_rule_error
from supervision import permissions
from supervision.forms.oversight import ActionDoneForm, ActionFormSet, OversightForm, with_one_more_row
from supervision.models import OversightAction
from supervision.services import oversight as services
from supervision.views.base import case_context, case_page, form_page, save_submitted

# The "Add another action" button's name: without JavaScript it posts the page back with one more row.
ADD_ACTION = "add-action"


def _oversight_url(case) -> str:
    return reverse("supervision:case-oversight", kwargs={"crn": case.crn})


@case_page
def case_oversight(request, case):
    """The case's oversight records, newest first, each with its actions: a fixed number of queries."""
    records = list(
        case.oversight_records.select_related("recorded_by").prefetch_related(
            Prefetch("actions", queryset=OversightAction.objects.order_by("due_on", "pk"))
        )
    )
    context = case_context(
        case,
        tab="oversight",
        records=records,
        may_record=permissions.may_record_oversight(request.user, case),
        may_complete=permissions.may_complete_oversight_action(request.user, case),
        reviews=list(case.case_reviews.select_related("reviewed_by")[:5]),
    )
    for record in records:
        for action in record.actions.all():
            action.is_overdue = action.is_overdue_on(context["today"])
    return render(request, "supervision/oversight/list.html", context)


def _record(request, case, form, formset):
    data = form.cleaned_data
    return services.record_oversight(
        case,
        by=request.user,
        reviewed_on=data["reviewed_on"],
        areas=data["areas"],
        what_was_reviewed=data["what_was_reviewed"],
        decision=data["decision"],
        actions=[action for action in (row.as_action() for row in formset) if action],
    )


@case_page
def oversight_create(request, case):
    """Record oversight and its actions: the record and its rows are validated together, and nothing is saved if
    either fails."""
    if not permissions.may_record_oversight(request.user, case):
        raise PermissionDenied
    adding = request.method == "POST" and ADD_ACTION in request.POST
    data = with_one_more_row(request.POST, "actions") if adding else (request.POST or None)
    form = OversightForm(request.POST or None)
    formset = ActionFormSet(data, prefix="actions")
    if request.method == "POST" and not adding and form.is_valid() and formset.is_valid():
        try:
            save_submitted(request, form, lambda form: _record(request, case, form, formset))
        except RuleBroken as error:
            show_rule_error(form, error)
        else:
            messages.success(request, "Management oversight recorded")
            return redirect(_oversight_url(case))
    error_form = None
    if not adding:
        error_form = form if form.errors else next((row for row in formset if row.errors), None)
    return render(
        request,
        "supervision/oversight/form.html",
        case_context(
            case,
            tab="oversight",
            form=form,
            formset=formset,
            error_form=error_form,
            max_actions=services.MAX_ACTIONS,
            add_action=ADD_ACTION,
            title="Record management oversight",
        ),
    )


@case_page
def oversight_action_done(request, case, pk):
    if not permissions.may_complete_oversight_action(request.user, case):
        raise PermissionDenied
    action = get_object_or_404(case.oversight_actions.select_related("record__recorded_by"), pk=pk)
    if not action.is_open:
        messages.info(request, "This action has already been marked done")
        return redirect(_oversight_url(case))
    form = ActionDoneForm(request.POST or None, version=action.version)
    set_by = action.record.recorded_by
    return form_page(
        request,
        case,
        form,
        title="Mark the action done",
        intro=f"{action.description} (set by {set_by.get_full_name() or set_by.get_username()}, due "
        f"{action.due_on:%-d %B %Y})",
        save=lambda form: services.mark_action_done(
            action,
            by=request.user,
            note=form.cleaned_data["note"],
            done_on=form.cleaned_data["done_on"],
            expected_version=form.cleaned_data["version"],
        ),
        success="Action marked done",
        back_url=_oversight_url(case),
    )
