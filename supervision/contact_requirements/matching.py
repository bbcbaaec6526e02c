"""Which requirements apply to which case on a given day, and from which day they count.

A rule covers a case when the rule has taken effect, the case meets the rule's criteria (all of them, or any
one for an "any" rule; an empty criterion asks nothing), the day falls in the rule's window from the start of
supervision, and, for a Probation Reset rule, the case is not yet in the final third of its sentence unless it
is one of the cases the rule keeps going for. A case-level requirement covers its own case from its start
date until its end date. Nothing applies before supervision starts, or from the case's expected end date: a
case still active after it is listed as "past its end date" for its officer and manager instead.

End dates are the first day something no longer applies (a flag ended on 10 March is not open that day).

A requirement's clock starts on the latest of: the supervision start, the window's first day, the day the case
came to meet the rule's criteria, and the day the rule took effect (for a case-level requirement: its start
date, or the supervision start if later). Contacts before that day do not count towards it.

Matching is done in the database first: `in_sql()` turns each rule into a condition on the case row and its
risk flags (in force, in the window, the criteria as the case stands on the day), and one query returns only the
cases some rule covers, with one yes/no column per rule; case-level requirements are looked up by their one
case. `applies_from()` then runs only on those pairs, in memory, for what SQL cannot say cheaply or portably:
the final third of the sentence and the day the clock started (from the case's recorded versions). A rule's SQL
condition is never narrower than `applies_from()`, so the answer is exactly the old all-cases × all-rules one
(test_equivalence.py), in work proportional to the pairs that apply.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q

from supervision.contact_requirements.loading import CaseFacts, Requirement
from supervision.models import ContactRule, RiskFlag


def final_third_starts_on(case: CaseFacts) -> date:
    length = (case.expected_end_on - case.started_on).days
    return case.started_on + timedelta(days=math.ceil(length * 2 / 3))


def _hdc_curfew_in_force(case: CaseFacts, on: date) -> bool:
    return case.hdc_curfew_ends_on is not None and case.started_on <= on <= case.hdc_curfew_ends_on


def _criteria(requirement: Requirement, case: CaseFacts, on: date) -> list[bool]:
    """One answer per criterion the rule sets; criteria left empty are not asked."""
    checks = [
        case_value in wanted
        for wanted, case_value in (
            (requirement.rosh_levels, case.rosh),
            (requirement.tiers, case.tier),
            (requirement.mappa_categories, case.mappa_category),
            (requirement.mappa_levels, case.mappa_level),
            (requirement.supervision_types, case.supervision_type),
        )
        if wanted
    ]
    if requirement.flag_type_ids:
        checks.append(bool(case.flag_type_ids & requirement.flag_type_ids))
    if requirement.hdc_curfew:
        in_force = _hdc_curfew_in_force(case, on)
        checks.append(in_force if requirement.hdc_curfew == ContactRule.HdcCurfew.IN_FORCE else not in_force)
    return checks


def _meets_criteria(requirement: Requirement, case: CaseFacts, on: date) -> bool:
    checks = _criteria(requirement, case, on)
    if not checks:
        return True
    return any(checks) if requirement.match_any else all(checks)


def _in_window(requirement: Requirement, case: CaseFacts, on: date) -> bool:
    day_number = (on - case.started_on).days
    if day_number < requirement.window_from_days:
        return False
    return requirement.window_to_days is None or day_number <= requirement.window_to_days


def _continues_in_final_third(requirement: Requirement, case: CaseFacts) -> bool:
    """Probation Reset keeps contact going to the end for the highest-risk cases the rule lists."""
    return (
        case.rosh in requirement.final_third_exception_rosh_levels
        or (requirement.final_third_exception_mappa and case.mappa_category is not None)
        or bool(case.flag_type_ids & requirement.final_third_exception_flag_type_ids)
    )


def _stopped_by_final_third(requirement: Requirement, case: CaseFacts, on: date) -> bool:
    return (
        requirement.stops_in_final_third
        and on >= final_third_starts_on(case)
        and not _continues_in_final_third(requirement, case)
    )


def _facts_on(case: CaseFacts, day: date) -> CaseFacts:
    """The case as it was on `day`: the version in effect then (the first one before any was recorded) and the
    risk flags open that day."""
    fields = case.versions[0][1] if case.versions else {}
    for version_on, version_fields in case.versions:
        if version_on > day:
            break
        fields = version_fields
    open_flags = frozenset(t for t, start, end in case.flag_periods if start <= day and (end is None or end > day))
    return dataclasses.replace(case, **fields, flag_type_ids=open_flags)


def _change_days(requirement: Requirement, case: CaseFacts, on: date) -> list[date]:
    """Every day up to `on` on which something this rule asks about changed, latest first.

    Only what the rule asks about: a day on which nothing it reads changed cannot be the day the case came to
    meet it (the case met it, or not, the day before as on the day), so leaving such days out gives the same
    answer without working out the case as it stood on each of them."""
    days = set()
    if asks_about_versions([requirement]):
        days.update(version_on for version_on, _ in case.versions[1:])
    for flag_type_id, start, end in case.flag_periods:
        if flag_type_id in requirement.flag_type_ids:
            days.add(start)
            if end is not None:
                days.add(end)
    if requirement.hdc_curfew and case.hdc_curfew_ends_on is not None:
        days.add(case.hdc_curfew_ends_on + timedelta(days=1))
    return sorted((day for day in days if case.started_on < day <= on), reverse=True)


def came_to_match_on(requirement: Requirement, case: CaseFacts, on: date) -> date | None:
    """The day the case came to meet the rule's criteria and has met them since, or None if it met them from
    the start of supervision (or the rule asks nothing of the case)."""
    if not _criteria(requirement, case, on):
        return None
    for day in _change_days(requirement, case, on):
        before = day - timedelta(days=1)
        if not _meets_criteria(requirement, _facts_on(case, before), before):
            return day
    return None


def _case_requirement_applies_from(requirement: Requirement, case: CaseFacts, on: date) -> date | None:
    if case.pk != requirement.case_id or not (requirement.starts_on <= on < requirement.ends_on):
        return None
    # It can start before release; its clock starts with supervision (see the model's help text).
    return max(requirement.starts_on, case.started_on)


def applies_from(requirement: Requirement, case: CaseFacts, on: date) -> date | None:
    """The day the requirement's clock started for the case, or None if it does not apply on `on`."""
    if not (case.started_on <= on < case.expected_end_on):
        return None
    if requirement.case_id is not None:
        return _case_requirement_applies_from(requirement, case, on)
    if (
        (requirement.effective_from is not None and on < requirement.effective_from)
        or not _in_window(requirement, case, on)
        or _stopped_by_final_third(requirement, case, on)
        or not _meets_criteria(requirement, case, on)
    ):
        return None
    starts = [case.started_on + timedelta(days=requirement.window_from_days)]
    if requirement.effective_from is not None:
        starts.append(requirement.effective_from)
    matched_on = came_to_match_on(requirement, case, on)
    if matched_on is not None:
        starts.append(matched_on)
    return max(starts)


