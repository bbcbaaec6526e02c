"""Requests no link or form makes: control characters in the URL, a meeting posted with thousands of action rows.
Each is answered with a GOV.UK page or message, quickly, and never reaches the database as a 500."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.models import MappaAction, MappaMeeting
from mappa.tests.factories import managed_team
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_and_case():
    people = managed_team()
    return people["officer"], CaseFactory(responsible_officer=people["officer"], team=people["team"])


@pytest.mark.parametrize("suffix", ["%00", "%01", "%1F", "%7F", "%0A"])
def test_a_control_character_in_a_case_url_is_page_not_found(client, officer_and_case, suffix):
    officer, case = officer_and_case
    client.force_login(officer)

    response = client.get(f"/cases/{case.crn}{suffix}/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert response["X-Request-ID"]


def test_a_nul_byte_in_any_path_is_page_not_found_even_signed_out(client):
    assert client.get("/mappa/referrals/1%00/").status_code == 404


@pytest.mark.parametrize("query", ["q=Smith%00", "q%00=Smith", "officer=1%08", "rosh=%1B"])
def test_a_control_character_in_a_query_string_is_a_bad_request(client, officer_and_case, query):
    officer, _ = officer_and_case
    client.force_login(officer)

    response = client.get(f"/caseload/?{query}")

    assert response.status_code == 400
    assert "There is a problem with the web address" in response.content.decode()


def test_a_search_pasted_with_a_tab_or_line_break_is_still_a_search(client, officer_and_case):
    officer, _ = officer_and_case
    client.force_login(officer)

    assert client.get("/caseload/?q=Smith%09Jones%0A").status_code == 200


def _meeting_post(rows: int, *, rows_with_data: int) -> dict:
    held = timezone.localdate() - timedelta(days=1)
    data = {
        "held_on_0": held.day,
        "held_on_1": held.month,
        "held_on_2": held.year,
        "level": "2",
        "chair": "DI Kent",
        "attendees": "RO\nPolice",
        "enforcement_decision": "FINAL",
        "submission_token": "5b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11",
        "actions-TOTAL_FORMS": str(rows),
        "actions-INITIAL_FORMS": "0",
    }
    for row in range(rows_with_data):
        data |= {
            f"actions-{row}-description": f"Action {row}",
            f"actions-{row}-owner_name": "DI Kent",
            f"actions-{row}-due_on_0": "1",
            f"actions-{row}-due_on_1": "1",
            f"actions-{row}-due_on_2": str(held.year + 1),
        }
    return data


def test_a_meeting_posted_with_5000_action_rows_is_refused_fast_with_a_message(client, officer_and_case):
    officer, case = officer_and_case
    client.force_login(officer)
    url = reverse("mappa:meeting-new", args=[case.crn])

    started = time.monotonic()
    response = client.post(url, _meeting_post(5000, rows_with_data=21))
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert "A meeting can have up to 20 actions" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert not MappaMeeting.objects.exists() and not MappaAction.objects.exists()
    assert elapsed < 3, f"refusing the post took {elapsed:.1f}s"


def test_a_meeting_posted_with_5000_filled_action_rows_is_a_bad_request(client, officer_and_case):
    """Past Django's DATA_UPLOAD_MAX_NUMBER_FIELDS the body is not parsed at all: the GOV.UK 400 page."""
    officer, case = officer_and_case
    client.force_login(officer)

    response = client.post(reverse("mappa:meeting-new", args=[case.crn]), _meeting_post(5000, rows_with_data=5000))

    assert response.status_code == 400
    assert not MappaMeeting.objects.exists()


def test_twenty_actions_are_still_recorded(client, officer_and_case):
    officer, case = officer_and_case
    client.force_login(officer)

    response = client.post(reverse("mappa:meeting-new", args=[case.crn]), _meeting_post(20, rows_with_data=20))

    assert response.status_code == 302
    assert MappaAction.objects.count() == 20


def test_an_empty_post_to_a_new_referral_shows_the_errors(client, officer_and_case):
    """Found by test_arbitrary_input: an empty POST left the form unbound and the view read its cleaned_data."""
    officer, case = officer_and_case
    client.force_login(officer)

    response = client.post(reverse("mappa:referral-new", args=[case.crn]), {})

    assert response.status_code == 200
    assert "Select who you are referring to" in response.content.decode()
