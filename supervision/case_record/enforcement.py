"""Enforcement decisions on the case record and in My work: the "Enforcement" tab, chronology entries, the
My work's "Unacceptable absences needing an enforcement decision". Registered from
SupervisionConfig.ready() through the same extension points allegations use; each source costs a fixed number of
queries whatever the case (or caseload) holds.

An unacceptable absence needs a decision within `EnforcementPolicy.unacceptable_absence_decision_days` of being
judged unacceptable; it shows as work from the day it is judged, due on that day plus the policy's days, until a
decision links it as evidence.
"""

from django.urls import reverse

from supervision.case_record.chronology import SOURCES, Entry, Source, start_of
from supervision.case_record.tabs import CASE_TABS, CaseTab
from supervision.models import EnforcementDecision

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


def register():
    """Called from SupervisionConfig.ready(); safe to call twice. The tab goes after the allegations."""
    if TAB not in CASE_TABS:
        CASE_TABS.append(TAB)
    source = Source(KIND, "Enforcement decisions", decision_entries)
    if source not in SOURCES:
        SOURCES.append(source)
