"""Referral pages: fetch through permissions → validate → call a service → redirect.

A case or referral outside the user's access is a 404; a step the user's role may not take on something they
can see is a 403; a step the referral no longer allows (it has moved on) is refused with a GOV.UK message.
Each page offers only the steps `mappa.permissions.referral_steps_for` lists.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.forms import show_rule_error
from mappa import case_record, permissions
from mappa.forms.coordinator import AnswerForm
from mappa.forms.referrals import (
    AcknowledgementForm,
    EndorsementForm,
    ReferralForm,
    ResponseForm,
    ResubmitForm,
    WithdrawForm,
)
from mappa.models import DisputeMeeting, Escalation, ReferralEvent
from mappa.services import coordinators, referrals
from mappa.views.lookups import moved_on, referral_for, require
from supervision.views.base import case_context, case_page, form_page, save_submitted

Action = ReferralEvent.Action

# Each step page of the referral, and the actions it can take: its link shows only when one of them can be
# taken now by this user. The MAPPA unit's steps (acknowledging a MAPPA referral, deciding) are the MAPPA
# co-ordinator's, on their own pages (mappa.views.coordinator): the officer never records the unit's decision.
STEP_PAGES = [
    ("Endorse or return", "mappa:referral-endorse", (Action.ENDORSED, Action.RETURNED)),
    ("Submit for endorsement again", "mappa:referral-resubmit", (Action.SUBMITTED_FOR_ENDORSEMENT,)),
    ("Give the MAPPA co-ordinator more information", "mappa:referral-answer", (Action.COORDINATOR_ANSWERED,)),
    ("Record acknowledgement", "mappa:referral-acknowledge", (Action.ACKNOWLEDGED,)),
    ("Record the response", "mappa:referral-response", (Action.RESPONDED,)),
    ("Withdraw referral", "mappa:referral-withdraw", (Action.WITHDRAWN,)),
]


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


def _show_broken_rules(form) -> bool:
    """Every rule the referral on the form breaks, each on its field, beside the form's own errors: the
    officer sees everything to fix at once. True if any rule is broken."""
    data = form.cleaned_data
    broken = referrals.broken_referral_rules(
        kind=data.get("kind"),
        agency=data.get("agency"),
        mappa_category=data.get("mappa_category") or None,
        level_justification=data.get("level_justification", ""),
        response_due_on=data.get("response_due_on"),
        on=timezone.localdate(),
    )
    for error in broken:
        show_rule_error(form, error)
    return bool(broken)


def _make_referral(request, case, data):
    return referrals.make_referral(
        case,
        by=request.user,
        kind=data["kind"],
        agency=data["agency"],
        reason=data["reason"],
        information_shared=data["information_shared"],
        mappa_category=data.get("mappa_category") or None,
        level_justification=data["level_justification"],
        response_due_on=data["response_due_on"],
    )


@case_page
def referral_new(request, case):
    require(permissions.may_work_referrals(request.user))
    # Bound on every POST, even an empty one (`request.POST or None` would leave it unbound, with no cleaned_data).
    form = ReferralForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST":
        is_valid = form.is_valid()
        if not _show_broken_rules(form) and is_valid:
            try:
                referral = save_submitted(request, form, lambda form: _make_referral(request, case, form.cleaned_data))
            except RuleBroken as error:
                show_rule_error(form, error)
            else:
                referral = referral.record
                if referral.is_mappa:
                    messages.success(request, "MAPPA referral made. It has gone to your line manager to endorse.")
                else:
                    messages.success(request, f"Referral to {referral.agency} recorded as sent.")
                return redirect("mappa:referral-detail", pk=referral.pk)
    return render(request, "mappa/referral_form.html", case_context(case, form=form))


def referral_detail(request, pk):
    referral = referral_for(request, pk)
    user = request.user
    escalation_list = list(referral.escalations.select_related("assigned_to").order_by("pk"))
    waiting = next((e for e in escalation_list if e.status == Escalation.Status.MORE_INFORMATION), None)
    steps = set(permissions.referral_steps_for(user, referral))
    actions = [(label, url_name) for label, url_name, page_actions in STEP_PAGES if steps.intersection(page_actions)]
    return render(
        request,
        "mappa/referral_detail.html",
        case_context(
            referral.case,
            referral=referral,
            events=referral.events.select_related("actor"),
            escalations=escalation_list,
            waiting=waiting if waiting and permissions.may_answer_for(user, waiting) else None,
            actions=actions,
            may_answer_coordinator=Action.COORDINATOR_ANSWERED in steps,
            decisions=referral.mappa_decisions.select_related("decided_by").order_by("decided_at", "pk"),
            dispute_meeting=DisputeMeeting.objects.filter(referral=referral)
            .select_related("coordinator", "recorded_by", "escalation")
            .first(),
        ),
    )


def _step(request, referral, *, actions, form_class, heading, save, success, extra=None):
    """One step page: 403 for a user whose role may not take the step, the "moved on" message when the
    referral no longer allows it, otherwise the case's form page (a refused post shows the service's rule)."""
    require(any(permissions.may_take_referral_step(request.user, referral, action) for action in actions))
    detail_url = reverse("mappa:referral-detail", kwargs={"pk": referral.pk})
    if request.method != "POST" and not set(actions).intersection(
        permissions.referral_steps_for(request.user, referral)
    ):
        return moved_on(request, detail_url)
    return form_page(
        request,
        referral.case,
        form_class(request.POST or None),
        title=heading,
        save=lambda form: save(referral, form.cleaned_data),
        success=success,
        back_url=detail_url,
        template="mappa/referral_step.html",
        extra={"referral": referral, **(extra or {})},
    )


def referral_endorse(request, pk):
    def save(referral, data):
        if data["decision"] == EndorsementForm.ENDORSE:
            referrals.endorse_referral(referral, by=request.user, rationale=data["rationale"])
        else:
            referrals.return_referral(referral, by=request.user, reason=data["rationale"])

    return _step(
        request,
        referral_for(request, pk),
        actions=(Action.ENDORSED, Action.RETURNED),
        form_class=EndorsementForm,
        heading="Endorse the MAPPA referral",
        save=save,
        success="Decision saved.",
    )


def referral_resubmit(request, pk):
    return _step(
        request,
        referral_for(request, pk),
        actions=(Action.SUBMITTED_FOR_ENDORSEMENT,),
        form_class=ResubmitForm,
        heading="Submit the MAPPA referral for endorsement again",
        save=lambda r, d: referrals.submit_for_endorsement(r, by=request.user, note=d["rationale"]),
        success="Submitted to your line manager for endorsement.",
    )


def referral_acknowledge(request, pk):
    return _step(
        request,
        referral_for(request, pk),
        actions=(Action.ACKNOWLEDGED,),
        form_class=AcknowledgementForm,
        heading="Record acknowledgement",
        save=lambda r, d: referrals.acknowledge_referral(r, by=request.user, acknowledged_on=d["acknowledged_on"]),
        success="Acknowledgement recorded.",
    )


def referral_response(request, pk):
    """Another agency's response. A MAPPA referral's decision is the MAPPA co-ordinator's, never recorded here."""
    referral = referral_for(request, pk)
    require(not referral.is_mappa)
    return _step(
        request,
        referral,
        actions=(Action.RESPONDED,),
        form_class=ResponseForm,
        heading="Record the response",
        save=lambda r, d: referrals.record_response(
            r, by=request.user, response=d["response"], responded_by_name=d["responded_by_name"]
        ),
        success="Response recorded.",
    )


def referral_answer(request, pk):
    """The officer answers the MAPPA co-ordinator's question; the referral goes back to the co-ordinator."""
    referral = referral_for(request, pk)
    question = referral.events.filter(action=Action.COORDINATOR_ASKED).order_by("-happened_at", "-pk").first()
    return _step(
        request,
        referral,
        actions=(Action.COORDINATOR_ANSWERED,),
        form_class=AnswerForm,
        heading="Give the MAPPA co-ordinator more information",
        save=lambda r, d: coordinators.give_more_information(r, by=request.user, information=d["information"]),
        success="Your answer has gone to the MAPPA co-ordinator.",
        extra={"question": question, "question_from": "The MAPPA co-ordinator"},
    )


def referral_withdraw(request, pk):
    return _step(
        request,
        referral_for(request, pk),
        actions=(Action.WITHDRAWN,),
        form_class=WithdrawForm,
        heading="Withdraw the referral",
        save=lambda r, d: referrals.withdraw_referral(r, by=request.user, reason=d["rationale"]),
        success="Referral withdrawn.",
    )
