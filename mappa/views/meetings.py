"""MAPPA meeting pages: fetch through permissions → validate → call a service → redirect.

A case or meeting outside the user's access is a 404; a user without a case role is refused.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseworks.errors import RuleBroken
from caseworks.forms import show_rule_error, show_stale_edit
from caseworks.submissions import StaleEdit
from mappa import permissions
from mappa.forms.meetings import (
    MAX_ACTIONS,
    ActionFormSet,
    ExistingActionFormSet,
    MeetingAmendmentForm,
    MeetingForm,
    action_changes,
    existing_action_initial,
    with_one_more_row,
)
from mappa.models import MappaAction, Referral
from mappa.services import meetings
from mappa.views.lookups import CASE_FIELDS, require
from supervision.permissions import may_use_case_pages, works_on_case
from supervision.services import audit
from supervision.views.base import case_context, case_page, save_submitted

# The "Add another action" button's name: without JavaScript it posts the page back with one more row.
ADD_ACTION = "add-action"


def _new_actions(request, team):
    """The formset of new actions. "Add another action" without JavaScript posts back: the same rows and one
    more, nothing validated or saved."""
    adding = request.method == "POST" and ADD_ACTION in request.POST
    data = with_one_more_row(request.POST, "actions") if adding else (request.POST or None)
    formset = ActionFormSet(data, prefix="actions", form_kwargs={"team": team, "add_another": True})
    return formset, adding


def _error_form(form, *formsets):
    if form.errors:
        return form
    return next((f for formset in formsets for f in formset if f.errors), None)


def _record(request, case, form, formset, referral):
    data = form.cleaned_data
    return meetings.record_mappa_meeting(
        case,
        by=request.user,
        held_on=data["held_on"],
        level=data["level"],
        chair=data["chair"],
        attendees=data["attendees"],
        agencies=data["agencies"],
        information_shared=data["information_shared"],
        decisions=data["decisions"],
        enforcement_decision=data["enforcement_decision"],
        next_review=data["next_review_on"],
        referral=referral,
        actions=[a for a in (f.as_action() for f in formset) if a],
    )


@case_page
def meeting_new(request, case):
    """Record a MAPPA meeting and its risk management plan. The meeting form and its action rows are one page,
    so this is not the simple form page: both are validated together and nothing is saved if either fails."""
    require(permissions.may_record_meetings(request.user))
    referral = case.referrals.filter(kind__in=Referral.MAPPA_KINDS, status=Referral.Status.ACCEPTED).first()
    initial = {"level": referral.level_requested} if referral else {}
    form = MeetingForm(request.POST or None, initial=initial)
    formset, adding = _new_actions(request, case.team)
    if request.method == "POST" and not adding and form.is_valid() and formset.is_valid():
        try:
            # The fingerprint covers everything posted, the action rows too.
            saved = save_submitted(request, form, lambda form: _record(request, case, form, formset, referral))
        except RuleBroken as error:
            show_rule_error(form, error)
        else:
            messages.success(request, "MAPPA meeting recorded.")
            return redirect("mappa:meeting-detail", pk=saved.record.pk)
    error_form = None if adding else _error_form(form, formset)
    return render(
        request,
        "mappa/meeting_form.html",
        case_context(
            case,
            form=form,
            formset=formset,
            error_form=error_form,
            max_actions=MAX_ACTIONS,
            add_action=ADD_ACTION,
            title="Record a MAPPA meeting",
            submit="Record meeting",
        ),
    )


def meeting_detail(request, pk):
    audit.mark_attempt(request, object_type="mappa.mappameeting", object_id=pk)
    require(may_use_case_pages(request.user))
    meeting = get_object_or_404(
        permissions.meetings_visible_to(request.user)
        .select_related(*(f"case__{field}" for field in CASE_FIELDS), "recorded_by")
        .prefetch_related(
            "agencies",
            Prefetch(
                "actions",
                queryset=MappaAction.objects.select_related("owner_agency", "owner_user", "done_recorded_by"),
            ),
        ),
        pk=pk,
    )
    actions = list(meeting.actions.all())
    for action in actions:
        action.may_mark_done = permissions.may_mark_action_done(request.user, action)
    audit.mark(request, meeting.case, meeting)
    context = case_context(
        meeting.case,
        meeting=meeting,
        actions=actions,
        history=meetings.meeting_history(meeting),
        may_amend=works_on_case(request.user, meeting.case),
    )
    return render(request, "mappa/meeting_detail.html", context)


def meeting_amend(request, pk):
    """Correct a meeting's record and its actions, or add actions, with the reason. The responsible officer,
    their line manager or the region's Head of Public Protection; another officer who may read the case is
    refused. An amendment from a stale copy is refused, showing what changed meanwhile."""
    audit.mark_attempt(request, object_type="mappa.mappameeting", object_id=pk)
    require(may_use_case_pages(request.user))
    meeting = get_object_or_404(
        permissions.meetings_visible_to(request.user).select_related(*(f"case__{field}" for field in CASE_FIELDS)),
        pk=pk,
    )
    case = meeting.case
    audit.mark(request, case, meeting)
    require(works_on_case(request.user, case))
    existing = list(meeting.actions.all())
    ids = [action.pk for action in existing]
    posted = request.POST if request.method == "POST" else None
    form = MeetingAmendmentForm(posted, initial=MeetingAmendmentForm.initial_for(meeting), version=meeting.version)
    current = ExistingActionFormSet(
        posted,
        prefix="current",
        initial=existing_action_initial(existing),
        form_kwargs={"team": case.team, "existing_ids": ids},
    )
    formset, adding = _new_actions(request, case.team)
    changes = []
    if request.method == "POST" and not adding and all([form.is_valid(), current.is_valid(), formset.is_valid()]):
        try:
            save_submitted(request, form, lambda form: _amend(request, meeting, form, current, formset))
        except StaleEdit as error:
            changes = show_stale_edit(form, error)
        except RuleBroken as error:
            show_rule_error(form, error)
        else:
            messages.success(request, "MAPPA meeting amended.")
            return redirect("mappa:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "mappa/meeting_form.html",
        case_context(
            case,
            form=form,
            current=current,
            formset=formset,
            error_form=None if adding else _error_form(form, current, formset),
            changes=changes,
            meeting=meeting,
            max_actions=MAX_ACTIONS - len(existing),
            add_action=ADD_ACTION,
            title="Amend a MAPPA meeting",
            submit="Save amendment",
        ),
    )


def _amend(request, meeting, form, current, formset):
    return meetings.amend_mappa_meeting(
        meeting,
        by=request.user,
        reason=form.cleaned_data["reason"],
        changes=form.changes(),
        agencies=form.cleaned_data["agencies"],
        action_changes=action_changes(current),
        new_actions=[a for a in (f.as_action() for f in formset) if a],
        expected_version=form.cleaned_data["version"],
    )


@require_POST
def action_done(request, pk):
    audit.mark_attempt(request, object_type="mappa.mappaaction", object_id=pk)
    require(permissions.may_record_meetings(request.user))
    action = get_object_or_404(
        MappaAction.objects.filter(meeting__in=permissions.meetings_visible_to(request.user)).select_related(
            "meeting__case__team__pdu"
        ),
        pk=pk,
    )
    audit.mark(request, action.meeting.case, action)
    require(permissions.may_mark_action_done(request.user, action))
    meetings.mark_action_done(action, by=request.user, done_on=timezone.localdate())
    messages.success(request, "Action marked as done.")
    return redirect("mappa:meeting-detail", pk=action.meeting_id)
