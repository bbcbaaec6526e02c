"""My work's sources for the later casework: recalls in progress, unacceptable absences waiting for an enforcement
decision, and actions from management oversight. Each reads the same one computation as the case record (the
recall's deadline, `supervision.services.absence_decisions`, `open_oversight_actions`) in a fixed number of
queries whatever the number of cases; registered from SupervisionConfig.ready()."""

from django.urls import reverse
from django.utils import timezone

from supervision.models import Recall
from supervision.models.oversight import open_oversight_actions
from supervision.services.absence_decisions import absences_awaiting_decision
from supervision.work import WorkItem, WorkSource, register_work_sources


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def recalls_in_progress(cases, *, today, now):
    """Recalls in progress on these cases, the deadline of the signature each waits for (a requested recall is due
    today: its confirmation is the officer's next step). One query."""
    for recall in Recall.objects.in_progress().filter(case_id__in=list(cases)):
        waiting, deadline = recall.waits_for()
        yield WorkItem(
            kind="recalls",
            case_id=recall.case_id,
            title=f"{recall.get_kind_display()} recall {waiting}",
            due_on=timezone.localdate(deadline) if deadline else today,
            due_at=deadline,
            url=reverse("supervision:recall-detail", kwargs={"crn": cases[recall.case_id].crn, "pk": recall.pk}),
            action="Open the recall",
            is_overdue=deadline is not None and deadline < now,
        )


def absences_needing_decision(cases, *, today, now):
    """Every unacceptable absence on these cases with no decision yet, from the day it was judged (the decision is
    the officer's next step, not something to plan for later). Two queries: the policy and the absences."""
    absences = (
        absences_awaiting_decision(cases=list(cases))
        .select_related("contact_type")
        .only("pk", "case_id", "starts_at", "absence_judged_on", "contact_type__name")
    )
    for contact in absences:
        record = reverse("supervision:enforcement-create", kwargs={"crn": cases[contact.case_id].crn})
        yield WorkItem(
            kind="enforcement-decision",
            case_id=contact.case_id,
            title=f"Unacceptable absence from the {contact.contact_type.name.lower()} on "
            f"{timezone.localtime(contact.starts_at):%-d %B %Y}",
            due_on=contact.decision_due_on,
            url=f"{record}?contact={contact.pk}",
            action="Record an enforcement decision",
            is_overdue=contact.decision_due_on < today,
        )


def oversight_work(cases, *, today, now):
    """Actions from management oversight on these cases, due soonest first, overdue marked. One query."""
    for action in open_oversight_actions(list(cases), on=today):
        yield WorkItem(
            kind="oversight-action",
            case_id=action.case_id,
            title=f"{action.description[:120]} (set by {_name(action.record.recorded_by)})",
            due_on=action.due_on,
            url=reverse(
                "supervision:oversight-action-done", kwargs={"crn": cases[action.case_id].crn, "pk": action.pk}
            ),
            action="Mark the action done",
            is_overdue=action.is_overdue,
        )


WORK_SOURCES = (
    WorkSource("recalls", "Recalls in progress", recalls_in_progress, order=15),
    WorkSource(
        "enforcement-decision",
        "Unacceptable absences needing an enforcement decision",
        absences_needing_decision,
        order=22,
    ),
    WorkSource("oversight-action", "Actions from management oversight", oversight_work, order=27),
)


def register():
    """Called from SupervisionConfig.ready(); safe to call twice."""
    register_work_sources(*WORK_SOURCES)
