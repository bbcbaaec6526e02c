""" "My work": what needs doing across a caseload (an officer's, or a team's), and by when, as one list.

Each kind of work is a `WorkSource` in `WORK_SOURCES`: supervision registers its own (appointments, outcomes,
evidence, contact requirements, risk flag reviews: supervision/work/sources.py) and mappa adds referrals and
MAPPA actions from MappaConfig.ready() (mappa/work_items.py), so supervision never imports mappa. A source is
given the cases (by id) and returns its items in a fixed number of queries, whatever the number of cases.

The list is sorted by urgency: overdue first, then by due date (and time, for appointments). Work "due soon" is
due within `DUE_SOON_DAYS`, the week ahead an officer plans.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from supervision.models import Case

# The week ahead: appointments, reviews and actions due within it show before they are late.
DUE_SOON_DAYS = 7


@dataclass
class WorkItem:
    """One thing to do on one case. `url` is the page where it is done; `action` the link's words."""

    kind: str
    case_id: int
    title: str
    due_on: date
    url: str
    action: str
    is_overdue: bool = False
    due_at: datetime | None = None  # appointments: their time, for the order within a day
    case: Case | None = field(default=None, repr=False)
    kind_label: str = ""

    def sort_key(self):
        moment = timezone.localtime(self.due_at).time() if self.due_at else time.min
        return (not self.is_overdue, self.due_on, moment, self.case_id, self.title)


@dataclass(frozen=True)
class WorkSource:
    kind: str
    label: str  # the filter's words for the kind, e.g. "Outcomes to record"
    items: Callable  # (cases: dict[int, Case], *, today: date, now: datetime) -> Iterable[WorkItem]
    order: int


WORK_SOURCES: list[WorkSource] = []


def register_work_sources(*sources: WorkSource) -> None:
    """Called from an AppConfig.ready(); safe to call twice."""
    WORK_SOURCES.extend(source for source in sources if source not in WORK_SOURCES)
    WORK_SOURCES.sort(key=lambda source: source.order)


def work_kinds() -> list[tuple[str, str]]:
    return [(source.kind, source.label) for source in WORK_SOURCES]


def due_soon_until(today: date) -> date:
    return today + timedelta(days=DUE_SOON_DAYS)


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def work_for(cases: Iterable[Case], *, now: datetime, kinds: Iterable[str] | None = None) -> list[WorkItem]:
    """Every item of work on these cases (already fetched, each with its officer), most urgent first."""
    by_id = {case.pk: case for case in cases}
    if not by_id:
        return []
    wanted = set(kinds) if kinds else None
    today = timezone.localdate(now)
    items: list[WorkItem] = []
    for source in WORK_SOURCES:
        if wanted is not None and source.kind not in wanted:
            continue
        for item in source.items(by_id, today=today, now=now):
            item.case = by_id[item.case_id]
            item.kind_label = item.kind_label or source.label
            items.append(item)
    return sorted(items, key=WorkItem.sort_key)


def _group(officer) -> dict:
    if officer is None:
        return {"officer": None, "name": "Awaiting allocation", "anchor": "awaiting-allocation", "items": []}
    name = officer.get_full_name() or officer.username
    return {"officer": officer, "name": name, "anchor": f"officer-{officer.pk}", "items": []}


def group_by_officer(items: list[WorkItem], officers) -> list[dict]:
    """A team's work under each officer, with their count; officers with nothing to do are listed too, and work on
    cases waiting for an officer comes last, under "Awaiting allocation"."""
    groups = {officer.pk: _group(officer) for officer in officers}
    for item in items:
        officer = item.case.responsible_officer
        key = officer.pk if officer is not None else None
        if key not in groups:
            groups[key] = _group(officer)
        groups[key]["items"].append(item)
    waiting = groups.pop(None, None)
    return list(groups.values()) + ([waiting] if waiting else [])
