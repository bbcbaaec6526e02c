"""Cancelling an appointment through its page: the link where its outcome is recorded, the reasons, the error
summary on bad input, a double submit cancelling once, and refusals for those who may not cancel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import Contact
from supervision.services.appointments import CANCELLATION_DETAIL_REQUIRED, CANCELLATION_REASON_REQUIRED
from supervision.services.contacts import ContactDetails, book_appointment
from supervision.tests.factories import ContactFactory, ContactTypeFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def appointment(case):
    details = ContactDetails(
        contact_type=ContactTypeFactory(name="Office appointment", is_bookable=True),
        starts_at=timezone.now() + timedelta(days=2),
    )
    return book_appointment(case, details, by=case.responsible_officer)


def cancel_url(contact):
    return reverse("supervision:appointment-cancel", kwargs={"crn": contact.case.crn, "pk": contact.pk})


def detail_url(contact):
    return reverse("supervision:contact-detail", kwargs={"crn": contact.case.crn, "pk": contact.pk})


def test_the_appointment_page_offers_to_cancel_it(client, case, appointment):
    client.force_login(case.responsible_officer)

    page = client.get(detail_url(appointment)).text

    assert f'href="{cancel_url(appointment)}"' in page and "Cancel appointment" in page


def test_bad_input_shows_the_error_summary_and_cancels_nothing(client, case, appointment):
    client.force_login(case.responsible_officer)

    nothing_chosen = client.post(cancel_url(appointment), {})
    other_without_words = client.post(cancel_url(appointment), {"reason": "OTHER", "detail": " "})

    assert nothing_chosen.context["form"].errors == {"reason": [CANCELLATION_REASON_REQUIRED]}
    assert other_without_words.context["form"].errors == {"detail": [CANCELLATION_DETAIL_REQUIRED]}
    assert 'class="govuk-error-summary"' in other_without_words.text
    assert f'<a href="#id_detail">{CANCELLATION_DETAIL_REQUIRED}</a>' in other_without_words.text
    assert not Contact.objects.cancelled().exists()


def test_the_form_carries_its_token_and_version_and_a_double_submit_cancels_once(client, case, appointment):
    client.force_login(case.responsible_officer)
    form = client.get(cancel_url(appointment)).text
    assert 'name="submission_token"' in form and f'name="version" value="{appointment.version}"' in form
    assert "Programme ended" not in form  # only a programme's sessions offer it
    data = {
        "reason": "OTHER",
        "detail": "In hospital until next week",
        "submission_token": "2b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11",
        "version": appointment.version,
    }

    first, second = client.post(cancel_url(appointment), data), client.post(cancel_url(appointment), data)

    assert first.status_code == second.status_code == 302 and first.url == second.url == detail_url(appointment)
    appointment.refresh_from_db()
    assert (appointment.cancellation_reason, appointment.cancellation_detail) == (
        "OTHER",
        "In hospital until next week",
    )
    assert appointment.history.filter(cancelled_at__isnull=False).count() == 1
    page = client.get(detail_url(appointment)).text
    assert "Cancelled on" in page and "In hospital until next week" in page and "Cancel appointment" not in page


def test_words_typed_under_other_are_dropped_when_another_reason_is_chosen(client, case, appointment):
    client.force_login(case.responsible_officer)

    client.post(cancel_url(appointment), {"reason": "OFFICE", "detail": "Typed, then changed my mind"})

    appointment.refresh_from_db()
    assert (appointment.cancellation_reason, appointment.cancellation_detail) == ("OFFICE", "")


def test_another_officer_in_the_team_is_refused(client, case, appointment):
    client.force_login(StaffFactory(profile__team=case.team))

    assert client.get(cancel_url(appointment)).status_code == 403
    assert client.post(cancel_url(appointment), {"reason": "OFFICE"}).status_code == 403
    assert "Cancel appointment" not in client.get(detail_url(appointment)).text
    assert not Contact.objects.cancelled().exists()


def test_an_appointment_with_its_outcome_cannot_be_cancelled(client, case):
    contact = ContactFactory(case=case, is_appointment=True)
    client.force_login(case.responsible_officer)

    response = client.get(cancel_url(contact))

    assert "You cannot cancel this" in response.text and "change the outcome" in response.text
    assert "Cancel appointment" not in client.get(detail_url(contact)).text


def test_the_chronology_shows_the_cancellation_and_why(client, case, appointment):
    client.force_login(case.responsible_officer)
    client.post(cancel_url(appointment), {"reason": "OFFICE"})

    page = client.get(reverse("supervision:case-chronology", kwargs={"crn": case.crn})).text

    assert "Office appointment (appointment cancelled)" in page and "Office closed" in page
