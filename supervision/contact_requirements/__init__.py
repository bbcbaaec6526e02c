"""Contact requirements: for every active case, which contact it needs, when it was last had, and when it is due.

This is the one computation behind the caseload column, the case page panel, the rule preview and the
overdue-contacts job. It reads everything in a fixed number of queries, whatever the number of cases:

1. the active rules and their contact types and risk flags (4 queries);
2. the case-level requirements in force, with their contact types (2), and every contact type (1), both
   skipped when there is nothing to apply;
3. the cases (1) and their open risk flags (1);
4. for each case and contact type, its latest qualifying contacts (1, a window function).

Matching cases to rules then happens in memory. Rule criteria are short lists that differ per rule; doing
the match in SQL would need either a query per rule or array operators that SQLite (used by `make run`)
lacks, while the in-memory match is a few comparisons per case and rule.

Dates are Europe/London calendar days: a contact at 00:30 on the day the clocks change counts on that day.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber, TruncDate

from supervision.models import Case, CaseContactRequirement, Contact, ContactRule, ContactType, RiskFlag


class Status(Enum):
    MET = "met"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"met": "Met", "due soon": "Due soon", "overdue": "Overdue"}[self.value]

    @property
    def severity(self) -> int:
        return {"met": 0, "due soon": 1, "overdue": 2}[self.value]


def due_soon_days() -> int:
    """How many days before the due date a requirement shows as "due soon"."""
    return getattr(settings, "CONTACT_DUE_SOON_DAYS", 3)


@dataclass(frozen=True)
class CaseFacts:
    """What a rule can ask of a case, on a given day."""

    pk: int
    crn: str
    started_on: date
    expected_end_on: date
    hdc_curfew_ends_on: date | None
    rosh: str
    tier: str
    mappa_category: int | None
    mappa_level: int | None
    supervision_type: str
    responsible_officer_id: int
    flag_type_ids: frozenset[int] = frozenset()

    def final_third_starts_on(self) -> date:
        length = (self.expected_end_on - self.started_on).days
        return self.started_on + timedelta(days=math.ceil(length * 2 / 3))


@dataclass(frozen=True)
class Requirement:
    """A rule or a case-level requirement, in the one shape the computation reads."""

    key: tuple[str, int]
    description: str
    contacts_needed: int
    every_days: int | None
    first_due_days: int | None
    grace_days: int
    contact_type_ids: frozenset[int]
    notify_line_manager_after_days: int | None
    source: str  # "rule: High RoSH first 12 weeks", "case-level requirement set by Helen Carter"
    # Case-level requirements
    case_id: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    # Rule criteria (empty means any)
    match_any: bool = False
    rosh_levels: frozenset[str] = frozenset()
    tiers: frozenset[str] = frozenset()
    mappa_categories: frozenset[int] = frozenset()
    mappa_levels: frozenset[int] = frozenset()
    supervision_types: frozenset[str] = frozenset()
    flag_type_ids: frozenset[int] = frozenset()
    hdc_curfew: str = ""
    window_from_days: int = 0
    window_to_days: int | None = None
    stops_in_final_third: bool = False
    final_third_exception_rosh_levels: frozenset[str] = frozenset()
    final_third_exception_mappa: bool = False
    final_third_exception_flag_type_ids: frozenset[int] = frozenset()

    @property
    def rule_id(self) -> int | None:
        return self.key[1] if self.key[0] == "rule" else None

    @property
    def case_requirement_id(self) -> int | None:
        return self.key[1] if self.key[0] == "case" else None

    @property
    def is_one_off(self) -> bool:
        return self.every_days is None

    @classmethod
    def from_rule(cls, rule: ContactRule, *, contact_types, contact_type_ids, flag_type_ids, exception_flag_type_ids):
        return cls(
            key=("rule", rule.pk),
            description=rule.contact_description,
            contacts_needed=rule.contacts_needed,
            every_days=rule.every_days,
            first_due_days=rule.first_due_days,
            grace_days=rule.grace_days,
            contact_type_ids=rule.counted_contact_type_ids(contact_types, contact_type_ids),
            notify_line_manager_after_days=rule.notify_line_manager_after_days,
            source=f"rule: {rule.name}",
            match_any=rule.match == ContactRule.Match.ANY,
            rosh_levels=frozenset(rule.rosh_levels or ()),
            tiers=frozenset(rule.tiers or ()),
            mappa_categories=frozenset(int(c) for c in rule.mappa_categories or ()),
            mappa_levels=frozenset(int(c) for c in rule.mappa_levels or ()),
            supervision_types=frozenset(rule.supervision_types or ()),
            flag_type_ids=frozenset(flag_type_ids),
            hdc_curfew=rule.hdc_curfew,
            window_from_days=rule.window_from_days,
            window_to_days=rule.window_to_days,
            stops_in_final_third=rule.stage == ContactRule.Stage.NOT_FINAL_THIRD,
            final_third_exception_rosh_levels=frozenset(rule.final_third_exception_rosh_levels or ()),
            final_third_exception_mappa=rule.final_third_exception_mappa,
            final_third_exception_flag_type_ids=frozenset(exception_flag_type_ids),
        )

    @classmethod
    def from_case_requirement(cls, requirement: CaseContactRequirement, *, contact_types, contact_type_ids):
        set_by = requirement.set_by.get_full_name() or requirement.set_by.username
        return cls(
            key=("case", requirement.pk),
            description=requirement.contact_description,
            contacts_needed=requirement.contacts_needed,
            every_days=requirement.every_days,
            first_due_days=None,
            grace_days=requirement.grace_days,
            contact_type_ids=requirement.counted_contact_type_ids(contact_types, contact_type_ids),
            notify_line_manager_after_days=requirement.notify_line_manager_after_days,
            source=f"case-level requirement set by {set_by} until {short_date(requirement.ends_on)}",
            case_id=requirement.case_id,
            starts_on=requirement.starts_on,
            ends_on=requirement.last_day,
        )

    # Which cases ----------------------------------------------------------------------------------
    def _criteria(self, case: CaseFacts, on: date) -> list[bool]:
        checks = []
        if self.rosh_levels:
            checks.append(case.rosh in self.rosh_levels)
        if self.tiers:
            checks.append(case.tier in self.tiers)
        if self.mappa_categories:
            checks.append(case.mappa_category in self.mappa_categories)
        if self.mappa_levels:
            checks.append(case.mappa_level in self.mappa_levels)
        if self.supervision_types:
            checks.append(case.supervision_type in self.supervision_types)
        if self.flag_type_ids:
            checks.append(bool(case.flag_type_ids & self.flag_type_ids))
        if self.hdc_curfew:
            in_force = case.hdc_curfew_ends_on is not None and case.started_on <= on <= case.hdc_curfew_ends_on
            checks.append(in_force if self.hdc_curfew == ContactRule.HdcCurfew.IN_FORCE else not in_force)
        return checks

    def _continues_in_final_third(self, case: CaseFacts) -> bool:
        return (
            case.rosh in self.final_third_exception_rosh_levels
            or (self.final_third_exception_mappa and case.mappa_category is not None)
            or bool(case.flag_type_ids & self.final_third_exception_flag_type_ids)
        )

    def starts_on_for(self, case: CaseFacts, on: date) -> date | None:
        """The day the requirement started to apply to the case, or None if it does not apply on `on`."""
        if self.case_id is not None:
            if case.pk != self.case_id or not (self.starts_on <= on <= self.ends_on):
                return None
            return self.starts_on
        day_number = (on - case.started_on).days
        if day_number < self.window_from_days:
            return None
        if self.window_to_days is not None and day_number > self.window_to_days:
            return None
        if (
            self.stops_in_final_third
            and on >= case.final_third_starts_on()
            and not self._continues_in_final_third(case)
        ):
            return None
        checks = self._criteria(case, on)
        if checks and not (any(checks) if self.match_any else all(checks)):
            return None
        return case.started_on + timedelta(days=self.window_from_days)


@dataclass(frozen=True)
class QualifyingContact:
    pk: int
    case_id: int
    contact_type_id: int
    day: date
    made_by: str
    contact_type_name: str


@dataclass(frozen=True)
class RequirementStatus:
    """One requirement on one case, on one day."""

    case_id: int
    requirement: Requirement
    status: Status
    due_on: date | None  # None once a one-off contact has been made
    applies_from: date
    last_contact: QualifyingContact | None
    days_overdue: int
    explanation: str

    @property
    def is_overdue(self) -> bool:
        return self.status is Status.OVERDUE

    @property
    def frequency(self) -> str:
        return describe_frequency(self.requirement)


@dataclass
class CaseRequirements:
    """Every requirement status on one case, worst first: what the caseload column and the panel show."""

    case_id: int
    statuses: list[RequirementStatus] = field(default_factory=list)

    @property
    def worst(self) -> RequirementStatus | None:
        return self.statuses[0] if self.statuses else None

    @property
    def overdue(self) -> list[RequirementStatus]:
        return [s for s in self.statuses if s.is_overdue]


# Reading the requirements -------------------------------------------------------------------------


def load_contact_types() -> list[ContactType]:
    # Inactive types too: a contact recorded before a type was retired still counts.
    return list(ContactType.objects.only("pk", "channel", "is_home_visit"))


def stored_requirements(cases: QuerySet, *, on: date) -> list[Requirement]:
    """The active rules and the case-level requirements in force on `on` for `cases`.

    Contact types are read only when there is a requirement to apply them to, so a service with no rules
    yet costs two queries here.
    """
    rules = list(
        ContactRule.objects.filter(is_active=True).prefetch_related(
            "contact_types", "risk_flag_types", "final_third_exception_flag_types"
        )
    )
    case_requirements = list(
        CaseContactRequirement.objects.in_force_on(on)
        .filter(case__in=cases.values("pk"))
        .select_related("set_by")
        .prefetch_related("contact_types")
    )
    if not rules and not case_requirements:
        return []
    contact_types = load_contact_types()
    return [
        Requirement.from_rule(
            rule,
            contact_types=contact_types,
            contact_type_ids=[t.pk for t in rule.contact_types.all()],
            flag_type_ids=[t.pk for t in rule.risk_flag_types.all()],
            exception_flag_type_ids=[t.pk for t in rule.final_third_exception_flag_types.all()],
        )
        for rule in rules
    ] + [
        Requirement.from_case_requirement(
            r, contact_types=contact_types, contact_type_ids=[t.pk for t in r.contact_types.all()]
        )
        for r in case_requirements
    ]


def _case_facts(cases: QuerySet, *, on: date) -> list[CaseFacts]:
    fields = [
        "pk",
        "crn",
        "started_on",
        "expected_end_on",
        "hdc_curfew_ends_on",
        "rosh",
        "tier",
        "mappa_category",
        "mappa_level",
        "supervision_type",
        "responsible_officer_id",
    ]
    open_flags = defaultdict(set)
    flags = (
        RiskFlag.objects.filter(case__in=cases.values("pk"), started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values_list("case_id", "flag_type_id")
    )
    for case_id, flag_type_id in flags:
        open_flags[case_id].add(flag_type_id)
    return [
        CaseFacts(**row, flag_type_ids=frozenset(open_flags[row["pk"]])) for row in cases.order_by().values(*fields)
    ]


def end_of_day(on: date) -> datetime:
    """The first instant after the Europe/London day `on` (23 or 25 hours long on clock-change days)."""
    return datetime.combine(on + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _qualifying_contacts(cases: QuerySet, type_ids: set[int], depth: int, *, on: date):
    """Each case's latest `depth` seen contacts of each counted type, up to the end of `on`: one query."""
    if not type_ids:
        return {}
    london = ZoneInfo(settings.TIME_ZONE)
    contacts = (
        Contact.objects.filter(
            case__in=cases.values("pk"),
            contact_type_id__in=type_ids,
            outcome__in=Contact.SEEN_OUTCOMES,
            starts_at__lt=end_of_day(on),
        )
        .annotate(
            day=TruncDate("starts_at", tzinfo=london),
            position=Window(
                RowNumber(),
                partition_by=[F("case_id"), F("contact_type_id")],
                order_by=[F("starts_at").desc(), F("pk").desc()],
            ),
        )
        .filter(position__lte=depth)
        .select_related("made_by_user", "contact_type")
        .only(
            "pk",
            "case_id",
            "contact_type__name",
            "starts_at",
            "made_by",
            "made_by_name",
            "made_by_identifier",
            "made_by_agency",
            "made_by_user__first_name",
            "made_by_user__last_name",
            "made_by_user__username",
        )
        .order_by()
    )
    by_case = defaultdict(list)
    for contact in contacts:
        by_case[contact.case_id].append(
            QualifyingContact(
                pk=contact.pk,
                case_id=contact.case_id,
                contact_type_id=contact.contact_type_id,
                day=contact.day,
                made_by=contact.made_by_description,
                contact_type_name=contact.contact_type.name,
            )
        )
    for found in by_case.values():
        found.sort(key=lambda c: (c.day, c.pk), reverse=True)
    return by_case


