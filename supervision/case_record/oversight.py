"""Management oversight and case reviews on the case record: the "Management oversight" tab, chronology entries,
the overview's open work and the officer's My work. Registered from SupervisionConfig.ready() through the same
extension points mappa uses; each source costs a fixed number of queries whatever the case holds."""

from django.urls import reverse
from django.utils import timezone

from supervision.case_record.chronology import SOURCES, Entry, Source, start_of
from supervision.case_record.open_work import OPEN_WORK_SOURCES, OpenWorkItem
from supervision.case_record.tabs import CASE_TABS, CaseTab
from supervision.case_review import sources as evidence_sources
from supervision.models import CaseReview, OversightActionEvent, OversightRecord
from supervision.models.oversight import open_oversight_actions

TAB = CaseTab("oversight", "Management oversight", "supervision:case-oversight")
KIND = "oversight"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _oversight_url(case) -> str:
    return reverse("supervision:case-oversight", kwargs={"crn": case.crn})


def oversight_entries(case):
    """Each oversight record, each action marked done and each case review: three queries."""
    for record in OversightRecord.objects.filter(case=case).select_related("recorded_by").prefetch_related("actions"):
        actions = list(record.actions.all())
        details = [("Reviewed", ", ".join(record.area_labels()))] if record.areas else []
        details += [(f"Action due {action.due_on:%-d %B %Y}", action.description) for action in actions]
        yield Entry(
            kind=KIND,
            at=start_of(record.reviewed_on),
            has_time=False,
            title="Management oversight",
            by=_name(record.recorded_by),
            description=f"{record.what_was_reviewed}\n\nDecision: {record.decision}",
            details=details,
            url=_oversight_url(case),
        )
    done = OversightActionEvent.objects.filter(
        action__case=case, step=OversightActionEvent.Action.MARKED_DONE
    ).select_related("action", "actor")
    for event in done:
        yield Entry(
            kind=KIND,
            at=event.happened_at,
            title=f"Oversight action done: {event.action.description[:80]}",
            by=_name(event.actor),
            description=event.note,
            url=_oversight_url(case),
        )
    for review in CaseReview.objects.filter(case=case).select_related("reviewed_by").prefetch_related("judgements"):
        insufficient = [j for j in review.judgements.all() if not j.is_sufficient]
        yield Entry(
            kind=KIND,
            at=review.reviewed_at,
            title="Case review: keeping people safe",
            by=_name(review.reviewed_by),
            description=review.summary,
            details=[
                ("Window", f"{review.window_from:%-d %B %Y} to {review.window_to:%-d %B %Y}"),
                ("Not sufficient", ", ".join(j.get_prompt_display() for j in insufficient) or "None"),
            ],
            url=reverse("supervision:case-review-detail", kwargs={"crn": case.crn, "pk": review.pk}),
        )


def oversight_actions_open(case, *, now):
    """Open actions from management oversight, due soonest first; urgent once overdue. One query."""
    for action in open_oversight_actions([case.pk], on=timezone.localdate(now)):
        yield OpenWorkItem(
            f"Action from management oversight: {action.description[:100]} (due {action.due_on:%-d %B %Y}"
            + (", overdue)" if action.is_overdue else ")"),
            reverse("supervision:oversight-action-done", kwargs={"crn": case.crn, "pk": action.pk}),
            is_urgent=action.is_overdue,
        )


def register():
    """Called from SupervisionConfig.ready(); safe to call twice. The tab goes after the allegations."""
    if TAB not in CASE_TABS:
        CASE_TABS.append(TAB)
    source = Source(KIND, "Management oversight and case reviews", oversight_entries)
    if source not in SOURCES:
        SOURCES.append(source)
    if oversight_actions_open not in OPEN_WORK_SOURCES:
        OPEN_WORK_SOURCES.append(oversight_actions_open)
    evidence_sources.register()
