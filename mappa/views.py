"""Referral, escalation-queue and meeting pages: fetch through permissions → validate → call a service → redirect.

A case, referral, escalation or meeting outside the user's access is a 404; a step the user's role may not
take on something they can see is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from supervision.permissions import cases_visible_to, may_use_case_pages

from . import forms, permissions
from .models import Escalation, MappaAction, Referral, ReferralEvent
from .services import InvalidTransition, escalations, meetings, referrals

Status = Referral.Status


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


def _case(request, crn):
    _require(may_use_case_pages(request.user))
    return get_object_or_404(cases_visible_to(request.user).select_related("responsible_officer"), crn=crn)


def _referral(request, pk):
    _require(may_use_case_pages(request.user))
    return get_object_or_404(
        permissions.referrals_visible_to(request.user).select_related(
            "case__responsible_officer", "agency", "created_by", "endorsed_by"
        ),
        pk=pk,
    )


def _escalation(request, pk):
    _require(may_use_case_pages(request.user))
    return get_object_or_404(
        permissions.escalations_visible_to(request.user).select_related(
            "referral__case__responsible_officer", "referral__agency", "assigned_to", "previous__assigned_to"
        ),
        pk=pk,
    )


def _invalid(request, error):
    messages.error(request, "That step cannot be taken now: the referral has moved on. Check its history.")


# Case pages ----------------------------------------------------------------------------------------------


def case_referrals(request, crn):
    """The case's referrals (late ones flagged) and MAPPA meetings, with the next review date."""
    case = _case(request, crn)
    today = timezone.localdate()
    case_referrals = list(case.referrals.select_related("agency").order_by("-created_at", "-pk"))
    case_meetings = list(case.mappa_meetings.order_by("-held_on", "-pk"))
    return render(
        request,
        "mappa/case_referrals.html",
        {
            "case": case,
            "referrals": case_referrals,
            "late": [r for r in case_referrals if r.is_late_on(today)],
            "meetings": case_meetings,
            "next_review_on": case_meetings[0].next_review_on if case_meetings else None,
            "today": today,
            "may_refer": permissions.may_work_referrals(request.user),
        },
    )


def referral_new(request, crn):
    case = _case(request, crn)
    _require(permissions.may_work_referrals(request.user))
    form = forms.ReferralForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = referrals.make_referral(
            case,
            by=request.user,
            kind=data["kind"],
            agency=data["agency"],
            reason=data["reason"],
            information_shared=data["information_shared"],
            mappa_category=data.get("mappa_category") or None,
            level_justification=data["level_justification"],
            response_due_on=data["response_due_on"],
            submission_token=data["submission_token"],
        )
        if referral.is_mappa:
            messages.success(request, "MAPPA referral made. It has gone to your line manager to endorse.")
        else:
            messages.success(request, f"Referral to {referral.agency} recorded as sent.")
        return redirect("mappa:referral-detail", pk=referral.pk)
    return render(request, "mappa/referral_form.html", {"case": case, "form": form})


def referral_detail(request, pk):
    referral = _referral(request, pk)
    user = request.user
    events = referral.events.select_related("actor")
    escalation_list = list(referral.escalations.select_related("assigned_to").order_by("pk"))
    waiting = next((e for e in escalation_list if e.status == Escalation.Status.MORE_INFORMATION), None)
    works = permissions.may_work_referrals(user)
    actions = []
    if referral.status == Status.AWAITING_ENDORSEMENT and permissions.may_endorse(user, referral):
        actions.append(("Endorse or return", "mappa:referral-endorse"))
    if works and referral.status == Status.DRAFT and referral.is_mappa:
        actions.append(("Submit for endorsement again", "mappa:referral-resubmit"))
    if works and referral.status == Status.SENT:
        actions.append(("Record acknowledgement", "mappa:referral-acknowledge"))
    if works and referral.status in (Status.SENT, Status.ACKNOWLEDGED):
        label = "Record the MAPPA unit's decision" if referral.is_mappa else "Record the response"
        actions.append((label, "mappa:referral-response"))
    if works and Status.WITHDRAWN in referrals.ALLOWED[referral.status]:
        actions.append(("Withdraw referral", "mappa:referral-withdraw"))
    return render(
        request,
        "mappa/referral_detail.html",
        {
            "referral": referral,
            "case": referral.case,
            "events": events,
            "escalations": escalation_list,
            "waiting": waiting if waiting and permissions.may_answer_for(user, waiting) else None,
            "actions": actions,
            "today": timezone.localdate(),
        },
    )