# The computation ---------------------------------------------------------------------------------


def contact_requirements(
    *, on: date, cases: QuerySet | None = None, requirements: Iterable[Requirement] | None = None
) -> list[RequirementStatus]:
    """Every active case × every requirement that applies to it on `on`, with its status and explanation.

    `cases` narrows the cases (the caseload, one case page); `requirements` replaces the stored rules and
    case-level requirements (the admin preview of an unsaved rule).
    """
    cases = (cases if cases is not None else Case.objects.all()).filter(status=Case.Status.ACTIVE)
    requirements = list(stored_requirements(cases, on=on) if requirements is None else requirements)
    if not requirements:
        return []
    facts = _case_facts(cases, on=on)
    applicable = []
    for case in facts:
        for requirement in requirements:
            applies_from = requirement.starts_on_for(case, on)
            if applies_from is not None:
                applicable.append((case, requirement, applies_from))
    type_ids = set().union(*(r.contact_type_ids for _, r, _ in applicable)) if applicable else set()
    depth = max((r.contacts_needed for _, r, _ in applicable), default=1)
    contacts = _qualifying_contacts(cases, type_ids, depth, on=on) if applicable else {}
    return [
        assess(case, requirement, applies_from, contacts.get(case.pk, []), on=on)
        for case, requirement, applies_from in applicable
    ]


