"""Referral, escalation-queue and meeting pages: fetch through permissions → validate → call a service → redirect.

A case, referral, escalation or meeting outside the user's access is a 404; a step the user's role may not
take on something they can see is a 403.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa import permissions
from mappa.forms.meetings import ActionFormSet, MeetingForm
from mappa.models import MappaAction, Referral
from mappa.services import meetings
from mappa.views.lookups import Status, _case, _require
from supervision.permissions import may_use_case_pages


def meeting_new(request, crn):
    case = _case(request, crn)
    _require(permissions.may_record_meetings(request.user))
    referral = case.referrals.filter(kind__in=Referral.MAPPA_KINDS, status=Status.ACCEPTED).first()
    initial = {"level": referral.level_requested} if referral else {}
    form = MeetingForm(request.POST or None, initial=initial)
    formset = ActionFormSet(request.POST or None, prefix="actions", form_kwargs={"team": case.team})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        meeting = meetings.record_mappa_meeting(
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
            submission_token=data["submission_token"],
        )
        messages.success(request, "MAPPA meeting recorded.")
        return redirect("mappa:meeting-detail", pk=meeting.pk)
    error_form = form if form.errors else next((f for f in formset if f.errors), None)
    return render(
        request, "mappa/meeting_form.html", {"case": case, "form": form, "formset": formset, "error_form": error_form}
    )


def meeting_detail(request, pk):
    _require(may_use_case_pages(request.user))
    meeting = get_object_or_404(
        permissions.meetings_visible_to(request.user)
        .select_related("case", "recorded_by")
        .prefetch_related(
            "agencies",
            Prefetch("actions", queryset=MappaAction.objects.select_related("owner_agency", "owner_user")),
        ),
        pk=pk,
    )
    return render(
        request,
        "mappa/meeting_detail.html",
        {
            "meeting": meeting,
            "case": meeting.case,
            "today": timezone.localdate(),
            "may_update": permissions.may_record_meetings(request.user),
        },
    )


@require_POST
def action_done(request, pk):
    _require(permissions.may_record_meetings(request.user))
    action = get_object_or_404(
        MappaAction.objects.filter(meeting__in=permissions.meetings_visible_to(request.user)), pk=pk
    )
    meetings.mark_action_done(action, by=request.user, done_on=timezone.localdate())
    messages.success(request, "Action marked as done.")
    return redirect("mappa:meeting-detail", pk=action.meeting_id)
