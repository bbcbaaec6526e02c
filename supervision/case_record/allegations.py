"""Allegations of breach and police intelligence on the case record: the "Allegations" tab, chronology entries
and the overview's open work. Registered from SupervisionConfig.ready() through the same extension points mappa
uses; each source costs a fixed number of queries whatever the case holds."""

from django.urls import reverse
from django.utils import timezone

from supervision.case_record.chronology import SOURCES, Entry, Source, start_of
from supervision.case_record.open_work import OPEN_WORK_SOURCES, OpenWorkItem
from supervision.case_record.tabs import CASE_TABS, CaseTab
from supervision.models import (
    AllegationAccount,
    AllegationEvent,
    AllegationFinding,
    PoliceIntelligence,
    VerificationStep,
)

TAB = CaseTab("allegations", "Allegations", "supervision:case-allegations")
KIND = "allegations"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _url(case, allegation_id) -> str:
    return reverse("supervision:allegation-detail", kwargs={"crn": case.crn, "pk": allegation_id})


def allegation_entries(case):
    """Each step of each allegation (recorded, investigation started, findings, withdrawal), each account and
    check, and police intelligence: five queries."""
    events = (
        AllegationEvent.objects.filter(allegation__case=case)
        .exclude(action__in=[AllegationEvent.Action.FINDING_RECORDED, AllegationEvent.Action.FINDING_REVISITED])
        .select_related("allegation", "actor")
    )
    for event in events:
        allegation = event.allegation
        is_recorded = event.action == AllegationEvent.Action.RECEIVED
        details = [("Reported by", allegation.get_reported_by_display())]
        if is_recorded:
            details.append(("Alleged event", f"{allegation.alleged_on:%-d %B %Y}"))
        yield Entry(
            kind=KIND,
            at=event.happened_at,
            title=f"Allegation of breach: {event.get_action_display().lower()}",
            by=_name(event.actor),
            description=allegation.description if is_recorded else event.reason,
            details=details,
            url=_url(case, allegation.pk),
        )
    for finding in AllegationFinding.objects.filter(allegation__case=case).select_related("decided_by"):
        yield Entry(
            kind=KIND,
            at=start_of(finding.decided_on),
            has_time=False,
            title="Allegation of breach: finding revisited" if finding.replaces_id else "Allegation of breach: finding",
            by=_name(finding.decided_by),
            description=finding.rationale,
            details=[("Why revisited", finding.revisit_reason)] if finding.replaces_id else [],
            url=_url(case, finding.allegation_id),
            tag=finding.get_outcome_display(),
        )
    for account in AllegationAccount.objects.filter(allegation__case=case).select_related("recorded_by"):
        yield Entry(
            kind=KIND,
            at=start_of(account.given_on),
            has_time=False,
            title=f"Account given on an allegation: {account.giver}",
            by=_name(account.recorded_by),
            description=account.account,
            url=_url(case, account.allegation_id),
            is_sensitive=account.is_victim_information,
        )
    for step in VerificationStep.objects.filter(allegation__case=case).select_related("recorded_by"):
        yield Entry(
            kind=KIND,
            at=start_of(step.carried_out_on),
            has_time=False,
            title=f"Allegation checked: {step.get_kind_display().lower()}",
            by=_name(step.recorded_by),
            description=step.result,
            url=_url(case, step.allegation_id),
        )
    for report in PoliceIntelligence.objects.filter(case=case).select_related("recorded_by"):
        yield Entry(
            kind=KIND,
            at=start_of(report.received_on),
            has_time=False,
            title=f"Police intelligence from {report.source}",
            by=_name(report.recorded_by),
            description=report.description,
            details=[("Relevance to risk", report.get_relevance_display())],
            url=_url(case, report.allegation_id) if report.allegation_id else "",
        )


def allegations_awaiting_response(case, *, now):
    """Allegations nobody has started to investigate: urgent once the first response is overdue. One query."""
    today = timezone.localdate(now)
    for allegation in case.allegations.awaiting_first_response().order_by("first_response_due_on", "pk"):
        overdue = allegation.is_past_due_on(today)
        yield OpenWorkItem(
            f"Respond to the allegation received {allegation.received_on:%-d %B %Y}: first response due "
            f"{allegation.first_response_due_on:%-d %B %Y}" + (" (overdue)" if overdue else ""),
            _url(case, allegation.pk),
            is_urgent=overdue,
        )


def register():
    """Called from SupervisionConfig.ready(); safe to call twice. The tab goes after the risk flags."""
    if TAB not in CASE_TABS:
        CASE_TABS.append(TAB)
    source = Source(KIND, "Allegations and police intelligence", allegation_entries)
    if source not in SOURCES:
        SOURCES.append(source)
    if allegations_awaiting_response not in OPEN_WORK_SOURCES:
        OPEN_WORK_SOURCES.append(allegations_awaiting_response)
