"""MAPPA meeting pages: fetch through permissions → validate → call a service → redirect.

A case or meeting outside the user's access is a 404; a user without a case role is refused.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseworks.errors import RuleBroken
from caseworks.forms import show_rule_error
from mappa import permissions
from mappa.forms.meetings import ActionFormSet, MeetingForm
from mappa.models import MappaAction, Referral
from mappa.services import meetings
from mappa.views.lookups import CASE_FIELDS, require
from supervision.permissions import may_use_case_pages
from supervision.services import audit
from supervision.views.base import case_context, case_page, save_submitted


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
    formset = ActionFormSet(request.POST or None, prefix="actions", form_kwargs={"team": case.team})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            # The fingerprint covers everything posted, the action rows too.
            saved = save_submitted(request, form, lambda form: _record(request, case, form, formset, referral))
        except RuleBroken as error:
            show_rule_error(form, error)
        else:
            messages.success(request, "MAPPA meeting recorded.")
            return redirect("mappa:meeting-detail", pk=saved.record.pk)
    error_form = form if form.errors else next((f for f in formset if f.errors), None)
    return render(
        request, "mappa/meeting_form.html", case_context(case, form=form, formset=formset, error_form=error_form)
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
    return render(request, "mappa/meeting_detail.html", case_context(meeting.case, meeting=meeting, actions=actions))


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
