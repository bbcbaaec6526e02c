"""Recalls on the case record: each step of each recall on the chronology, a recall in progress in the overview's
open work, and the recalls waiting on a caseload in "My work". Registered from SupervisionConfig.ready(); each
source costs a fixed number of queries whatever the case holds."""

from django.urls import reverse
from django.utils import timezone

from supervision.case_record.chronology import SOURCES, Entry, Source
from supervision.case_record.open_work import OPEN_WORK_SOURCES, OpenWorkItem
from supervision.models import Recall, RecallEvent

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


def recall_in_progress(case, *, now):
    """The case's recall in progress (at most one: a unique constraint), urgent once its deadline has passed or
    once it is requested. One query."""
    for recall in case.recalls.in_progress():
        waiting, deadline = recall.waits_for()
        late = deadline is not None and deadline < now
        text = f"{recall.get_kind_display()} recall {waiting}"
        if deadline is not None:
            text += f", due {_when(deadline)}" + (" (late)" if late else "")
        yield OpenWorkItem(text, recall.get_absolute_url(), is_urgent=late or deadline is None)


def register():
    """Called from SupervisionConfig.ready(); safe to call twice."""
    source = Source(KIND, "Recalls", recall_entries)
    if source not in SOURCES:
        SOURCES.append(source)
    if recall_in_progress not in OPEN_WORK_SOURCES:
        OPEN_WORK_SOURCES.append(recall_in_progress)
