"""Shared by the contact-requirements tests and the overdue-contacts job tests: a start date, London times,
home visits, and one case's statuses."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from supervision.contact_requirements import by_case, contact_requirements
from supervision.models import Case
from supervision.tests.factories import ContactFactory, HomeVisitTypeFactory

LONDON = ZoneInfo("Europe/London")
START = date(2026, 1, 5)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def home_visit(case, day, hour=12, minute=0, **extra):
    return ContactFactory(case=case, contact_type=HomeVisitTypeFactory(), starts_at=at(day, hour, minute), **extra)


def statuses_for(case, on):
    return by_case(contact_requirements(on=on, cases=Case.objects.filter(pk=case.pk))).get(case.pk)


def only_status(case, on):
    found = statuses_for(case, on)
    assert found is not None and len(found.statuses) == 1, found
    return found.statuses[0]