def _step(request, pk, *, form_class, allowed, heading, run, template="mappa/referral_step.html", success=""):
    referral = _referral(request, pk)
    _require(allowed(request.user, referral))
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run(referral, form.cleaned_data)
        except InvalidTransition as error:
            _invalid(request, error)
        else:
            if success:
                messages.success(request, success)
        return redirect("mappa:referral-detail", pk=referral.pk)
    return render(request, template, {"referral": referral, "case": referral.case, "form": form, "heading": heading})


def referral_endorse(request, pk):
    def run(referral, data):
        if data["decision"] == forms.EndorsementForm.ENDORSE:
            referrals.endorse_referral(referral, by=request.user, rationale=data["rationale"])
        else:
            referrals.return_referral(referral, by=request.user, reason=data["rationale"])

    return _step(
        request,
        pk,
        form_class=forms.EndorsementForm,
        allowed=permissions.may_endorse,
        heading="Endorse the MAPPA referral",
        run=run,
        success="Decision saved.",
    )


def _works(user, referral):
    return permissions.may_work_referrals(user)


def referral_resubmit(request, pk):
    return _step(
        request,
        pk,
        form_class=forms.ResubmitForm,
        allowed=_works,
        heading="Submit the MAPPA referral for endorsement again",
        run=lambda r, d: referrals.submit_for_endorsement(r, by=request.user, note=d["rationale"]),
        success="Submitted to your line manager for endorsement.",
    )


def referral_acknowledge(request, pk):
    return _step(
        request,
        pk,
        form_class=forms.AcknowledgementForm,
        allowed=_works,
        heading="Record acknowledgement",
        run=lambda r, d: referrals.acknowledge_referral(r, by=request.user, acknowledged_on=d["acknowledged_on"]),
        success="Acknowledgement recorded.",
    )


def referral_response(request, pk):
    referral = _referral(request, pk)
    if referral.is_mappa:
        return _step(
            request,
            pk,
            form_class=forms.MappaDecisionForm,
            allowed=_works,
            heading="Record the MAPPA unit's decision",
            run=lambda r, d: referrals.record_mappa_decision(
                r, by=request.user, decision=d["decision"], reason=d["reason"], decided_by_name=d["decided_by_name"]
            ),
            success="Decision recorded.",
        )
    return _step(
        request,
        pk,
        form_class=forms.ResponseForm,
        allowed=_works,
        heading="Record the response",
        run=lambda r, d: referrals.record_response(
            r, by=request.user, response=d["response"], responded_by_name=d["responded_by_name"]
        ),
        success="Response recorded.",
    )


def referral_withdraw(request, pk):
    return _step(
        request,
        pk,
        form_class=forms.WithdrawForm,
        allowed=_works,
        heading="Withdraw the referral",
        run=lambda r, d: referrals.withdraw_referral(r, by=request.user, reason=d["rationale"]),
        success="Referral withdrawn.",
    )


# Escalation queues ---------------------------------------------------------------------------------------


def escalation_queue(request):
    """The line manager's queue: rejected MAPPA referrals to decide on, and referrals waiting for endorsement."""
    _require(permissions.has_escalation_queue(request.user))
    visible = cases_visible_to(request.user)
    awaiting = (
        Referral.objects.filter(status=Status.AWAITING_ENDORSEMENT, case__in=visible)
        .exclude(created_by=request.user)
        .select_related("case", "created_by")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "mappa/queue.html",
        {
            "escalations": Escalation.objects.for_queue(request.user, level=Escalation.Level.LINE_MANAGER),
            "awaiting": awaiting,
            "today": timezone.localdate(),
            "heading": "MAPPA escalations",
            "is_hopp": False,
        },
    )


def hopp_queue(request):
    _require(permissions.has_hopp_queue(request.user))
    escalation_list = Escalation.objects.for_queue(
        request.user, level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION
    ).select_related("previous__assigned_to")
    return render(
        request,
        "mappa/queue.html",
        {
            "escalations": escalation_list,
            "today": timezone.localdate(),
            "heading": "MAPPA escalations to the Head of Public Protection",
            "is_hopp": True,
        },
    )


