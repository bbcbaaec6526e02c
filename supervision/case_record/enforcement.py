"""Enforcement decisions on the case record and in My work: the "Enforcement" tab, chronology entries, the
My work's "Unacceptable absences needing an enforcement decision". Registered from
SupervisionConfig.ready() through the same extension points allegations use; each source costs a fixed number of
queries whatever the case (or caseload) holds.

An unacceptable absence needs a decision within `EnforcementPolicy.unacceptable_absence_decision_days` of being
judged unacceptable; it shows as work from the day it is judged, due on that day plus the policy's days, until a
decision links it as evidence.
"""

from django.urls import reverse
from django.utils import timezone

from supervision.case_record.chronology import SOURCES, Entry, Source, start_of
from supervision.case_record.tabs import CASE_TABS, CaseTab
from supervision.models import EnforcementDecision
from supervision.work import WorkItem, WorkSource, register_work_sources

TAB = CaseTab("enforcement", "Enforcement", "supervision:case-enforcement")
KIND = "enforcement"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _decision_url(crn, decision_id) -> str:
    return reverse("supervision:enforcement-detail", kwargs={"crn": crn, "pk": decision_id})


def record_decision_url(crn, contact_id) -> str:
    return reverse("supervision:enforcement-create", kwargs={"crn": crn}) + f"?contact={contact_id}"


def decision_entries(case):
    """Each decision, with its evidence counted and a recall's status: one query."""
    decisions = EnforcementDecision.objects.filter(case=case).select_related("decided_by", "recall")
    for decision in decisions:
        details = []
        if decision.in_force_until:
            details.append(("In force until", f"{decision.in_force_until:%-d %B %Y}"))
        if decision.alternatives_considered:
            details.append(("Alternatives to recall considered", decision.alternatives_considered))
        recall = getattr(decision, "recall", None)
        if recall is not None:
            details.append(("Recall", recall.get_status_display()))
        yield Entry(
            kind=KIND,
            at=start_of(decision.decided_on),
            has_time=False,
            title=f"Enforcement decision: {decision.get_kind_display().lower()}",
            by=_name(decision.decided_by),
            description=decision.rationale,
            details=details,
            url=_decision_url(case.crn, decision.pk),
            tag=decision.get_kind_display(),
        )


def absences_needing_decision(cases, *, today, now):
    """My work: every unacceptable absence on these cases with no decision yet, from the day it was judged (the
    decision is the officer's next step, not something to plan for later), due on the day the one computation
    (`supervision.services.absence_decisions`) gives. Two queries: the policy and the absences."""
    from supervision.services.absence_decisions import absences_awaiting_decision

    absences = (
        absences_awaiting_decision(cases=list(cases))
        .select_related("contact_type")
        .only("pk", "case_id", "starts_at", "absence_judged_on", "contact_type__name")
    )
    for contact in absences:
        yield WorkItem(
            kind="enforcement-decision",
            case_id=contact.case_id,
            title=f"Unacceptable absence from the {contact.contact_type.name.lower()} on "
            f"{timezone.localtime(contact.starts_at):%-d %B %Y}",
            due_on=contact.decision_due_on,
            url=record_decision_url(cases[contact.case_id].crn, contact.pk),
            action="Record an enforcement decision",
            is_overdue=contact.decision_due_on < today,
        )


WORK_SOURCE = WorkSource(
    "enforcement-decision", "Unacceptable absences needing an enforcement decision", absences_needing_decision, order=22
)


def register():
    """Called from SupervisionConfig.ready(); safe to call twice. The tab goes after the allegations."""
    if TAB not in CASE_TABS:
        CASE_TABS.append(TAB)
    source = Source(KIND, "Enforcement decisions", decision_entries)
    if source not in SOURCES:
        SOURCES.append(source)
    register_work_sources(WORK_SOURCE)
