"""Sensitive contacts: read in full by the responsible officer, their line manager and the region's Head of Public
Protection; anyone else who can see the case sees that one exists, its date and whom to ask, on the contact
list, the overview, the chronology and the contact's own page, and cannot open it to change it."""

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db

NOTES = "Victim disclosed a new address: 4 Cobble Lane."


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    people["contact"] = ContactFactory(case=people["case"], is_sensitive=True, notes=NOTES, location="Cobble Lane")
    return people


def pages(case, contact):
    crn = {"crn": case.crn}
    return [
        reverse("supervision:case-detail", kwargs=crn),
        reverse("supervision:case-contacts", kwargs=crn),
        reverse("supervision:case-chronology", kwargs=crn),
        reverse("supervision:contact-detail", kwargs={**crn, "pk": contact.pk}),
    ]


@pytest.mark.parametrize("who", ["officer", "manager", "head"])
def test_the_officer_their_manager_and_the_head_read_it_in_full(client, team, who):
    client.force_login(team[who])
    for url in pages(team["case"], team["contact"]):
        response = client.get(url)
        assert response.status_code == 200
        if "contacts/" in url and url.rstrip("/").split("/")[-1].isdigit():
            assert NOTES in response.content.decode()
    chronology = client.get(pages(team["case"], team["contact"])[2]).content.decode()
    assert NOTES in chronology


@pytest.mark.parametrize("who", ["colleague", "deputy"])
def test_others_see_that_it_exists_and_whom_to_ask_but_not_its_notes(client, team, who):
    client.force_login(team[who])
    ask = f"Ask {team['officer'].get_full_name()}, the responsible officer."
    for url in pages(team["case"], team["contact"]):
        body = client.get(url).content.decode()
        assert NOTES not in body and "Cobble Lane" not in body, url
        assert ask in body, url
        assert "Sensitive contact" in body, url
    detail = client.get(pages(team["case"], team["contact"])[3]).content.decode()
    assert dateformat.format(timezone.localtime(team["contact"].starts_at), "j F Y") in detail  # the date it happened


@pytest.mark.parametrize("name", ["contact-amend", "contact-outcome"])
def test_others_cannot_open_it_to_change_it_and_nothing_changes(client, team, name):
    client.force_login(team["colleague"])
    url = reverse(f"supervision:{name}", kwargs={"crn": team["case"].crn, "pk": team["contact"].pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"notes": "changed", "reason": "x"}).status_code == 403
    team["contact"].refresh_from_db()
    assert team["contact"].notes == NOTES


def test_a_contact_that_is_not_sensitive_is_shown_to_the_team(client, team):
    ContactFactory(case=team["case"], notes="Discussed employment.")
    client.force_login(team["colleague"])
    body = client.get(reverse("supervision:case-chronology", kwargs={"crn": team["case"].crn})).content.decode()
    assert "Discussed employment." in body and NOTES not in body
