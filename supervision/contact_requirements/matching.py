"""Which requirements apply to which case on a given day, and from which day they count.

A rule covers a case when the case meets the rule's criteria (all of them, or any one for an "any" rule; an
empty criterion asks nothing), the day falls in the rule's window from the start of supervision, and, for a
Probation Reset rule, the case is not yet in the final third of its sentence unless it is one of the cases the
rule keeps going for. A case-level requirement covers its own case between its start and end dates.

Matching happens in memory. Rule criteria are short lists that differ per rule; doing the match in SQL would
need either a query per rule or array operators that SQLite (used by `make run`) lacks, while the in-memory
match is a few comparisons per case and rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

from supervision.contact_requirements.loading import CaseFacts, Requirement
from supervision.models import ContactRule


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


def applies_from(requirement: Requirement, case: CaseFacts, on: date) -> date | None:
    """The day the requirement started to apply to the case, or None if it does not apply on `on`."""
    if requirement.case_id is not None:
        in_force = case.pk == requirement.case_id and requirement.starts_on <= on <= requirement.ends_on
        return requirement.starts_on if in_force else None
    if (
        not _in_window(requirement, case, on)
        or _stopped_by_final_third(requirement, case, on)
        or not _meets_criteria(requirement, case, on)
    ):
        return None
    return case.started_on + timedelta(days=requirement.window_from_days)


def applicable(
    cases: Iterable[CaseFacts], requirements: list[Requirement], *, on: date
) -> list[tuple[CaseFacts, Requirement, date]]:
    """Every case and requirement that applies to it on `on`, with the day it started to apply."""
    found = []
    for case in cases:
        for requirement in requirements:
            start = applies_from(requirement, case, on)
            if start is not None:
                found.append((case, requirement, start))
    return found