def asks_about_versions(requirements: Iterable[Requirement]) -> bool:
    """Whether any rule asks about a case field whose past values are kept in the case's history."""
    return any(
        r.rosh_levels or r.tiers or r.mappa_categories or r.mappa_levels or r.supervision_types for r in requirements
    )


def _hdc_in_sql(requirement: Requirement, on: date) -> Q:
    in_force = Q(hdc_curfew_ends_on__gte=on, started_on__lte=on)
    if requirement.hdc_curfew == ContactRule.HdcCurfew.IN_FORCE:
        return in_force
    return Q(hdc_curfew_ends_on__isnull=True) | Q(hdc_curfew_ends_on__lt=on) | Q(started_on__gt=on)


def _criteria_in_sql(requirement: Requirement, on: date) -> list[Q]:
    """`_criteria()` as conditions on the case row (NULL never matches, as None is in no wanted set)."""
    checks = [
        Q(**{f"{name}__in": sorted(wanted)})
        for name, wanted in (
            ("rosh", requirement.rosh_levels),
            ("tier", requirement.tiers),
            ("mappa_category", requirement.mappa_categories),
            ("mappa_level", requirement.mappa_levels),
            ("supervision_type", requirement.supervision_types),
        )
        if wanted
    ]
    if requirement.flag_type_ids:
        open_flags = RiskFlag.objects.filter(
            case_id=OuterRef("pk"), flag_type_id__in=sorted(requirement.flag_type_ids), started_on__lte=on
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        checks.append(Q(Exists(open_flags)))
    if requirement.hdc_curfew:
        checks.append(_hdc_in_sql(requirement, on))
    return checks


def in_sql(requirement: Requirement, on: date) -> Q | None:
    """A rule as a condition on the case row: true for every case `applies_from()` could accept on `on` (the
    final third is left to it). None when the rule cannot apply on `on` at all."""
    if requirement.effective_from is not None and on < requirement.effective_from:
        return None
    condition = Q(started_on__lte=on - timedelta(days=requirement.window_from_days), expected_end_on__gt=on)
    if requirement.window_to_days is not None:
        condition &= Q(started_on__gte=on - timedelta(days=requirement.window_to_days))
    checks = _criteria_in_sql(requirement, on)
    if checks:
        combined = checks[0]
        for check in checks[1:]:
            combined = (combined | check) if requirement.match_any else (combined & check)
        condition &= combined
    return condition


def applicable(
    matched: Iterable[tuple[CaseFacts, list[Requirement]]], *, on: date
) -> list[tuple[CaseFacts, Requirement, date]]:
    """Each case with the requirements the database matched to it, kept when it applies on `on`, with the day its
    clock started."""
    found = []
    for case, requirements in matched:
        for requirement in requirements:
            start = applies_from(requirement, case, on)
            if start is not None:
                found.append((case, requirement, start))
    return found
