from datetime import date, timedelta

import pytest
from django.utils import timezone

from caseworks.errors import RuleBroken
from supervision.models import BankHoliday, Contact, ContactAmendment
from supervision.services.contacts import (
    ABSENCE_REASON_REQUIRED,
    AGENCY_REQUIRED,
    AMENDMENT_REASON_REQUIRED,
    APPOINTMENT_MUST_BE_IN_THE_FUTURE,
    CONTACT_MUST_BE_IN_THE_PAST,
    OUTCOME_BEFORE_APPOINTMENT,
    OUTCOME_CHANGE_REASON_REQUIRED,
    POLICE_IDENTIFIER_REQUIRED,
    ContactDetails,
    amend_contact,
    book_appointment,
    record_contact,
    record_outcome,
)
from supervision.tests.factories import CaseFactory, ContactFactory, ContactTypeFactory, HomeVisitTypeFactory, at

pytestmark = pytest.mark.django_db


def test_a_police_home_visit_records_who_made_it_and_defaults_to_the_case_address():
    case = CaseFactory(address="27 Larkspur Road\nAvonford", postcode="AV4 7QT")
    details = ContactDetails(
        contact_type=HomeVisitTypeFactory(),
        starts_at=timezone.now() - timedelta(hours=2),
        made_by=Contact.MadeBy.POLICE,
        made_by_name="PC Rachel Jones",
        made_by_identifier="4471",
        outcome=Contact.Outcome.ATTENDED_COMPLIED,
    )
    contact = record_contact(case, details, by=case.responsible_officer)
    assert contact.location == "27 Larkspur Road, Avonford, AV4 7QT"
    assert contact.made_by_description == "PC Rachel Jones (4471), police"
    assert contact.made_by_user is None


def test_a_contact_that_happened_cannot_be_in_the_future():
    case = CaseFactory()
    details = ContactDetails(
        contact_type=ContactTypeFactory(), starts_at=timezone.now() + timedelta(hours=1), outcome="ATTC"
    )
    with pytest.raises(RuleBroken, match=CONTACT_MUST_BE_IN_THE_PAST) as refused:
        record_contact(case, details, by=case.responsible_officer)
    assert refused.value.field == "on"
    assert not Contact.objects.exists()


