"""Reading what the contact-requirements computation needs from the database, in a fixed number of queries.

However many cases there are:

1. the active rules and their contact types and risk flags (4 queries), and every contact type (1): once per
   sweep, not per chunk (`stored_rules`);
2. the case-level requirements in force, with their contact types (2), and every contact type (1), skipped
   when there is none;
3. the cases some rule covers or with a case-level requirement (1: every rule matched in the one query, see
   matching.in_sql), their risk flags started by the day (1) and, when a rule asks about RoSH, tier, MAPPA or
   supervision type, their recorded versions up to the day (1), to find when each case came to meet a rule;
4. for each matched case and counted contact type, its latest qualifying contacts (1, latest_contacts.py).

Rows are read as plain values into small frozen dataclasses and named tuples, so matching and assessing are plain
Python with no further queries.
Dates are Europe/London calendar days: a contact at 00:30 on the day the clocks change counts on that day.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from supervision.contact_requirements.wording import case_requirement_source, rule_source
from supervision.models import Case, CaseContactRequirement, ContactRule, ContactType, RiskFlag


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
    responsible_officer_id: int | None
    flag_type_ids: frozenset[int] = frozenset()
    # Every risk flag started by the day: (flag type, started on, ended on or None), ends exclusive.
    flag_periods: tuple[tuple[int, date, date | None], ...] = ()
    # The case's recorded versions, oldest first: (the day it took effect, {field: value}); the first one is
    # taken to have applied from the start of supervision.
    versions: tuple[tuple[date, dict], ...] = ()


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
    # When the rule or requirement was last changed: a flag opened before then closes as "rule changed".
    changed_at: datetime | None = None
    # Chronic shortfall: overdue in this many of the last `chronic_within_periods` periods.
    chronic_overdue_periods: int | None = None
    chronic_within_periods: int | None = None
    # Rules: the first day the rule applies.
    effective_from: date | None = None
    # Case-level requirements: the first day it applies and the first day it no longer does.
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
        """A rule, saved or as entered in the admin form, with its many-to-many ids passed in."""
        return cls(
            key=("rule", rule.pk),
            description=rule.contact_description,
            contacts_needed=rule.contacts_needed,
            every_days=rule.every_days,
            first_due_days=rule.first_due_days,
            grace_days=rule.grace_days,
            contact_type_ids=rule.counted_contact_type_ids(contact_types, contact_type_ids),
            notify_line_manager_after_days=rule.notify_line_manager_after_days,
            source=rule_source(rule),
            changed_at=rule.updated_at,
            chronic_overdue_periods=rule.chronic_overdue_periods,
            chronic_within_periods=rule.chronic_within_periods,
            effective_from=rule.effective_from,
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
        return cls(
            key=("case", requirement.pk),
            description=requirement.contact_description,
            contacts_needed=requirement.contacts_needed,
            every_days=requirement.every_days,
            first_due_days=None,
            grace_days=requirement.grace_days,
            contact_type_ids=requirement.counted_contact_type_ids(contact_types, contact_type_ids),
            notify_line_manager_after_days=requirement.notify_line_manager_after_days,
            source=case_requirement_source(requirement),
            changed_at=requirement.updated_at,
            chronic_overdue_periods=requirement.chronic_overdue_periods,
            chronic_within_periods=requirement.chronic_within_periods,
            case_id=requirement.case_id,
            starts_on=requirement.starts_on,
            ends_on=requirement.stops_on,
        )


class QualifyingContact(NamedTuple):
    """A contact in which the person on probation was seen or spoken to, on the London calendar day it
    happened. A named tuple, not a dataclass: a sweep builds one per latest contact of every case (tens of
    thousands), and a tuple is several times cheaper to build."""

    pk: int
    case_id: int
    contact_type_id: int
    day: date
    made_by: str
    contact_type_name: str


def load_contact_types() -> list[ContactType]:
    # Inactive types too: a contact recorded before a type was retired still counts.
    return list(ContactType.objects.only("pk", "channel", "group", "is_home_visit"))


def stored_rules(*, on: date, contact_types=None) -> list[Requirement]:
    """The active rules in effect on `on`, as requirements: 4 queries (1 with no rules), and one more for the
    contact types when there are rules (none when `contact_types` is a function returning them). A sweep loads
    them once and hands them to every chunk."""
    rules = list(
        ContactRule.objects.filter(is_active=True, effective_from__lte=on).prefetch_related(
            "contact_types", "risk_flag_types", "final_third_exception_flag_types"
        )
    )
    if not rules:
        return []
    types = contact_types() if contact_types is not None else load_contact_types()
    return [
        Requirement.from_rule(
            rule,
            contact_types=types,
            contact_type_ids=[t.pk for t in rule.contact_types.all()],
            flag_type_ids=[t.pk for t in rule.risk_flag_types.all()],
            exception_flag_type_ids=[t.pk for t in rule.final_third_exception_flag_types.all()],
        )
        for rule in rules
    ]


def stored_requirements(cases: QuerySet, *, on: date, rules: list[Requirement] | None = None) -> list[Requirement]:
    """The active rules (`rules`, when the caller has loaded them already) and the case-level requirements in
    force on `on` for `cases`.

    Contact types are read only when there is a case-level requirement to apply them to, so a service with no
    rules yet costs two queries here.
    """
    loaded = []

    def contact_types():  # read at most once, by whichever needs them first
        if not loaded:
            loaded.append(load_contact_types())
        return loaded[0]

    rules = stored_rules(on=on, contact_types=contact_types) if rules is None else list(rules)
    case_requirements = list(
        CaseContactRequirement.objects.in_force_on(on)
        .filter(case__in=cases.values("pk"))
        .select_related("set_by")
        .prefetch_related("contact_types")
    )
    if not case_requirements:
        return rules
    return rules + [
        Requirement.from_case_requirement(
            r, contact_types=contact_types(), contact_type_ids=[t.pk for t in r.contact_types.all()]
        )
        for r in case_requirements
    ]


_DATES = ("effective_from", "starts_on", "ends_on")


def requirement_values(requirement: Requirement) -> dict:
    """A requirement as JSON-safe values, for a Celery message (a sweep hands its rules to each chunk)."""
    values = {}
    for item in dataclasses.fields(Requirement):
        value = getattr(requirement, item.name)
        if isinstance(value, frozenset | tuple):
            value = sorted(value) if isinstance(value, frozenset) else list(value)
        elif isinstance(value, date):  # dates and datetimes
            value = value.isoformat()
        values[item.name] = value
    return values


def requirement_from_values(values: dict) -> Requirement:
    """The inverse of requirement_values()."""
    fields = {}
    for item in dataclasses.fields(Requirement):
        value = values[item.name]
        if item.name == "key":
            value = tuple(value)
        elif item.name == "changed_at" and value is not None:
            value = datetime.fromisoformat(value)
        elif item.name in _DATES and value is not None:
            value = date.fromisoformat(value)
        elif str(item.type).startswith("frozenset"):  # annotations are strings here (from __future__)
            value = frozenset(value)
        fields[item.name] = value
    return Requirement(**fields)


CASE_FACT_FIELDS = [
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

# The case fields a rule's criteria ask about, whose past values say when a case came to meet a rule.
VERSIONED_FIELDS = ("rosh", "tier", "mappa_category", "mappa_level", "supervision_type")


def case_facts(
    cases: QuerySet,
    *,
    on: date,
    with_versions: bool = False,
    rules: list[tuple[Requirement, Q]] | None = None,
    by_case: dict[int, list[Requirement]] | None = None,
) -> list[tuple[CaseFacts, list[Requirement]]]:
    """The cases some requirement may cover, each with those requirements, in three queries (two without
    versions).

    Each rule comes with its condition on the case row (matching.in_sql); the cases query answers every rule at
    once with one yes/no column per rule and keeps only the cases with a yes or a case-level requirement
    (`by_case`, keyed by its one case). Risk flags and recorded versions are then read for those cases only.
    """
    rules, by_case = rules or [], by_case or {}
    columns = {f"covered_by_{i}": ExpressionWrapper(q, output_field=BooleanField()) for i, (_, q) in enumerate(rules)}
    wanted = Q(pk__in=sorted(by_case))
    for name in columns:
        wanted |= Q(**{name: True})
    matched = cases.order_by().annotate(**columns).filter(wanted)
    rows = list(matched.values_list(*CASE_FACT_FIELDS, *columns))
    # The flags and versions of the matched cases: the match again as a subquery, not their ids (tens of
    # thousands of parameters, each adapted one by one, for a region-wide preview).
    matched_ids = matched.values("pk")
    periods = defaultdict(list)
    flags = RiskFlag.objects.filter(case_id__in=matched_ids, started_on__lte=on).values_list(
        "case_id", "flag_type_id", "started_on", "ended_on"
    )
    for case_id, flag_type_id, started_on, ended_on in flags if rows else ():
        periods[case_id].append((flag_type_id, started_on, ended_on))
    versions = _versions(matched_ids, on=on) if with_versions and rows else {}
    found = []
    for row in rows:
        fields = dict(zip(CASE_FACT_FIELDS, row, strict=False))
        facts = CaseFacts(
            **fields,
            # An end date is the first day a flag is no longer open.
            flag_type_ids=frozenset(t for t, start, end in periods[row[0]] if end is None or end > on),
            flag_periods=tuple(periods[row[0]]),
            versions=versions.get(row[0], ()),
        )
        covering = [rule for (rule, _), yes in zip(rules, row[len(CASE_FACT_FIELDS) :], strict=True) if yes]
        found.append((facts, covering + by_case.get(row[0], [])))
    return found


def _versions(case_ids, *, on: date) -> dict[int, tuple]:
    """Each case's recorded versions up to the end of `on`, oldest first, keeping only those that changed a
    field a rule can ask about. `case_ids`: a subquery of case ids."""
    found = {}
    rows = (
        Case.history.filter(id__in=case_ids, history_date__lt=end_of_day(on))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", *VERSIONED_FIELDS)
    )
    london = ZoneInfo(settings.TIME_ZONE)
    for case_id, changed_at, *values in rows:
        kept = found.setdefault(case_id, [])
        if not kept or kept[-1][1] != values:  # compared as lists; a dict only for the versions kept
            kept.append((changed_at, values))
    return {
        case_id: tuple(
            (changed_at.astimezone(london).date(), dict(zip(VERSIONED_FIELDS, values, strict=True)))
            for changed_at, values in kept
        )
        for case_id, kept in found.items()
    }


def end_of_day(on: date) -> datetime:
    """The first instant after the Europe/London day `on` (23 or 25 hours long on clock-change days)."""
    return datetime.combine(on + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
