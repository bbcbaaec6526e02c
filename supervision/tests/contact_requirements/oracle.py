"""The computation as it was before it matched in the database and read only the latest contacts: every active
case tested against every requirement in Python, and every qualifying contact read as an ORM object. Kept here,
only for the tests, as the oracle the set-based computation must agree with exactly (test_equivalence.py)."""

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber, TruncDate

from supervision.contact_requirements.assess import assess
from supervision.contact_requirements.loading import (
    CASE_FACT_FIELDS,
    CaseFacts,
    QualifyingContact,
    _versions,
    end_of_day,
    stored_requirements,
)
from supervision.contact_requirements.matching import applies_from, asks_about_versions
from supervision.models import Case, Contact, RiskFlag


def _case_facts(cases, *, on, with_versions):
    periods = defaultdict(list)
    flags = RiskFlag.objects.filter(case__in=cases.values("pk"), started_on__lte=on).values_list(
        "case_id", "flag_type_id", "started_on", "ended_on"
    )
    for case_id, flag_type_id, started_on, ended_on in flags:
        periods[case_id].append((flag_type_id, started_on, ended_on))
    versions = _versions(cases, on=on) if with_versions else {}
    return [
        CaseFacts(
            **row,
            flag_type_ids=frozenset(t for t, start, end in periods[row["pk"]] if end is None or end > on),
            flag_periods=tuple(periods[row["pk"]]),
            versions=versions.get(row["pk"], ()),
        )
        for row in cases.order_by().values(*CASE_FACT_FIELDS)
    ]


def _qualifying_contacts(cases, type_ids, depth, *, on):
    if not type_ids:
        return {}
    contacts = (
        Contact.objects.filter(
            case__in=cases.values("pk"),
            contact_type_id__in=type_ids,
            outcome__in=Contact.SEEN_OUTCOMES,
            starts_at__lt=end_of_day(on),
        )
        .annotate(
            day=TruncDate("starts_at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
            position=Window(
                RowNumber(),
                partition_by=[F("case_id"), F("contact_type_id")],
                order_by=[F("starts_at").desc(), F("pk").desc()],
            ),
        )
        .filter(position__lte=depth)
        .select_related("made_by_user", "contact_type")
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


def old_contact_requirements(*, on: date, cases=None, requirements=None):
    cases = (cases if cases is not None else Case.objects.all()).filter(status=Case.Status.ACTIVE)
    requirements = list(stored_requirements(cases, on=on) if requirements is None else requirements)
    if not requirements:
        return []
    facts = _case_facts(cases, on=on, with_versions=asks_about_versions(requirements))
    pairs = []
    for case in facts:
        for requirement in requirements:
            start = applies_from(requirement, case, on)
            if start is not None:
                pairs.append((case, requirement, start))
    if not pairs:
        return []
    type_ids = set().union(*(requirement.contact_type_ids for _, requirement, _ in pairs))
    depth = max(requirement.contacts_needed for _, requirement, _ in pairs)
    contacts = _qualifying_contacts(cases, type_ids, depth, on=on)
    return [assess(case, requirement, start, contacts.get(case.pk, []), on=on) for case, requirement, start in pairs]