def test_an_appointment_must_be_in_the_future():
    case = CaseFactory()
    details = ContactDetails(contact_type=ContactTypeFactory(), starts_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(RuleBroken, match=APPOINTMENT_MUST_BE_IN_THE_FUTURE) as refused:
        book_appointment(case, details, by=case.responsible_officer)
    assert refused.value.field == "on"


def test_failed_to_attend_gives_evidence_due_in_five_working_days_skipping_bank_holidays():
    BankHoliday.objects.create(day=date(2026, 4, 6), name="Easter Monday")
    appointment = ContactFactory(is_appointment=True, outcome="", starts_at=at(2026, 4, 2, 10))  # a Thursday
    record_outcome(appointment, outcome=Contact.Outcome.FAILED_TO_ATTEND, by=appointment.recorded_by)
    appointment.refresh_from_db()
    # Fri 3 (Good Friday is not in this table, so it counts), Tue 7, Wed 8, Thu 9, Fri 10
    assert appointment.evidence_due_on == date(2026, 4, 10)


def test_an_outcome_cannot_be_recorded_before_the_appointment():
    appointment = ContactFactory(is_appointment=True, outcome="", starts_at=timezone.now() + timedelta(days=1))
    with pytest.raises(RuleBroken, match=OUTCOME_BEFORE_APPOINTMENT):
        record_outcome(appointment, outcome="ATTC", by=appointment.recorded_by)


def test_an_acceptable_absence_needs_a_reason():
    appointment = ContactFactory(is_appointment=True, outcome="", starts_at=timezone.now() - timedelta(days=1))
    with pytest.raises(RuleBroken, match=ABSENCE_REASON_REQUIRED) as refused:
        record_outcome(appointment, outcome=Contact.Outcome.ACCEPTABLE_ABSENCE, by=appointment.recorded_by)
    assert refused.value.field == "absence_reason"


def test_changing_an_outcome_when_evidence_arrives_keeps_the_failure_to_attend_as_an_amendment():
    appointment = ContactFactory(is_appointment=True, outcome="", starts_at=timezone.now() - timedelta(days=2))
    officer = appointment.recorded_by
    record_outcome(appointment, outcome=Contact.Outcome.FAILED_TO_ATTEND, by=officer)
    with pytest.raises(RuleBroken, match=OUTCOME_CHANGE_REASON_REQUIRED):
        record_outcome(appointment, outcome=Contact.Outcome.ACCEPTABLE_ABSENCE, absence_reason="MEDICAL", by=officer)
    record_outcome(
        appointment,
        outcome=Contact.Outcome.ACCEPTABLE_ABSENCE,
        absence_reason="MEDICAL",
        reason="Hospital letter received",
        by=officer,
    )
    appointment.refresh_from_db()
    assert appointment.outcome == Contact.Outcome.ACCEPTABLE_ABSENCE
    assert appointment.evidence_due_on is None
    amendment = ContactAmendment.objects.get(contact=appointment)
    assert amendment.changes["outcome"]["from"] == Contact.Outcome.FAILED_TO_ATTEND
    assert amendment.changes["outcome"]["from_text"] == "Failed to attend"
    assert amendment.reason == "Hospital letter received"


def test_an_amendment_keeps_the_original_readable_with_who_and_why():
    contact = ContactFactory(notes="Seen at office.", location="Avonford office")
    other_officer = ContactFactory().recorded_by
    amend_contact(contact, changes={"notes": "Seen at home."}, reason="Wrong place recorded", by=other_officer)
    contact.refresh_from_db()
    assert contact.notes == "Seen at home."
    amendment = contact.amendments.get()
    assert amendment.amended_by == other_officer
    assert amendment.changes == {
        "notes": {
            "label": "Notes",
            "from": "Seen at office.",
            "to": "Seen at home.",
            "from_text": "Seen at office.",
            "to_text": "Seen at home.",
        }
    }


def test_an_amendment_needs_a_reason_and_changes_nothing_without_one():
    contact = ContactFactory(notes="Original")
    with pytest.raises(RuleBroken, match=AMENDMENT_REASON_REQUIRED) as refused:
        amend_contact(contact, changes={"notes": "Changed"}, reason=" ", by=contact.recorded_by)
    assert refused.value.field == "reason"
    contact.refresh_from_db()
    assert contact.notes == "Original"
    assert not ContactAmendment.objects.exists()


def test_a_police_officer_is_named_with_their_collar_or_warrant_number():
    case = CaseFactory()
    details = ContactDetails(
        contact_type=HomeVisitTypeFactory(),
        starts_at=timezone.now() - timedelta(hours=2),
        made_by=Contact.MadeBy.POLICE,
        made_by_name="PC Rachel Jones",
        outcome=Contact.Outcome.ATTENDED_COMPLIED,
    )
    with pytest.raises(RuleBroken) as refused:
        record_contact(case, details, by=case.responsible_officer)
    assert (refused.value.message, refused.value.field) == (POLICE_IDENTIFIER_REQUIRED, "made_by_identifier")


def test_an_amendment_cannot_leave_an_agency_worker_without_their_agency():
    contact = ContactFactory()
    changes = {"made_by": Contact.MadeBy.AGENCY_WORKER, "made_by_name": "Sam Patel", "made_by_agency": ""}
    with pytest.raises(RuleBroken) as refused:
        amend_contact(contact, changes=changes, reason="Seen by the housing officer", by=contact.recorded_by)
    assert (refused.value.message, refused.value.field) == (AGENCY_REQUIRED, "made_by_agency")
    assert not contact.amendments.exists()


def test_a_first_outcome_is_kept_in_the_history_with_who_recorded_it():
    appointment = ContactFactory(is_appointment=True, outcome="", starts_at=timezone.now() - timedelta(hours=1))
    colleague = ContactFactory().recorded_by
    record_outcome(appointment, outcome=Contact.Outcome.ATTENDED_COMPLIED, by=colleague)
    latest = appointment.history.order_by("-history_date").first()
    assert (latest.outcome, latest.history_user) == (Contact.Outcome.ATTENDED_COMPLIED, colleague)
