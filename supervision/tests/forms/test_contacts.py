"""The contact forms, one per thing the user is doing. They parse and check shape; rules are the service's."""

from datetime import timedelta

import pytest
from crispy_forms.utils import render_crispy_form
from django.utils import timezone

from supervision.forms.contacts import AmendContactForm, BookAppointmentForm, RecordContactForm
from supervision.models import Contact
from supervision.services.contacts import AMENDABLE_FIELDS, AMENDMENT_REASON_REQUIRED, MADE_BY_NAME_REQUIRED
from supervision.tests.factories import CaseFactory, ContactFactory, ContactTypeFactory

pytestmark = pytest.mark.django_db

MADE_BY_AND_OUTCOME = {
    "made_by",
    "officer_name",
    "police_name",
    "made_by_identifier",
    "agency_worker_name",
    "made_by_agency",
    "outcome",
    "absence_reason",
}


def _posted(contact_type, when, **extra):
    return {
        "contact_type": contact_type.pk,
        "on_0": when.day,
        "on_1": when.month,
        "on_2": when.year,
        "at": when.strftime("%H:%M"),
        "made_by": "RO",
        "submission_token": "5b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11",
        **extra,
    }


def test_recording_a_contact_asks_who_made_it_and_its_outcome_and_carries_a_submission_token():
    form = RecordContactForm(case=CaseFactory())
    assert set(form.fields) >= MADE_BY_AND_OUTCOME
    assert "reason" not in form.fields
    assert list(form.fields)[:3] == ["submission_token", "contact_type", "on"]
    assert form.initial["submission_token"]
    assert form.helper.layout[-1].value == "Save contact"


def test_recording_a_contact_parses_the_date_and_time_and_leaves_the_rules_to_the_service():
    office = ContactTypeFactory()
    tomorrow = timezone.localtime() + timedelta(days=1)
    form = RecordContactForm(_posted(office, tomorrow, outcome=""), case=CaseFactory())
    assert form.is_valid(), form.errors  # a future contact is refused by record_contact, not here
    details = form.details()
    assert details.contact_type == office
    assert details.starts_at == tomorrow.replace(second=0, microsecond=0)
    assert details.made_by == Contact.MadeBy.RESPONSIBLE_OFFICER


def test_booking_an_appointment_offers_only_bookable_types_and_asks_nothing_about_who_or_outcome():
    bookable = ContactTypeFactory(name="Office appointment")
    ContactTypeFactory(name="Text message", is_bookable=False)
    form = BookAppointmentForm(case=CaseFactory())
    assert set(form.contact_types) == {bookable.pk}
    assert not MADE_BY_AND_OUTCOME & set(form.fields)
    assert "reason" not in form.fields
    assert form.initial["submission_token"]
    assert form.fields["on"].label == "Date of the appointment"
    assert form.helper.layout[-1].value == "Book appointment"


def test_booking_names_the_appointment_in_its_messages():
    form = BookAppointmentForm({"contact_type": ContactTypeFactory().pk}, case=CaseFactory())
    assert not form.is_valid()
    assert form.errors["on"] == ["Enter the date of the appointment"]
    assert form.errors["at"] == ["Enter the time of the appointment"]


def test_amending_a_contact_starts_from_what_was_recorded_and_needs_a_reason():
    contact = ContactFactory(notes="Seen at office.")
    form = AmendContactForm(case=contact.case, initial=AmendContactForm.initial_for(contact), version=contact.version)
    assert form.initial["submission_token"]
    assert form.initial["version"] == contact.version
    assert set(form.fields) >= MADE_BY_AND_OUTCOME
    assert form.initial["notes"] == "Seen at office."
    assert form.initial["contact_type"] == contact.contact_type_id
    assert form.helper.layout[-1].value == "Save amendment"

    posted = _posted(contact.contact_type, timezone.localtime(contact.starts_at), outcome=contact.outcome)
    missing_reason = AmendContactForm(posted, case=contact.case)
    assert missing_reason.errors["reason"] == [AMENDMENT_REASON_REQUIRED]

    amended = AmendContactForm({**posted, "notes": "Seen at home.", "reason": "Wrong place"}, case=contact.case)
    assert amended.is_valid(), amended.errors
    changes = amended.changes()
    assert set(changes) == set(AMENDABLE_FIELDS)
    assert changes["notes"] == "Seen at home."
    assert changes["made_by_name"] == ""


