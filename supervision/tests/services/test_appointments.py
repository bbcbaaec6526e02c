"""Cancelling a booked appointment: kept on the record with who, when and why; refused once an outcome is recorded,
from a stale form or by someone who may not record its outcome; recorded once on a double submit; and, once
cancelled, never a contact, an appointment awaiting an outcome, an absence or the next appointment."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.submissions import StaleEdit
from supervision import roles
from supervision.models import Case, Contact
from supervision.services.appointments import (
    CANCELLATION_DETAIL_REQUIRED,
    CANCELLATION_REASON_REQUIRED,
    OUTCOME_ALREADY_RECORDED,
    cancel_appointment,
)
from supervision.services.compliance import compliance_summary
from supervision.services.contacts import (
    CANCELLED_HAS_NO_OUTCOME,
    ContactDetails,
    amend_contact,
    book_appointment,
    record_outcome,
)
from supervision.tests.factories import CaseFactory, ContactFactory, ContactTypeFactory, StaffFactory

pytestmark = pytest.mark.django_db

Reason = Contact.CancellationReason


@pytest.fixture
def case():
    return CaseFactory()


def book(case, *, in_hours=24, booked_at=None):
    details = ContactDetails(
        contact_type=ContactTypeFactory(is_bookable=True, is_outcome_required=True),
        starts_at=(booked_at or timezone.now()) + timedelta(hours=in_hours),
    )
    return book_appointment(case, details, by=case.responsible_officer, now=booked_at)


def past_appointment(case):
    """An appointment booked last week for yesterday: its time has passed with no outcome."""
    return book(case, in_hours=6 * 24, booked_at=timezone.now() - timedelta(days=7))


def test_a_cancelled_appointment_keeps_who_when_and_why_and_its_history():
    case = CaseFactory()
    appointment = book(case)

    cancelled = cancel_appointment(
        appointment, by=case.responsible_officer, reason=Reason.OFFICE_CLOSED, expected_version=appointment.version
    )

    cancelled.refresh_from_db()
    assert cancelled.is_cancelled and cancelled.cancelled_by == case.responsible_officer
    assert cancelled.cancellation_reason == Reason.OFFICE_CLOSED
    assert cancelled.version == appointment.version + 1
    assert Contact.objects.filter(pk=appointment.pk).exists()  # kept, never deleted
    latest = cancelled.history.latest()
    assert latest.cancellation_reason == Reason.OFFICE_CLOSED and latest.history_user == case.responsible_officer


def test_other_needs_words_and_a_reason_is_required(case):
    appointment = book(case)

    with pytest.raises(RuleBroken) as refused:
        cancel_appointment(appointment, by=case.responsible_officer, reason=Reason.OTHER, detail=" ")
    assert (refused.value.message, refused.value.field) == (CANCELLATION_DETAIL_REQUIRED, "detail")
    with pytest.raises(RuleBroken) as refused:
        cancel_appointment(appointment, by=case.responsible_officer, reason="")
    assert (refused.value.message, refused.value.field) == (CANCELLATION_REASON_REQUIRED, "reason")
    assert not Contact.objects.cancelled().exists()


def test_an_appointment_with_an_outcome_cannot_be_cancelled(case):
    appointment = past_appointment(case)
    record_outcome(appointment, outcome=Contact.Outcome.ATTENDED_COMPLIED, by=case.responsible_officer)

    with pytest.raises(RuleBroken, match=OUTCOME_ALREADY_RECORDED):
        cancel_appointment(appointment, by=case.responsible_officer, reason=Reason.PROBATION_CANCELLED)
    assert not Contact.objects.cancelled().exists()


def test_a_form_drawn_before_someone_else_changed_the_appointment_is_refused(case):
    appointment = book(case)
    drawn_at = appointment.version
    amend_contact(appointment, changes={"location": "Room 4"}, reason="Room changed", by=case.responsible_officer)

    with pytest.raises(StaleEdit):
        cancel_appointment(
            appointment, by=case.responsible_officer, reason=Reason.OFFICE_CLOSED, expected_version=drawn_at
        )
    assert not Contact.objects.cancelled().exists()


def test_a_double_submit_cancels_once(case):
    appointment = book(case)
    drawn_at = appointment.version

    for _ in range(2):
        cancel_appointment(
            appointment, by=case.responsible_officer, reason=Reason.OFFICE_CLOSED, expected_version=drawn_at
        )

    appointment.refresh_from_db()
    assert appointment.version == drawn_at + 1
    assert appointment.history.filter(cancelled_at__isnull=False).count() == 1


def test_only_those_who_may_record_its_outcome_may_cancel(case):
    colleague = StaffFactory(profile__team=case.team)  # sees the team's cases, does not hold this one
    appointment = book(case)

    with pytest.raises(PermissionDenied):
        cancel_appointment(appointment, by=colleague, reason=Reason.OFFICE_CLOSED)

    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team)
    case.responsible_officer.profile.line_manager = manager
    case.responsible_officer.profile.save()
    cancel_appointment(appointment, by=manager, reason=Reason.OFFICE_CLOSED)
    assert Contact.objects.get(pk=appointment.pk).cancelled_by == manager


def test_a_cancelled_appointment_has_no_outcome_afterwards(case):
    appointment = past_appointment(case)
    cancel_appointment(appointment, by=case.responsible_officer, reason=Reason.OFFICE_CLOSED)

    with pytest.raises(RuleBroken, match=CANCELLED_HAS_NO_OUTCOME):
        record_outcome(appointment, outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE, by=case.responsible_officer)
    with pytest.raises(RuleBroken, match=CANCELLED_HAS_NO_OUTCOME):
        amend_contact(appointment, changes={"outcome": "FTA"}, reason="Did not come", by=case.responsible_officer)
    # The database is the backstop.
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=appointment.pk).update(outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE)


def test_the_database_refuses_a_cancellation_without_who_or_why(case):
    appointment = book(case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=appointment.pk).update(cancelled_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=appointment.pk).update(
            cancelled_at=timezone.now(), cancelled_by=case.responsible_officer, cancellation_reason=Reason.OTHER
        )
    contact = ContactFactory(case=case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(
            outcome="",
            cancelled_at=timezone.now(),
            cancelled_by=case.responsible_officer,
            cancellation_reason=Reason.OFFICE_CLOSED,
        )


def test_cancelled_appointments_are_neither_awaited_upcoming_next_nor_counted(case):
    now = timezone.now()
    kept_past, cancelled_past = past_appointment(case), past_appointment(case)
    cancelled_next = book(case, in_hours=2)
    kept_later = book(case, in_hours=48)
    for appointment in (cancelled_past, cancelled_next):
        cancel_appointment(appointment, by=case.responsible_officer, reason=Reason.PROBATION_CANCELLED)

    assert list(Contact.objects.awaiting_outcome(now=now)) == [kept_past]
    assert list(Contact.objects.upcoming_appointments(now=now)) == [kept_later]
    assert cancelled_past not in Contact.objects.happened(now=now)
    assert Case.objects.with_contact_summary(now=now).get(pk=case.pk).next_appointment_at == kept_later.starts_at
    cancelled_past.refresh_from_db()
    cancelled_next.refresh_from_db()
    assert not cancelled_past.is_awaiting_outcome_at(now) and not cancelled_next.is_upcoming_at(now)
    summary = compliance_summary(case)
    assert summary.appointments_with_outcome == 0 and summary.failures_since_last_warning == 0