def assess(
    case: CaseFacts, requirement: Requirement, applies_from: date, contacts: list[QualifyingContact], *, on: date
) -> RequirementStatus:
    """The status of one requirement on one case, from its latest qualifying contacts (newest first).

    - A one-off contact (a first home visit) is due within `first_due_days` of the requirement starting,
      and only contacts from that day count.
    - A recurring contact is due one period after the Nth latest qualifying contact (N contacts every D
      days). With too few contacts, or when the rule started after the last contact's period ran out (a
      rule that applies from week 12, say), it is due `first_due_days` (or one period) after the start.
    - Overdue the day after the due date plus any grace days; "due soon" from a few days before.
    """
    counted = [c for c in contacts if c.contact_type_id in requirement.contact_type_ids and c.day >= case.started_on]
    needed = requirement.contacts_needed
    first_due_on = applies_from + timedelta(days=requirement.first_due_days or requirement.every_days or 0)
    if requirement.is_one_off:
        counted = [c for c in counted if c.day >= applies_from]
        if len(counted) >= needed:
            return _status(case, requirement, applies_from, counted[0], None, on)
        due_on = first_due_on
    elif len(counted) >= needed and counted[needed - 1].day + timedelta(days=requirement.every_days) >= applies_from:
        due_on = counted[needed - 1].day + timedelta(days=requirement.every_days)
    else:
        due_on = first_due_on
    return _status(case, requirement, applies_from, counted[0] if counted else None, due_on, on)


