"""Referral, escalation-queue and meeting pages: fetch through permissions → validate → call a service → redirect.

A case, referral, escalation or meeting outside the user's access is a 404; a step the user's role may not
take on something they can see is a 403.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from mappa import permissions
from mappa.forms.escalations import HeadOfPublicProtectionDecisionForm, LineManagerDecisionForm
from mappa.forms.referrals import InformationForm
from mappa.models import Escalation, Referral, ReferralEvent
from mappa.services import InvalidTransition, escalations
from mappa.views.lookups import Status, _escalation, _invalid, _require
from supervision.permissions import cases_visible_to


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
    form_class = HeadOfPublicProtectionDecisionForm if is_hopp else LineManagerDecisionForm
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
        if action == LineManagerDecisionForm.ACCEPT:
            escalations.accept_rejection(escalation, by=user, rationale=rationale)
            message = "Rejection accepted. The officer has been told."
        elif action == LineManagerDecisionForm.MORE_INFORMATION:
            escalations.request_more_information(escalation, by=user, rationale=rationale)
            message = "The officer has been asked for more information."
        elif action == LineManagerDecisionForm.ESCALATE:
            escalations.escalate_to_head_of_public_protection(escalation, by=user, rationale=rationale, on=today)
            message = "Escalated to the Head of Public Protection."
        elif action == HeadOfPublicProtectionDecisionForm.UPHOLD:
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
    form = InformationForm(request.POST or None)
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