def escalation_detail(request, pk):
    escalation = _escalation(request, pk)
    may_act = permissions.may_act_on(request.user, escalation) and escalation.status != Escalation.Status.CLOSED
    is_hopp = escalation.level == Escalation.Level.HEAD_OF_PUBLIC_PROTECTION
    form_class = forms.HeadOfPublicProtectionDecisionForm if is_hopp else forms.LineManagerDecisionForm
    form = form_class(request.POST or None) if may_act else None
    if request.method == "POST":
        _require(may_act)
        if form.is_valid():
            return _act(request, escalation, form)
    referral = escalation.referral
    return render(
        request,
        "mappa/escalation_detail.html",
        {
            "escalation": escalation,
            "referral": referral,
            "case": referral.case,
            "events": referral.events.select_related("actor"),
            "form": form,
            "today": timezone.localdate(),
            "queue_url": "mappa:hopp-queue" if is_hopp else "mappa:queue",
        },
    )


def _act(request, escalation, form):
    action, rationale, user = form.cleaned_data["action"], form.cleaned_data["rationale"], request.user
    today = timezone.localdate()
    try:
        if action == forms.LineManagerDecisionForm.ACCEPT:
            escalations.accept_rejection(escalation, by=user, rationale=rationale)
            message = "Rejection accepted. The officer has been told."
        elif action == forms.LineManagerDecisionForm.MORE_INFORMATION:
            escalations.request_more_information(escalation, by=user, rationale=rationale)
            message = "The officer has been asked for more information."
        elif action == forms.LineManagerDecisionForm.ESCALATE:
            escalations.escalate_to_head_of_public_protection(escalation, by=user, rationale=rationale, on=today)
            message = "Escalated to the Head of Public Protection."
        elif action == forms.HeadOfPublicProtectionDecisionForm.UPHOLD:
            escalations.uphold_rejection(escalation, by=user, rationale=rationale)
            message = "Rejection upheld."
        else:
            escalations.overturn_rejection(escalation, by=user, rationale=rationale, on=today)
            message = "Rejection overturned: the referral is accepted and a MAPPA meeting must be convened."
    except InvalidTransition as error:
        _invalid(request, error)
    except escalations.NoHeadOfPublicProtection:
        messages.error(request, "No Head of Public Protection is available for this region. Ask an administrator.")
        return redirect("mappa:escalation-detail", pk=escalation.pk)
    else:
        messages.success(request, message)
    is_hopp = escalation.level == Escalation.Level.HEAD_OF_PUBLIC_PROTECTION
    return redirect("mappa:hopp-queue" if is_hopp else "mappa:queue")


def escalation_answer(request, pk):
    escalation = _escalation(request, pk)
    _require(permissions.may_answer_for(request.user, escalation))
    form = forms.InformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            escalations.provide_information(escalation, by=request.user, information=form.cleaned_data["rationale"])
        except InvalidTransition as error:
            _invalid(request, error)
        else:
            messages.success(request, "Your answer has gone to your line manager.")
        return redirect("mappa:referral-detail", pk=escalation.referral_id)
    return render(
        request,
        "mappa/referral_step.html",
        {
            "referral": escalation.referral,
            "case": escalation.referral.case,
            "form": form,
            "heading": "Give your line manager more information",
            "question": escalation.referral.events.filter(action=ReferralEvent.Action.MORE_INFORMATION_REQUESTED)
            .order_by("-happened_at", "-pk")
            .first(),
        },
    )


# MAPPA meetings --------------------------------------------------------------------------------------------


def meeting_new(request, crn):
    case = _case(request, crn)
    _require(permissions.may_record_meetings(request.user))
    referral = case.referrals.filter(kind__in=Referral.MAPPA_KINDS, status=Status.ACCEPTED).first()
    initial = {"level": referral.level_requested} if referral else {}
    form = forms.MeetingForm(request.POST or None, initial=initial)
    formset = forms.ActionFormSet(request.POST or None, prefix="actions", form_kwargs={"team": case.team})
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
