"""The escalation queues and an escalation's page: fetch through permissions → validate → call a service →
redirect.

An escalation outside the user's access is a 404; a decision by anyone but the manager it is assigned to is
a 403; a decision on an escalation that has moved on is refused with a GOV.UK message.
"""

from datetime import timedelta

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from mappa import permissions
from mappa.forms.escalations import HeadOfPublicProtectionDecisionForm, LineManagerDecisionForm
from mappa.forms.referrals import InformationForm
from mappa.models import Escalation, Referral, ReferralEvent
from mappa.services import disputes, escalations
from mappa.views.lookups import escalation_for, moved_on, require
from supervision.permissions import cases_visible_to
from supervision.views.base import case_context, form_page

Action = ReferralEvent.Action
Status = Referral.Status

# Each choice on the decision forms: the step it takes and what the manager is told once it is saved.
DECISIONS = {
    LineManagerDecisionForm.ACCEPT: (Action.REJECTION_ACCEPTED, "Rejection accepted. The officer has been told."),
    LineManagerDecisionForm.MORE_INFORMATION: (
        Action.MORE_INFORMATION_REQUESTED,
        "The officer has been asked for more information.",
    ),
    LineManagerDecisionForm.ESCALATE: (Action.ESCALATED_TO_HOPP, "Escalated to the Head of Public Protection."),
    HeadOfPublicProtectionDecisionForm.UPHOLD: (Action.REJECTION_UPHELD, "Rejection upheld."),
    HeadOfPublicProtectionDecisionForm.DISPUTE: (
        Action.DISPUTED,
        "Dispute meeting recorded. The MAPPA co-ordinator has been asked for a revised decision.",
    ),
}


def escalation_queue(request):
    """The line manager's queue: rejected MAPPA referrals to decide on, and referrals waiting for endorsement."""
    require(permissions.has_escalation_queue(request.user))
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
    require(permissions.has_hopp_queue(request.user))
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


# Relationships the officer learned of this recently count as new on the escalation page's risk summary.
NEW_RELATIONSHIP_DAYS = 90


def risk_summary(case) -> dict:
    """What the manager needs to decide without leaving the page: RoSH and MAPPA (on the case), the acute risk
    factors awaiting review (case_context has them), the victims and vulnerable people among the key
    individuals, and the relationships learned of in the last 90 days. Two queries whatever the case holds."""
    since = timezone.localdate() - timedelta(days=NEW_RELATIONSHIP_DAYS)
    people = case.key_individuals.filter(
        Q(is_victim=True) | Q(is_potential_victim=True) | Q(is_vulnerable=True) | Q(is_pregnant=True)
    ).order_by("name", "pk")
    return {
        "people_at_risk": list(people),
        "new_relationships": list(
            case.relationship_disclosures.filter(learned_on__gte=since).select_related("key_individual")
        ),
        "new_relationship_days": NEW_RELATIONSHIP_DAYS,
    }


def _decide(escalation, data, *, by):
    today = timezone.localdate()
    choice, rationale = data["action"], data["rationale"]
    if choice == LineManagerDecisionForm.ACCEPT:
        escalations.accept_rejection(escalation, by=by, rationale=rationale)
    elif choice == LineManagerDecisionForm.MORE_INFORMATION:
        escalations.request_more_information(escalation, by=by, rationale=rationale)
    elif choice == LineManagerDecisionForm.ESCALATE:
        escalations.escalate_to_head_of_public_protection(escalation, by=by, rationale=rationale, on=today)
    elif choice == HeadOfPublicProtectionDecisionForm.UPHOLD:
        escalations.uphold_rejection(escalation, by=by, rationale=rationale)
    else:
        disputes.record_dispute_meeting(
            escalation,
            by=by,
            held_on=data["held_on"],
            coordinator=data["coordinator"].user,
            attendees=data["attendees"],
            considered=data["considered"],
            rationale=rationale,
            on=today,
        )


def escalation_detail(request, pk):
    """The rejected referral and its history; for the manager it is assigned to, while it is unresolved, the
    decision form offering the steps their level can take."""
    escalation = escalation_for(request, pk)
    user = request.user
    is_hopp = escalation.level == Escalation.Level.HEAD_OF_PUBLIC_PROTECTION
    form_class = HeadOfPublicProtectionDecisionForm if is_hopp else LineManagerDecisionForm
    offered = [DECISIONS[choice][0] for choice, _ in form_class.base_fields["action"].choices]
    if request.method == "POST":
        require(any(permissions.may_take_escalation_step(user, escalation, action) for action in offered))
    may_decide = bool(set(offered).intersection(permissions.escalation_steps_for(user, escalation)))
    referral = escalation.referral
    queue_url = reverse("mappa:hopp-queue" if is_hopp else "mappa:queue")
    extra = {
        "escalation": escalation,
        "referral": referral,
        "events": referral.events.select_related("actor"),
        **risk_summary(referral.case),
    }
    if not (may_decide or request.method == "POST"):
        return render(request, "mappa/escalation_detail.html", case_context(referral.case, back_url=queue_url, **extra))
    if is_hopp:
        coordinators = disputes.coordinators_for_case(referral.case).select_related("user", "pdu", "region")
        form = form_class(request.POST or None, coordinators=coordinators)
    else:
        form = form_class(request.POST or None)
    choice = form.cleaned_data["action"] if form.is_valid() else None
    return form_page(
        request,
        referral.case,
        form,
        title=f"Rejected {referral.get_kind_display()} referral",
        save=lambda form: _decide(escalation, form.cleaned_data, by=user),
        success=DECISIONS[choice][1] if choice else "",
        back_url=queue_url,
        template="mappa/escalation_detail.html",
        extra=extra,
    )


def escalation_answer(request, pk):
    """The responsible officer answers the manager's request for more information."""
    escalation = escalation_for(request, pk)
    require(permissions.may_take_escalation_step(request.user, escalation, Action.INFORMATION_PROVIDED))
    referral = escalation.referral
    detail_url = reverse("mappa:referral-detail", kwargs={"pk": referral.pk})
    steps = permissions.escalation_steps_for(request.user, escalation)
    if request.method != "POST" and Action.INFORMATION_PROVIDED not in steps:
        return moved_on(request, detail_url)
    question = referral.events.filter(action=Action.MORE_INFORMATION_REQUESTED).order_by("-happened_at", "-pk").first()
    return form_page(
        request,
        referral.case,
        InformationForm(request.POST or None),
        title="Give your line manager more information",
        save=lambda form: escalations.provide_information(
            escalation, by=request.user, information=form.cleaned_data["rationale"]
        ),
        success="Your answer has gone to your line manager.",
        back_url=detail_url,
        template="mappa/referral_step.html",
        extra={"referral": referral, "question": question},
    )
