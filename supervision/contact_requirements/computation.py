"""The one computation behind the caseload column, the case page panel, the rule preview and the overdue job.

It loads the rules (loading.py), matches them to cases in the database (matching.in_sql; case-level requirements
by their one case), confirms each matched pair and finds when its clock started (matching.py), reads only the
latest qualifying contacts those pairs can need (latest_contacts.py) and assesses each pair (assess.py): a fixed
number of queries whatever the number of cases, and work that grows with the pairs that apply, not with cases ×
requirements.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from supervision.contact_requirements.assess import CaseRequirements, RequirementStatus, Status, assess, by_case
from supervision.contact_requirements.latest_contacts import qualifying_contacts, with_details
from supervision.contact_requirements.loading import Requirement, case_facts, stored_requirements
from supervision.contact_requirements.matching import applicable, asks_about_versions, in_sql
from supervision.models import Case


def contact_requirements(
    *,
    on: date,
    cases: QuerySet | None = None,
    requirements: Iterable[Requirement] | None = None,
    rules: Iterable[Requirement] | None = None,
    details: bool = True,
) -> list[RequirementStatus]:
    """Every active case × every requirement that applies to it on `on`, with its status and explanation.

    `cases` narrows the cases (the caseload, one case page); `requirements` replaces the stored rules and
    case-level requirements (the admin preview of an unsaved rule); `rules` are the stored rules already loaded
    (`loading.stored_rules`, once per sweep), the case-level requirements still read for `cases`.
    `details=False` leaves out who made each last contact (the overdue sweep reads it only for the flags it
    opens: `with_contact_details`), so the contacts are read from their index alone.
    """
    cases = (cases if cases is not None else Case.objects.all()).filter(status=Case.Status.ACTIVE)
    requirements = list(stored_requirements(cases, on=on, rules=rules) if requirements is None else requirements)
    if not requirements:
        return []
    rules, by_case = [], defaultdict(list)
    for requirement in requirements:
        if requirement.case_id is not None:
            by_case[requirement.case_id].append(requirement)
        elif (condition := in_sql(requirement, on)) is not None:
            rules.append((requirement, condition))
    if not rules and not by_case:
        return []
    matched = case_facts(
        cases, on=on, with_versions=asks_about_versions(requirements), rules=rules, by_case=dict(by_case)
    )
    pairs = applicable(matched, on=on)
    if not pairs:
        return []
    # One contacts query: for each case and counted type, as deep as the case's most demanding requirement.
    wanted: dict[tuple[int, int], int] = {}
    for case, requirement, _ in pairs:
        needed = requirement.contacts_needed
        for type_id in requirement.contact_type_ids:
            key = (case.pk, type_id)
            if wanted.get(key, 0) < needed:
                wanted[key] = needed
    contacts = qualifying_contacts(wanted, on=on, details=details)
    return [
        assess(case, requirement, applies_from, contacts.get(case.pk, []), on=on)
        for case, requirement, applies_from in pairs
    ]


def with_contact_details(statuses: Iterable[RequirementStatus]) -> list[RequirementStatus]:
    """Statuses computed with `details=False`, their last contacts completed with who made them: one query."""
    statuses = list(statuses)
    found = with_details(s.last_contact for s in statuses if s.last_contact is not None)
    return [
        dataclasses.replace(s, last_contact=found[s.last_contact.pk]) if s.last_contact is not None else s
        for s in statuses
    ]


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
