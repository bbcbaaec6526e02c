"""A victim's account of an alleged breach (given by the victim, or passed on by the victim liaison officer) is
victim information: read in full by the responsible officer, their line manager and the region's Head of Public
Protection, as a sensitive contact is; colleagues who can see the case see that it exists, when, and whom to ask."""

import pytest
from django.urls import reverse

from supervision.models import AllegationAccount
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import add_account, record_allegation
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

VICTIM_WORDS = "He stood outside my sister's house on Alder Row for an hour."
PERSON_WORDS = "I was at the gym in Hatherley all evening."


@pytest.fixture
def team():
    people = managed_team()
    case = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    allegation = record_allegation(case)
    add_account(allegation, given_by=AllegationAccount.GivenBy.VICTIM, account=VICTIM_WORDS)
    add_account(allegation, given_by=AllegationAccount.GivenBy.PERSON, account=PERSON_WORDS)
    people["case"], people["allegation"] = case, allegation
    return people


def _pages(case, allegation):
    ids = {"crn": case.crn, "pk": allegation.pk}
    return [
        reverse("supervision:allegation-detail", kwargs=ids),
        reverse("supervision:allegation-accounts", kwargs=ids),
        reverse("supervision:case-chronology", kwargs={"crn": case.crn}),
    ]


@pytest.mark.parametrize("who", ["officer", "manager", "head"])
def test_the_officer_their_manager_and_the_head_read_the_victims_account(client, team, who):
    client.force_login(team[who])
    for url in _pages(team["case"], team["allegation"]):
        body = client.get(url).content.decode()
        assert "Alder Row" in body, url
        assert PERSON_WORDS in body or "gym in Hatherley" in body, url


@pytest.mark.parametrize("who", ["colleague", "deputy"])
def test_colleagues_see_that_a_victims_account_exists_and_whom_to_ask_but_not_what_it_says(client, team, who):
    client.force_login(team[who])
    ask = f"Ask {team['officer'].get_full_name()}, the responsible officer."
    for url in _pages(team["case"], team["allegation"]):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "Alder Row" not in body, url
        assert "gym in Hatherley" in body, url  # the person's own account is no victim information
    accounts = client.get(_pages(team["case"], team["allegation"])[1]).content.decode()
    chronology = client.get(_pages(team["case"], team["allegation"])[2]).content.decode()
    assert ask in accounts and ask in chronology
    assert "Account from a victim or the victim liaison officer" in chronology
