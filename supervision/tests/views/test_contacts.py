"""Recording contacts, booking appointments and recording outcomes through the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import Contact
from supervision.services.contacts import (
    ABSENCE_REASON_REQUIRED,
    APPOINTMENT_MUST_BE_IN_THE_FUTURE,
    CONTACT_MUST_BE_IN_THE_PAST,
    OUTCOME_REQUIRED,
    POLICE_IDENTIFIER_REQUIRED,
)
from supervision.tests.factories import ContactFactory, ContactTypeFactory, HomeVisitTypeFactory

pytestmark = pytest.mark.django_db


def _contact_post(**overrides):
    when = timezone.localtime() - timedelta(hours=2)
    data = {
        "contact_type": HomeVisitTypeFactory().pk,
        "on_0": when.day,
        "on_1": when.month,
        "on_2": when.year,
        "at": when.strftime("%H:%M"),
        "made_by": "POLICE",
        "police_name": "PC Rachel Jones",
        "made_by_identifier": "4471",
        "made_by_agency": "",
        "location": "",
        "outcome": "ATTC",
        "notes": "Police home visit: present, no concerns.",
        "submission_token": "5b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11",
    }
    data.update(overrides)
    return data


def test_recording_a_police_home_visit_twice_with_the_same_form_saves_one(client, case):
    client.force_login(case.responsible_officer)
    url = reverse("supervision:contact-create", kwargs={"crn": case.crn})
    data = _contact_post()
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    contact = case.contacts.get(made_by=Contact.MadeBy.POLICE)
    assert contact.location == "27 Larkspur Road, Avonford, AV4 7QT"
    assert case.contacts.filter(made_by=Contact.MadeBy.POLICE).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"on_2": str(timezone.localdate().year + 1)}, "The date and time of the contact must be in the past"),
        ({"on_0": "31", "on_1": "2"}, "The date of the contact must be a real date"),
        ({"on_1": ""}, "The date of the contact must include a month"),
        ({"at": "25:00"}, "Enter the time of the contact as a real time, like 14:30"),
        ({"made_by_identifier": ""}, "Enter the police officer&#x27;s collar or warrant number"),
        ({"outcome": ""}, "Select the outcome"),
        ({"contact_type": ""}, "Select the type of contact"),
    ],
)
def test_bad_contact_input_shows_the_error_summary_and_saves_nothing(client, case, overrides, message):
    client.force_login(case.responsible_officer)
    before = Contact.objects.count()
    response = client.post(reverse("supervision:contact-create", kwargs={"crn": case.crn}), _contact_post(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert Contact.objects.count() == before


def test_booking_an_appointment_in_the_past_is_refused(client, case):
    client.force_login(case.responsible_officer)
    when = timezone.localtime() - timedelta(days=1)
    response = client.post(
        reverse("supervision:appointment-create", kwargs={"crn": case.crn}),
        {
            "contact_type": ContactTypeFactory().pk,
            "on_0": when.day,
            "on_1": when.month,
            "on_2": when.year,
            "at": "10:00",
            "submission_token": "0b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11",
        },
    )
    assert "The appointment must be in the future" in response.content.decode()
    assert not case.contacts.filter(is_appointment=True).exists()


def test_recording_failed_to_attend_shows_the_evidence_due_date(client, case):
    appointment = ContactFactory(
        case=case, is_appointment=True, outcome="", starts_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(case.responsible_officer)
    response = client.post(
        reverse("supervision:contact-outcome", kwargs={"crn": case.crn, "pk": appointment.pk}),
        {"outcome": "FTA"},
        follow=True,
    )
    appointment.refresh_from_db()
    assert appointment.evidence_due_on is not None
    assert f"{appointment.evidence_due_on:%-d %B %Y}" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"on_2": str(timezone.localdate().year + 1)}, "on", CONTACT_MUST_BE_IN_THE_PAST),
        ({"made_by_identifier": ""}, "made_by_identifier", POLICE_IDENTIFIER_REQUIRED),
        ({"outcome": ""}, "outcome", OUTCOME_REQUIRED),
        ({"outcome": "AA"}, "absence_reason", ABSENCE_REASON_REQUIRED),
    ],
)
def test_a_rule_the_service_refuses_shows_on_the_field_it_belongs_to(client, case, overrides, field, message):
    client.force_login(case.responsible_officer)
    response = client.post(reverse("supervision:contact-create", kwargs={"crn": case.crn}), _contact_post(**overrides))
    assert response.context["form"].errors == {field: [message]}
    assert f'href="#id_{field}' in response.text  # the error summary links to the field


def test_an_appointment_in_the_past_is_refused_on_its_date(client, case):
    client.force_login(case.responsible_officer)
    when = timezone.localtime() - timedelta(days=1)
    response = client.post(
        reverse("supervision:appointment-create", kwargs={"crn": case.crn}),
        {
            "contact_type": ContactTypeFactory().pk,
            "on_0": when.day,
            "on_1": when.month,
            "on_2": when.year,
            "at": "10:00",
        },
    )
    assert response.context["form"].errors == {"on": [APPOINTMENT_MUST_BE_IN_THE_FUTURE]}
    assert f'<a href="#id_on_0">{APPOINTMENT_MUST_BE_IN_THE_FUTURE}</a>' in response.text


def test_an_amendment_records_the_correction_and_refuses_a_future_date_on_its_field(client, case):
    contact = case.contacts.get()
    client.force_login(case.responsible_officer)
    url = reverse("supervision:contact-amend", kwargs={"crn": case.crn, "pk": contact.pk})
    data = _contact_post(
        contact_type=contact.contact_type_id, made_by="RO", police_name="", made_by_identifier="", reason="Typo"
    )
    del data["submission_token"]  # each post opens the form afresh: its own token and the contact's version
    future = client.post(url, {**data, "on_2": str(timezone.localdate().year + 1)})
    assert future.context["form"].errors == {"on": [CONTACT_MUST_BE_IN_THE_PAST]}
    assert client.post(url, data).status_code == 302
    assert contact.amendments.get().reason == "Typo"


def test_every_rule_a_contact_breaks_shows_at_once_and_nothing_is_saved(client, case):
    client.force_login(case.responsible_officer)
    before = case.contacts.count()
    response = client.post(
        reverse("supervision:contact-create", kwargs={"crn": case.crn}),
        _contact_post(on_2=str(timezone.localdate().year + 1), made_by_identifier="", outcome=""),
    )
    assert response.context["form"].errors == {
        "on": [CONTACT_MUST_BE_IN_THE_PAST],
        "made_by_identifier": [POLICE_IDENTIFIER_REQUIRED],
        "outcome": [OUTCOME_REQUIRED],
    }
    assert case.contacts.count() == before
