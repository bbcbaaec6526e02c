"""What people read about a contact requirement: how often it is needed, where it comes from, and where it stands.

'Home visit every 14 days (rule: High RoSH first 12 weeks). Last home visit 3 Nov by PC Jones (4471), police.
Overdue by 2 days.' The caseload, the case page, the overdue flags and their notifications all show these words,
so one requirement reads the same everywhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supervision.contact_requirements.loading import QualifyingContact, Requirement
    from supervision.models import CaseContactRequirement, ContactRule


def short_date(day: date, on: date | None = None) -> str:
    """'3 Nov', or '3 Nov 2025' when the year differs from `on`'s (or `on` is not given)."""
    text = f"{day.day} {day:%b}"
    return text if on is not None and day.year == on.year else f"{text} {day.year}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _lowercase_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _frequency(description: str, contacts_needed: int, every_days: int | None, first_due_days: int | None) -> str:
    if every_days is None:
        lead = "First" if contacts_needed == 1 else f"{contacts_needed} ×"
        return f"{lead} {_lowercase_first(description)} within {_days(first_due_days)} of the start"
    times = {1: "", 2: " twice", 3: " three times"}.get(contacts_needed, f" {contacts_needed} times")
    return f"{description}{times} every {_days(every_days)}"


def describe_frequency(requirement: Requirement) -> str:
    """'Home visit every 14 days', 'Office appointment twice every 7 days', 'First home visit within 15 days'."""
    return _frequency(
        requirement.description, requirement.contacts_needed, requirement.every_days, requirement.first_due_days
    )


def describe_stored(counting: ContactRule | CaseContactRequirement) -> str:
    """'Home visit every 7 days' for a stored rule or case-level requirement."""
    return _frequency(
        counting.contact_description,
        counting.contacts_needed,
        counting.every_days,
        # Case-level requirements have no first-due limit: they start from the day they are set.
        getattr(counting, "first_due_days", None),
    )


def rule_source(rule: ContactRule) -> str:
    """'rule: High RoSH first 12 weeks'."""
    return f"rule: {rule.name}"


def case_requirement_source(requirement: CaseContactRequirement) -> str:
    """'case-level requirement set by Helen Carter, ends 6 Mar 2026' (its end date is the first day it no
    longer applies)."""
    set_by = requirement.set_by.get_full_name() or requirement.set_by.username
    return f"case-level requirement set by {set_by}, ends {short_date(requirement.ends_on)}"


def _where_it_stands(
    requirement: Requirement, *, is_overdue: bool, due_on: date | None, on: date, days_overdue: int
) -> str:
    if due_on is None:
        return "Done."
    if is_overdue:
        return f"Overdue by {_days(days_overdue)}."
    if due_on == on:
        return "Due today."
    if due_on < on:
        grace_ends = due_on + timedelta(days=requirement.grace_days)
        return f"Was due {short_date(due_on, on)}; overdue after {short_date(grace_ends, on)}."
    return f"Next due {short_date(due_on, on)} (in {_days((due_on - on).days)})."


def explain(
    requirement: Requirement,
    *,
    is_overdue: bool,
    due_on: date | None,
    last: QualifyingContact | None,
    on: date,
    days_overdue: int,
) -> str:
    """The sentence shown beside a status: what is needed and why, the last contact, and when it is due."""
    what = _lowercase_first(requirement.description)
    if last is None:
        last_contact = f"No {what} recorded yet."
    else:
        last_contact = f"Last {what} {short_date(last.day, on)} by {last.made_by}."
    return " ".join(
        [
            f"{describe_frequency(requirement)} ({requirement.source}).",
            last_contact,
            _where_it_stands(requirement, is_overdue=is_overdue, due_on=due_on, on=on, days_overdue=days_overdue),
        ]
    )
