"""Enforcement decisions on the case record: the Enforcement tab, recording a decision, and a decision's page.

Anyone who may open the case reads its decisions; the case's own work (responsible officer, line manager or
cover, the region's Head of Public Protection) records them (`permissions.may_record_enforcement_decision`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from caseworks.errors import RuleBroken
from supervision import permissions
from supervision.forms.enforcement import EnforcementDecisionForm
from supervision.models import Case, Contact, EnforcementDecision
from supervision.services import enforcement as services
from supervision.services.absence_decisions import absences_awaiting_decision
from supervision.views.base import case_context, case_page, case_work_page, form_page


def _tab_url(case):
    return reverse("supervision:case-enforcement", kwargs={"crn": case.crn})


def _decisions(case):
    """The case's decisions with everything the tab draws: five queries however many decisions and evidence."""
    return (
        case.enforcement_decisions.select_related("decided_by", "recall")
        .prefetch_related(
            "allegations",
            Prefetch("contacts", queryset=Contact.objects.select_related("contact_type").order_by("starts_at")),
            "police_intelligence",
        )
        .order_by("-decided_on", "-pk")
    )


def _absences_awaiting_decision(case, *, today):
    """Unacceptable absences with no decision yet, each with the day its decision is due, from the one computation
    (`supervision.services.absence_decisions`)."""
    absences = list(
        absences_awaiting_decision(cases=Case.objects.filter(pk=case.pk))
        .select_related("contact_type")
        .order_by("absence_judged_on", "pk")
    )
    for contact in absences:
        contact.is_decision_overdue = contact.decision_due_on < today
    return absences


def _mark_in_force(decisions, today):
    for decision in decisions:
        decision.is_in_force = decision.is_in_force_on(today)
    return decisions


@case_page
def case_enforcement(request, case):
    context = case_context(case, tab="enforcement")
    today = context["today"]
    decisions = _mark_in_force(list(_decisions(case)), today)
    context.update(
        decisions=decisions,
        warnings_in_force=[decision for decision in decisions if decision.is_in_force],
        absences=_absences_awaiting_decision(case, today=today),
        # A closed or recalled case takes no new decision (the service refuses one): the page does not offer it.
        may_record=case.status == Case.Status.ACTIVE
        and permissions.may_record_enforcement_decision(request.user, case),
    )
    return render(request, "supervision/enforcement/list.html", context)


@case_page
def enforcement_detail(request, case, pk):
    decision = get_object_or_404(_decisions(case), pk=pk)
    context = case_context(case, tab="enforcement", decision=decision)
    decision.is_in_force = decision.is_in_force_on(context["today"])
    recall = getattr(decision, "recall", None)
    context["recall_events"] = list(recall.events.select_related("actor")) if recall else []
    return render(request, "supervision/enforcement/detail.html", context)


def _preselected(request, name) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


@case_work_page
def enforcement_create(request, case):
    if not permissions.may_record_enforcement_decision(request.user, case):
        raise PermissionDenied
    form = EnforcementDecisionForm(
        request.POST or None,
        case=case,
        allegation_id=_preselected(request, "allegation"),
        contact_id=_preselected(request, "contact"),
    )

    def save(form) -> EnforcementDecision:
        try:
            return services.record_enforcement_decision(case, by=request.user, **form.service_arguments())
        except RuleBroken as error:
            for rule in error.every_rule:
                rule.field = form.field_for(rule.field)
            raise

    return form_page(
        request,
        case,
        form,
        title="Record an enforcement decision",
        intro="Link the evidence the decision rests on. A recall is a recommendation: the line manager endorses it "
        "and the Head of Public Protection countersigns it.",
        save=save,
        success="Enforcement decision recorded",
        back_url=_tab_url(case),
    )
