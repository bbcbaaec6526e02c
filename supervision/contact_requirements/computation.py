"""The one computation behind the caseload column, the case page panel, the rule preview and the overdue job.

It loads the rules, cases and contacts (loading.py, a fixed number of queries whatever the number of cases),
matches requirements to cases (matching.py) and assesses each pair (assess.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from supervision.contact_requirements.assess import CaseRequirements, RequirementStatus, Status, assess, by_case
from supervision.contact_requirements.loading import Requirement, case_facts, qualifying_contacts, stored_requirements
from supervision.contact_requirements.matching import applicable, asks_about_versions
from supervision.models import Case


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
    facts = case_facts(cases, on=on, with_versions=asks_about_versions(requirements))
    pairs = applicable(facts, requirements, on=on)
    if not pairs:
        return []
    # One contacts query for every pair: deep enough for the requirement needing the most contacts.
    type_ids = set().union(*(requirement.contact_type_ids for _, requirement, _ in pairs))
    depth = max(requirement.contacts_needed for _, requirement, _ in pairs)
    contacts = qualifying_contacts(cases, type_ids, depth, on=on)
    return [
        assess(case, requirement, applies_from, contacts.get(case.pk, []), on=on)
        for case, requirement, applies_from in pairs
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
