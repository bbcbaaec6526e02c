"""The search page and the header's search box: results show enough to pick the right person, are paged on the
server at a fixed query cost, bad input shows the GOV.UK error summary, and only case roles may search."""

from datetime import date

import pytest
from django.urls import reverse

from supervision import roles
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db

URL = reverse("supervision:search")


@pytest.fixture
def team():
    return managed_team()


def _case(team, **kwargs):
    return CaseFactory(responsible_officer=team["officer"], team=team["team"], **kwargs)


def test_results_show_name_crn_date_of_birth_officer_team_status_and_postcode(client, team):
    case = _case(team, first_name="Damien", last_name="Smith-Jones", date_of_birth=date(1991, 3, 4), postcode="AV4 7QT")
    client.force_login(team["colleague"])
    response = client.get(URL, {"q": "smyth jones"})
    body = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "Damien Smith-Jones",
        case.crn,
        "4 March 1991",
        team["officer"].get_full_name(),
        team["team"].name,
        "Active",
        "AV4 7QT",
        reverse("supervision:case-detail", kwargs={"crn": case.crn}),
    ):
        assert shown in body, shown


def test_the_date_of_birth_input_searches_alone(client, team):
    case = _case(team, date_of_birth=date(1991, 3, 4))
    _case(team, date_of_birth=date(1980, 1, 1))
    client.force_login(team["officer"])
    body = client.get(
        URL, {"q": "", "date_of_birth_0": "4", "date_of_birth_1": "3", "date_of_birth_2": "1991"}
    ).content.decode()
    assert case.crn in body and "1 person found" in body


def test_a_date_that_is_not_real_shows_the_error_summary_and_no_results(client, team):
    _case(team)
    client.force_login(team["officer"])
    response = client.get(URL, {"q": "", "date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "1991"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Search results" not in body


def test_a_very_long_query_is_an_error_not_a_500(client, team):
    client.force_login(team["officer"])
    response = client.get(URL, {"q": "x" * 5000})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()


def test_nothing_found_says_so(client, team):
    client.force_login(team["officer"])
    assert "No one you can see matches your search" in client.get(URL, {"q": "Zebedee"}).content.decode()


def test_another_regions_case_is_not_in_the_results(client, team):
    elsewhere = managed_team()
    case = CaseFactory(responsible_officer=elsewhere["officer"], team=elsewhere["team"], last_name="Quartermaine")
    client.force_login(team["head"])
    body = client.get(URL, {"q": "Quartermaine"}).content.decode()
    assert case.crn not in body and "No one you can see matches your search" in body


def test_an_administrator_may_not_search(client):
    CaseFactory(last_name="Quartermaine")
    client.force_login(StaffFactory(role=roles.ADMINISTRATOR))
    response = client.get(URL, {"q": "Quartermaine"})
    assert response.status_code == 403 and "Quartermaine" not in response.content.decode()


def test_the_header_search_box_is_for_case_roles_only(client, team):
    client.force_login(team["officer"])
    assert 'id="header-search"' in client.get(reverse("supervision:caseload")).content.decode()
    client.force_login(StaffFactory(role=roles.AUDITOR))
    assert 'id="header-search"' not in client.get(reverse("supervision:user-audit")).content.decode()


def test_results_are_paged_on_the_server(client, team):
    for n in range(30):
        _case(team, last_name="Smith", first_name=f"Person{n:02d}")
    client.force_login(team["officer"])
    first = client.get(URL, {"q": "Smith"}).content.decode()
    assert "30 people found" in first and "Page 1 of 2" in first
    assert first.count('class="govuk-summary-card__title"') == 25
    second = client.get(URL, {"q": "Smith", "page": "2"}).content.decode()
    assert second.count('class="govuk-summary-card__title"') == 5
    assert "q=Smith&amp;page=1" in second


@pytest.mark.parametrize("size", [2, 40])
def test_the_page_costs_the_same_queries_whatever_the_number_found(client, team, size, django_assert_max_num_queries):
    for n in range(size):
        _case(team, last_name="Smith", first_name=f"Person{n:02d}")
    client.force_login(team["officer"])
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "Smith"})
    assert f"{size} people found" in response.content.decode()
