"""Recalls on the case record: each step of each recall on the chronology, a recall in progress in the overview's
open work, and the recalls waiting on a caseload in "My work". Registered from SupervisionConfig.ready(); each
source costs a fixed number of queries whatever the case holds."""

from django.urls import reverse
from django.utils import timezone

from supervision.case_record.chronology import SOURCES, Entry, Source
from supervision.case_record.open_work import OPEN_WORK_SOURCES, OpenWorkItem
from supervision.models import Recall, RecallEvent
from supervision.work import WorkItem, WorkSource, register_work_sources

KIND = "recalls"
Status = Recall.Status


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def recall_entries(case):
    """Every step of every recall on the case (recommended, endorsed, countersigned, confirmed, refused,
    withdrawn), with who took it and why. One query."""
    events = RecallEvent.objects.filter(recall__case=case).select_related("recall", "actor")
    for event in events:
        recall = event.recall
        yield Entry(
            kind=KIND,
            at=event.happened_at,
            title=f"{event.get_action_display()} ({recall.get_kind_display().lower()} recall)",
            by=_name(event.actor),
            description=event.reason,
            url=reverse("supervision:recall-detail", kwargs={"crn": case.crn, "pk": recall.pk}),
            tag="Emergency" if recall.kind == Recall.Kind.EMERGENCY else "",
        )


def _waiting_for(recall) -> tuple[str, object]:
    """What the recall waits for and by when (None: no deadline)."""
    if recall.status == Status.RECOMMENDED:
        return "waiting for the line manager's endorsement", recall.endorse_by
    if recall.status == Status.ENDORSED:
        return "waiting for the Head of Public Protection's countersignature", recall.countersign_by
    return "requested: record the confirmation when the person is returned to custody", None


def recall_in_progress(case, *, now):
    """The case's recall in progress (at most one: a unique constraint), urgent once its deadline has passed or
    once it is requested. One query."""
    for recall in case.recalls.in_progress():
        waiting, deadline = _waiting_for(recall)
        late = deadline is not None and deadline < now
        text = f"{recall.get_kind_display()} recall {waiting}"
        if deadline is not None:
            text += f", due {_when(deadline)}" + (" (late)" if late else "")
        yield OpenWorkItem(text, recall.get_absolute_url(), is_urgent=late or deadline is None)


def recalls_in_progress(cases, *, today, now):
    """My work: recalls in progress on these cases, the deadline of the signature each waits for (a requested
    recall is due today: its confirmation is the officer's next step)."""
    for recall in Recall.objects.in_progress().filter(case_id__in=list(cases)):
        waiting, deadline = _waiting_for(recall)
        yield WorkItem(
            kind=KIND,
            case_id=recall.case_id,
            title=f"{recall.get_kind_display()} recall {waiting}",
            due_on=timezone.localdate(deadline) if deadline else today,
            due_at=deadline,
            url=reverse("supervision:recall-detail", kwargs={"crn": cases[recall.case_id].crn, "pk": recall.pk}),
            action="Open the recall",
            is_overdue=deadline is not None and deadline < now,
        )


def register():
    """Called from SupervisionConfig.ready(); safe to call twice."""
    source = Source(KIND, "Recalls", recall_entries)
    if source not in SOURCES:
        SOURCES.append(source)
    if recall_in_progress not in OPEN_WORK_SOURCES:
        OPEN_WORK_SOURCES.append(recall_in_progress)
    register_work_sources(WorkSource(KIND, "Recalls in progress", recalls_in_progress, order=15))
