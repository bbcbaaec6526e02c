"""Referral, escalation-queue and meeting pages: fetch through permissions → validate → call a service → redirect.

A case, referral, escalation or meeting outside the user's access is a 404; a step the user's role may not
take on something they can see is a 403.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from mappa import case_record, permissions
from mappa.forms.referrals import (
    AcknowledgementForm,
    EndorsementForm,
    MappaDecisionForm,
    ReferralForm,
    ResponseForm,
    ResubmitForm,
    WithdrawForm,
)
from mappa.models import Escalation
from mappa.services import InvalidTransition, referrals
from mappa.views.lookups import Status, _case, _invalid, _referral, _require
from supervision.views.base import case_context, case_page


@case_page
def case_referrals(request, case):
    """The case record's "Referrals and MAPPA" tab: the case's referrals (late ones flagged) and MAPPA
    meetings, with the next review date. Two queries beyond the case layout's, whatever the counts."""
    today = timezone.localdate()
    case_referrals = list(case.referrals.select_related("agency").order_by("-created_at", "-pk"))
    case_meetings = list(case.mappa_meetings.order_by("-held_on", "-pk"))
    return render(
        request,
        "mappa/case_referrals.html",
        case_context(
            case,
            tab=case_record.TAB.key,
            referrals=case_referrals,
            late=[r for r in case_referrals if r.is_late_on(today)],
            meetings=case_meetings,
            next_review_on=case_meetings[0].next_review_on if case_meetings else None,
            may_refer=permissions.may_work_referrals(request.user),
        ),
    )


def referral_new(request, crn):
    case = _case(request, crn)
    _require(permissions.may_work_referrals(request.user))
    form = ReferralForm(request.POST or None, case=case)
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
        if data["decision"] == EndorsementForm.ENDORSE:
            referrals.endorse_referral(referral, by=request.user, rationale=data["rationale"])
        else:
            referrals.return_referral(referral, by=request.user, reason=data["rationale"])

    return _step(
        request,
        pk,
        form_class=EndorsementForm,
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
        form_class=ResubmitForm,
        allowed=_works,
        heading="Submit the MAPPA referral for endorsement again",
        run=lambda r, d: referrals.submit_for_endorsement(r, by=request.user, note=d["rationale"]),
        success="Submitted to your line manager for endorsement.",
    )


def referral_acknowledge(request, pk):
    return _step(
        request,
        pk,
        form_class=AcknowledgementForm,
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
            form_class=MappaDecisionForm,
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
        form_class=ResponseForm,
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
        form_class=WithdrawForm,
        allowed=_works,
        heading="Withdraw the referral",
        run=lambda r, d: referrals.withdraw_referral(r, by=request.user, reason=d["rationale"]),
        success="Referral withdrawn.",
    )
