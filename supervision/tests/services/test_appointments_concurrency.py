"""Cancelling an appointment while someone records its outcome, or cancels it too, at the same moment (threads, each
with its own PostgreSQL connection): the row lock serialises them, so the appointment ends either cancelled or with
its outcome, never both, and is cancelled once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from caseworks.errors import RuleBroken
from supervision.models import Contact
from supervision.services.appointments import cancel_appointment
from supervision.services.contacts import ContactDetails, book_appointment, record_outcome
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, ContactTypeFactory
from supervision.tests.services.test_allegations_concurrency import _at_once


@pytest.fixture
def appointment():
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    booked_at = timezone.now() - timedelta(days=2)
    details = ContactDetails(contact_type=ContactTypeFactory(is_bookable=True), starts_at=booked_at + timedelta(days=1))
    return book_appointment(case, details, by=case.responsible_officer, now=booked_at)


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_and_an_outcome_at_once_leave_one_of_them(appointment):
    officer = appointment.case.responsible_officer

    def act(index):
        if index % 2:
            return record_outcome(appointment, outcome=Contact.Outcome.ATTENDED_COMPLIED, by=officer)
        return cancel_appointment(appointment, by=officer, reason=Contact.CancellationReason.OFFICE_CLOSED)

    results, errors = _at_once(2, act)

    assert len(results) == 1 and [type(error) for error in errors] == [RuleBroken]
    appointment.refresh_from_db()
    assert appointment.is_cancelled != bool(appointment.outcome)


@pytest.mark.django_db(transaction=True)
def test_three_cancellations_at_once_cancel_once(appointment):
    officer = appointment.case.responsible_officer

    results, errors = _at_once(
        3, lambda index: cancel_appointment(appointment, by=officer, reason=Contact.CancellationReason.OFFICE_CLOSED)
    )

    assert errors == [] and len(results) == 3
    assert appointment.history.filter(cancelled_at__isnull=False).count() == 1