def _status(case, requirement, applies_from, last, due_on, on) -> RequirementStatus:
    if due_on is None:
        status, days_overdue = Status.MET, 0
    elif on > due_on + timedelta(days=requirement.grace_days):
        status, days_overdue = Status.OVERDUE, (on - due_on).days
    elif on >= due_on - timedelta(days=due_soon_days()):
        status, days_overdue = Status.DUE_SOON, 0
    else:
        status, days_overdue = Status.MET, 0
    return RequirementStatus(
        case_id=case.pk,
        requirement=requirement,
        status=status,
        due_on=due_on,
        applies_from=applies_from,
        last_contact=last,
        days_overdue=days_overdue,
        explanation=explain(requirement, status, due_on, last, on, days_overdue),
    )


# Words -------------------------------------------------------------------------------------------


def short_date(day: date, on: date | None = None) -> str:
    """'3 Nov', or '3 Nov 2025' when the year differs from `on`'s (or `on` is not given)."""
    text = f"{day.day} {day:%b}"
    return text if on is not None and day.year == on.year else f"{text} {day.year}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def describe_frequency(requirement: Requirement) -> str:
    """'Home visit every 14 days', 'Office appointment twice every 7 days', 'First home visit within 15 days'."""
    what = requirement.description
    if requirement.is_one_off:
        lead = "First" if requirement.contacts_needed == 1 else f"{requirement.contacts_needed} ×"
        return f"{lead} {what[:1].lower()}{what[1:]} within {_days(requirement.first_due_days)} of the start"
    times = {1: "", 2: " twice", 3: " three times"}.get(
        requirement.contacts_needed, f" {requirement.contacts_needed} times"
    )
    return f"{what}{times} every {_days(requirement.every_days)}"


