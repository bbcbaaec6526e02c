"""Intake and allocation on the case record: the "Allocation" tab, the open-work item of a case waiting in its
team's allocation queue, and the chronology's allocation entries. Registered from SupervisionConfig.ready()."""

from django.urls import reverse
from django.utils import timezone

from supervision.case_record.chronology import SOURCES, Entry, Source, _name
from supervision.case_record.open_work import OPEN_WORK_SOURCES, OpenWorkItem
from supervision.case_record.tabs import CASE_TABS, CaseTab


def waiting_for_allocation(case, *, now):
    """No query: the case itself says whether it waits."""
    if case.responsible_officer_id is None:
        since = timezone.localtime(case.awaiting_allocation_since)
        yield OpenWorkItem(
            f"Waiting for allocation to an officer since {since:%-d %B %Y}",
            reverse("supervision:case-allocate", kwargs={"crn": case.crn}),
            is_urgent=True,
        )


def _officer(user) -> str:
    return _name(user) if user is not None else "the team's allocation queue"


def allocation_entries(case):
    """One query: every allocation record of the case."""
    allocations = case.allocations.select_related("from_team", "to_team", "from_officer", "to_officer", "by")
    for allocation in allocations:
        details = []
        if allocation.from_team_id and allocation.from_team_id != allocation.to_team_id:
            details.append(("From team", allocation.from_team.name))
        details.append(("Team", allocation.to_team.name))
        if allocation.from_officer_id:
            details.append(("From", _name(allocation.from_officer)))
        details.append(("To", _officer(allocation.to_officer)))
        yield Entry(
            kind="allocation",
            at=allocation.at,
            title=allocation.get_kind_display(),
            by=_name(allocation.by),
            description=allocation.reason,
            details=details,
            url=reverse("supervision:case-allocation", kwargs={"crn": case.crn}),
        )


def register() -> None:
    tab = CaseTab("allocation", "Allocation", "supervision:case-allocation")
    if tab not in CASE_TABS:
        CASE_TABS.append(tab)
    if waiting_for_allocation not in OPEN_WORK_SOURCES:
        OPEN_WORK_SOURCES.insert(0, waiting_for_allocation)
    if not any(source.kind == "allocation" for source in SOURCES):
        SOURCES.append(Source("allocation", "Allocation and transfers", allocation_entries))
