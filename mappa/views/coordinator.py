"""The MAPPA co-ordinator's pages: the queue of MAPPA referrals sent to the unit for their area, a referral, and
the unit's steps on it (acknowledge, ask the officer for more, decide, revise after a dispute).

A co-ordinator does not open case records: their scope is the MAPPA referrals of their PDU or region
(`mappa.permissions.referrals_for_coordinator`, limited access applied), so these pages show the referral and
what the unit needs of the person, not the case's tabs. A referral outside that scope is a 404; anyone without
the role and a seat is refused (403); a step the referral no longer allows gets the "moved on" message.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from mappa import permissions
from mappa.forms.coordinator import AcknowledgeForm, DecisionForm, QuestionForm, RevisedDecisionForm
from mappa.models import DisputeMeeting, ReferralEvent
from mappa.services import coordinators
from mappa.views.lookups import moved_on, require
from supervision.services import audit
from supervision.views.base import form_page

Action = ReferralEvent.Action

# Each step page, the actions it can take, and its label: a link shows only when one can be taken now.
STEP_PAGES = [
    ("Record decision", "mappa:coordinator-decide", (Action.ACCEPTED, Action.REJECTED)),
    ("Record revised decision", "mappa:coordinator-revise", (Action.REVISED_ACCEPTED, Action.REVISED_REJECTED)),
    ("Acknowledge", "mappa:coordinator-acknowledge", (Action.ACKNOWLEDGED,)),
    ("Ask the officer for more information", "mappa:coordinator-ask", (Action.COORDINATOR_ASKED,)),
]


def coordinator_referral_for(request, pk):
    """The referral, if it is in the co-ordinator's area and open to them; recorded in the audit like every
    view of a case's personal data."""
    audit.mark_attempt(request, object_type="mappa.referral", object_id=pk)
    require(permissions.is_mappa_coordinator(request.user))
    referral = get_object_or_404(
        permissions.referrals_for_coordinator(request.user).select_related(
            "case__team__pdu", "case__responsible_officer", "agency", "created_by", "endorsed_by"
        ),
        pk=pk,
    )
    audit.mark(request, referral.case, referral)
    return referral


def coordinator_queue(request):
    """MAPPA referrals waiting for the co-ordinator, oldest first: one query whatever the queue's length."""
    require(permissions.is_mappa_coordinator(request.user))
    seat = permissions.coordinator_profile(request.user)
    return render(
        request,
        "mappa/coordinator/queue.html",
        {"referrals": list(permissions.coordinator_queue(request.user)), "seat": seat, "today": timezone.localdate()},
    )


def coordinator_referral(request, pk):
    referral = coordinator_referral_for(request, pk)
    steps = set(permissions.referral_steps_for(request.user, referral))
    return render(
        request,
        "mappa/coordinator/referral.html",
        {
            "referral": referral,
            "case": referral.case,
            "events": referral.events.select_related("actor"),
            "decisions": referral.mappa_decisions.select_related("decided_by").order_by("decided_at", "pk"),
            "dispute_meeting": DisputeMeeting.objects.filter(referral=referral)
            .select_related("coordinator", "recorded_by", "escalation")
            .first(),
            "actions": [(label, name) for label, name, actions in STEP_PAGES if steps.intersection(actions)],
            "today": timezone.localdate(),
        },
    )


def _step(request, pk, *, actions, form_class, title, save, success):
    referral = coordinator_referral_for(request, pk)
    detail_url = reverse("mappa:coordinator-referral", kwargs={"pk": referral.pk})
    if request.method != "POST" and not set(actions).intersection(
        permissions.referral_steps_for(request.user, referral)
    ):
        return moved_on(request, detail_url)
    return form_page(
        request,
        referral.case,
        form_class(request.POST or None),
        title=title,
        save=lambda form: save(referral, form.cleaned_data),
        success=success,
        back_url=detail_url,
        template="mappa/coordinator/step.html",
        extra={
            "referral": referral,
            "answer": referral.events.filter(action=Action.COORDINATOR_ANSWERED)
            .order_by("-happened_at", "-pk")
            .first(),
        },
    )


def coordinator_acknowledge(request, pk):
    return _step(
        request,
        pk,
        actions=(Action.ACKNOWLEDGED,),
        form_class=AcknowledgeForm,
        title="Acknowledge the MAPPA referral",
        save=lambda r, d: coordinators.acknowledge_mappa_referral(r, by=request.user),
        success="Referral acknowledged. The officer has been told.",
    )


def coordinator_ask(request, pk):
    return _step(
        request,
        pk,
        actions=(Action.COORDINATOR_ASKED,),
        form_class=QuestionForm,
        title="Ask the officer for more information",
        save=lambda r, d: coordinators.ask_for_more_information(r, by=request.user, question=d["question"]),
        success="The officer has been asked for more information.",
    )


def coordinator_decide(request, pk):
    return _step(
        request,
        pk,
        actions=(Action.ACCEPTED, Action.REJECTED),
        form_class=DecisionForm,
        title="Record the MAPPA unit's decision",
        save=lambda r, d: coordinators.decide_referral(r, by=request.user, decision=d["decision"], reason=d["reason"]),
        success="Decision recorded. The officer has been told.",
    )


def coordinator_revise(request, pk):
    return _step(
        request,
        pk,
        actions=(Action.REVISED_ACCEPTED, Action.REVISED_REJECTED),
        form_class=RevisedDecisionForm,
        title="Record your revised decision",
        save=lambda r, d: coordinators.revise_decision(r, by=request.user, decision=d["decision"], reason=d["reason"]),
        success="Revised decision recorded. The officer, line manager and Head of Public Protection have been told.",
    )
