"""Enforcement decisions outstanding: the unacceptable absences still waiting for an enforcement decision, for the
people who answer for them (a line manager: their team's; a Head of Public Protection: their region's; a
responsible officer: their own cases), the longest overdue first."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from supervision import permissions
from supervision.services.absence_decisions import absences_awaiting_decision, current_policy
from supervision.views.base import refuse_without_case_role

PAGE_SIZE = 25


def enforcement_outstanding(request):
    """One page of absences in a fixed number of queries, from the computation the job and My work share."""
    user = request.user
    if not permissions.may_use_case_pages(user):
        return refuse_without_case_role(request)
    today = timezone.localdate()
    policy = current_policy()
    absences = absences_awaiting_decision(cases=permissions.cases_in_oversight_of(user), policy=policy)
    page = Paginator(
        absences.select_related("case__responsible_officer", "case__team", "contact_type").order_by(
            "decision_due_on", "case__crn", "pk"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for absence in page.object_list:
        absence.days_overdue = (today - absence.decision_due_on).days
    return render(
        request,
        "supervision/absence_decisions/outstanding.html",
        {
            "page": page,
            "overdue_count": absences.filter(decision_due_on__lt=today).count(),
            "show_officer": permissions.may_manage_team(user),
            "policy": policy,
        },
    )