def describe_stored(counting) -> str:
    """'Home visit every 7 days' for a stored rule or case-level requirement."""
    return describe_frequency(
        Requirement(
            key=("", counting.pk),
            description=counting.contact_description,
            contacts_needed=counting.contacts_needed,
            every_days=counting.every_days,
            first_due_days=getattr(counting, "first_due_days", None),
            grace_days=counting.grace_days,
            contact_type_ids=frozenset(),
            notify_line_manager_after_days=None,
            source="",
        )
    )


def explain(requirement, status, due_on, last, on, days_overdue) -> str:
    what = requirement.description[:1].lower() + requirement.description[1:]
    parts = [f"{describe_frequency(requirement)} ({requirement.source})."]
    if last is None:
        parts.append(f"No {what} recorded yet.")
    else:
        parts.append(f"Last {what} {short_date(last.day, on)} by {last.made_by}.")
    if due_on is None:
        parts.append("Done.")
    elif status is Status.OVERDUE:
        parts.append(f"Overdue by {_days(days_overdue)}.")
    elif due_on == on:
        parts.append("Due today.")
    elif due_on < on:
        grace_ends = due_on + timedelta(days=requirement.grace_days)
        parts.append(f"Was due {short_date(due_on, on)}; overdue after {short_date(grace_ends, on)}.")
    else:
        parts.append(f"Next due {short_date(due_on, on)} (in {_days((due_on - on).days)}).")
    return " ".join(parts)


def by_case(statuses: Iterable[RequirementStatus]) -> dict[int, CaseRequirements]:
    """Group statuses by case, worst first (overdue, then due soon, then the earliest due)."""
    grouped: dict[int, CaseRequirements] = {}
    for status in statuses:
        grouped.setdefault(status.case_id, CaseRequirements(status.case_id)).statuses.append(status)
    for group in grouped.values():
        group.statuses.sort(key=lambda s: (-s.status.severity, s.due_on or date.max, s.requirement.description))
    return grouped


def for_cases(cases: Iterable[Case], *, on: date) -> dict[int, CaseRequirements]:
    """The statuses of cases already loaded (a page of the caseload), keyed by case id: one computation for
    the whole page, in a fixed number of queries."""
    pks = [case.pk for case in cases]
    if not pks:
        return {}
    return by_case(contact_requirements(on=on, cases=Case.objects.filter(pk__in=pks)))


def for_case(case: Case, *, on: date) -> CaseRequirements | None:
    """One case's statuses, or None when nothing applies. Worked out once per case object, so the overview's
    open work and its panel share one computation."""
    cache = case.__dict__.setdefault("_contact_requirements_on", {})
    if on not in cache:
        cache[on] = for_cases([case], on=on).get(case.pk)
    return cache[on]


def preview_requirement(requirement: Requirement, *, on: date) -> dict:
    """How many active cases a rule would cover on `on`, and how many would be overdue or due soon."""
    statuses = contact_requirements(on=on, requirements=[requirement])
    return {
        "on": on,
        "cases": len(statuses),
        "overdue": sum(1 for s in statuses if s.status is Status.OVERDUE),
        "due_soon": sum(1 for s in statuses if s.status is Status.DUE_SOON),
    }
