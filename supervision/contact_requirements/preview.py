"""The rule form's preview: which active cases a rule (as entered) covers, and, for an edit, what would change.

Worked out only when the administrator asks ("Preview cases covered"), never on opening the form: at region
size the computation takes seconds. It is the one set-based computation the job uses, run once for the rule
as entered and, for an edit, the rule as saved together: the rule is matched to cases in the database and only
the latest contacts it counts are read. The list shows at most PREVIEW_ROWS cases, the only ones loaded as
objects; the counts and the lists of CRNs that change come from plain values.
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from supervision.contact_requirements import (
    Requirement,
    RequirementStatus,
    Status,
    contact_requirements,
    with_contact_details,
)
from supervision.models import Case
from supervision.permissions import cases_visible_to

PREVIEW_ROWS = 50


@dataclass
class PreviewRow:
    crn: str
    officer: str
    status: str
    why: str
    url: str = ""


@dataclass
class RulePreview:
    on: date
    is_active: bool
    cases: int = 0
    overdue: int = 0
    due_soon: int = 0
    rows: list[PreviewRow] = field(default_factory=list)
    # For an edit: CRNs whose position changes against the rule as saved.
    newly_covered: list[str] = field(default_factory=list)
    no_longer_covered: list[str] = field(default_factory=list)
    newly_overdue: list[str] = field(default_factory=list)
    no_longer_overdue: list[str] = field(default_factory=list)
    is_edit: bool = False

    @property
    def is_capped(self) -> bool:
        return self.cases > len(self.rows)


def _statuses(requirement: Requirement, *, on: date, saved: Requirement | None = None):
    """Each covered case's status under the rule as entered and, for an edit, under the rule as saved: one
    computation for both (the saved version under a key of its own), so the cases are matched and their
    contacts read once, from their index alone (who made them is read for the rows shown: `_rows`)."""
    before_key = ("saved", requirement.key[1])
    requirements = [requirement] + ([dataclasses.replace(saved, key=before_key)] if saved is not None else [])
    now, before = {}, {}
    for status in contact_requirements(on=on, requirements=requirements, details=False):
        (before if status.requirement.key == before_key else now)[status.case_id] = status
    return now, before


def _rows(statuses: dict[int, RequirementStatus], crns: dict[int, str], *, user) -> list[PreviewRow]:
    shown = sorted(statuses.values(), key=lambda s: (-s.status.severity, crns[s.case_id]))[:PREVIEW_ROWS]
    shown = with_contact_details(shown)  # their explanations name who made the last contact
    ids = [s.case_id for s in shown]
    cases = Case.objects.filter(pk__in=ids).select_related("responsible_officer").in_bulk()
    visible = set(cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = []
    for status in shown:
        case = cases[status.case_id]
        rows.append(
            PreviewRow(
                crn=case.crn,
                officer=case.officer_name,
                status=status.status.label,
                why=status.explanation,
                # A link only for staff who may open the case.
                url=reverse("supervision:case-detail", kwargs={"crn": case.crn}) if case.pk in visible else "",
            )
        )
    return rows


def preview(requirement: Requirement, *, is_active: bool, on: date, user, saved: Requirement | None = None):
    """What the rule as entered would do on `on`; with `saved`, what changes against the rule as saved."""
    result = RulePreview(on=on, is_active=is_active, is_edit=saved is not None)
    if not is_active:
        return result  # an inactive rule covers nothing: no counts to mislead
    statuses, before = _statuses(requirement, on=on, saved=saved)
    ids = set(statuses) | set(before)
    case_crns = dict(Case.objects.filter(pk__in=ids).values_list("pk", "crn")) if ids else {}
    result.cases = len(statuses)
    result.overdue = sum(1 for s in statuses.values() if s.status is Status.OVERDUE)
    result.due_soon = sum(1 for s in statuses.values() if s.status is Status.DUE_SOON)
    result.rows = _rows(statuses, case_crns, user=user)
    if saved is not None:

        def crns(pks):
            return sorted(case_crns[pk] for pk in pks)

        overdue_now = {pk for pk, s in statuses.items() if s.is_overdue}
        overdue_before = {pk for pk, s in before.items() if s.is_overdue}
        result.newly_covered = crns(set(statuses) - set(before))
        result.no_longer_covered = crns(set(before) - set(statuses))
        result.newly_overdue = crns(overdue_now - overdue_before)
        result.no_longer_overdue = crns(overdue_before - overdue_now)
    return result