def test_recording_a_contact_starts_at_now_in_uk_time_to_the_minute():
    before = timezone.localtime().replace(second=0, microsecond=0)
    form = RecordContactForm(case=CaseFactory())
    started = timezone.make_aware(timezone.datetime.combine(form.initial["on"], form.initial["at"]))
    assert before <= started <= timezone.localtime()
    assert form.initial["at"].second == 0
    html = form["at"].as_widget()
    assert f'value="{started:%H:%M}"' in html


def test_each_choice_of_who_made_the_contact_reveals_only_its_own_questions():
    html = render_crispy_form(RecordContactForm(case=CaseFactory()))
    assert html.count("data-aria-controls=") == 4  # another officer, police, agency; acceptable absence
    police = html.split('value="POLICE"')[1].split("govuk-radios__item")[0]
    assert 'data-aria-controls="conditional-id_made_by-3"' in police
    block = html.split('id="conditional-id_made_by-3"')[1].split('class="govuk-radios__item"')[0]
    assert "Police collar or warrant number" in block and 'for="id_police_name"' in block
    assert "Their agency" not in block
    absence = html.split('id="conditional-id_outcome-5"')[1]
    assert 'name="absence_reason"' in absence.split("govuk-radios__conditional")[0]
    # Nothing else hangs under the responsible officer's choice.
    assert 'data-aria-controls="conditional-id_made_by-1"' not in html


def test_a_hidden_questions_stale_value_is_cleared_and_the_revealed_name_is_the_one_kept():
    office = ContactTypeFactory()
    when = timezone.localtime() - timedelta(hours=1)
    stale = {
        "made_by": "OFFICER",
        "officer_name": "Sam Okafor",
        "police_name": "PC Rachel Jones",
        "made_by_identifier": "4471",
        "agency_worker_name": "Jo Price",
        "made_by_agency": "Avonford Housing",
        "outcome": "ATTC",
        "absence_reason": "MEDICAL",
    }
    form = RecordContactForm(_posted(office, when, **stale), case=CaseFactory())
    assert form.is_valid(), form.errors
    details = form.details()
    assert (details.made_by, details.made_by_name) == (Contact.MadeBy.OTHER_OFFICER, "Sam Okafor")
    assert details.made_by_identifier == details.made_by_agency == details.absence_reason == ""

    police = RecordContactForm(_posted(office, when, **{**stale, "made_by": "POLICE"}), case=CaseFactory())
    assert police.is_valid(), police.errors
    assert (police.details().made_by_name, police.details().made_by_identifier) == ("PC Rachel Jones", "4471")
    assert police.details().made_by_agency == ""


def test_the_services_name_rule_shows_on_the_name_question_the_choice_revealed():
    posted = _posted(
        ContactTypeFactory(),
        timezone.localtime(),
        made_by="AGENCY",
        agency_worker_name="Jo Price",
        made_by_agency="Housing",
    )
    form = RecordContactForm(posted, case=CaseFactory())
    assert form.is_valid(), form.errors
    form.add_error("made_by_name", "Enter the name of the person who made the contact")
    assert form.errors == {"agency_worker_name": ["Enter the name of the person who made the contact"]}


def test_amending_shows_the_recorded_name_under_the_choice_it_belongs_to():
    contact = ContactFactory(made_by=Contact.MadeBy.POLICE, made_by_name="PC Rachel Jones", made_by_identifier="4471")
    initial = AmendContactForm.initial_for(contact)
    assert initial["police_name"] == "PC Rachel Jones"
    assert "officer_name" not in initial


def test_a_contact_made_by_someone_else_needs_their_name_on_the_question_revealed():
    form = RecordContactForm(
        _posted(ContactTypeFactory(), timezone.localtime(), made_by="POLICE", made_by_identifier="4471"),
        case=CaseFactory(),
    )
    assert not form.is_valid()
    assert form.errors == {"police_name": [MADE_BY_NAME_REQUIRED]}
