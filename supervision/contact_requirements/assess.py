"""When a contact is due, and when it is overdue.

The rule, as practitioners apply it:

- Only contacts in which the person on probation was seen or spoken to count (not agency liaison, not a key
  individual seen without them), of the contact types the requirement counts, made on or after the day the
  requirement's clock started (matching.py: the latest of supervision start, window start, the day the case
  came to meet the rule, and the day the rule took effect).
- A one-off contact, such as a first home visit, is due within the rule's first-due days of the clock
  starting. Once made it is met for good.
- A recurring contact, N contacts every D days, is due D days after the Nth most recent counted contact: a
  home visit every 14 days made on 3 November is next due on 17 November; twice a week is due a week after the
  second-to-last contact, and two contacts on the same day are two contacts. With fewer than N counted
  contacts yet, it is due the first-due days (or one period) after the clock started.
- It is overdue from the day after the due date plus any grace days: a visit due on 17 November is not
  overdue on the 17th, and with 2 grace days is overdue on the 20th, by 3 days. From a few days before the
  due date (CONTACT_DUE_SOON_DAYS, 3 unless set) until it is overdue it shows as "due soon".

A case's requirements are listed worst first: overdue, then due soon, then the earliest due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import cached_property

from django.conf import settings

from supervision.contact_requirements.loading import CaseFacts, QualifyingContact, Requirement
from supervision.contact_requirements.wording import describe_frequency, explain


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
class RequirementStatus:
    """One requirement on one case, on one day."""

    case_id: int
    requirement: Requirement
    status: Status
    due_on: date | None  # None once a one-off contact has been made
    applies_from: date
    last_contact: QualifyingContact | None
    days_overdue: int
    on: date

    @cached_property
    def explanation(self) -> str:
        """Worked out when first read: the overdue job reads it only for the flags it opens, not for every
        case and requirement it assesses."""
        return explain(
            self.requirement,
            is_overdue=self.status is Status.OVERDUE,
            due_on=self.due_on,
            last=self.last_contact,
            on=self.on,
            days_overdue=self.days_overdue,
        )

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


def _counted(
    case: CaseFacts, requirement: Requirement, applies_from: date, contacts: list[QualifyingContact]
) -> list[QualifyingContact]:
    return [c for c in contacts if c.contact_type_id in requirement.contact_type_ids and c.day >= applies_from]


def _due_on(requirement: Requirement, applies_from: date, counted: list[QualifyingContact]) -> date | None:
    """The due date from the counted contacts (newest first); None once a one-off contact has been made."""
    needed = requirement.contacts_needed
    first_due_on = applies_from + timedelta(days=requirement.first_due_days or requirement.every_days or 0)
    if requirement.is_one_off:
        return None if len(counted) >= needed else first_due_on
    if len(counted) >= needed:
        return counted[needed - 1].day + timedelta(days=requirement.every_days)
    return first_due_on


def _status_on(requirement: Requirement, due_on: date | None, on: date) -> tuple[Status, int]:
    """The status and, when overdue, by how many days (counted from the due date, not the end of grace)."""
    if due_on is None:
        return Status.MET, 0
    if on > due_on + timedelta(days=requirement.grace_days):
        return Status.OVERDUE, (on - due_on).days
    if on >= due_on - timedelta(days=due_soon_days()):
        return Status.DUE_SOON, 0
    return Status.MET, 0


def assess(
    case: CaseFacts, requirement: Requirement, applies_from: date, contacts: list[QualifyingContact], *, on: date
) -> RequirementStatus:
    """The status of one requirement on one case, from its latest qualifying contacts (newest first)."""
    counted = _counted(case, requirement, applies_from, contacts)
    due_on = _due_on(requirement, applies_from, counted)
    status, days_overdue = _status_on(requirement, due_on, on)
    last = counted[0] if counted else None
    return RequirementStatus(
        case_id=case.pk,
        requirement=requirement,
        status=status,
        due_on=due_on,
        applies_from=applies_from,
        last_contact=last,
        days_overdue=days_overdue,
        on=on,
    )


def by_case(statuses: Iterable[RequirementStatus]) -> dict[int, CaseRequirements]:
    """Group statuses by case, worst first (overdue, then due soon, then the earliest due)."""
    grouped: dict[int, CaseRequirements] = {}
    for status in statuses:
        grouped.setdefault(status.case_id, CaseRequirements(status.case_id)).statuses.append(status)
    for group in grouped.values():
        group.statuses.sort(key=lambda s: (-s.status.severity, s.due_on or date.max, s.requirement.description))
    return grouped
