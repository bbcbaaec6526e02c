"""Enforcement decisions outstanding: a line manager sees their team's, a Head of Public Protection their region's,
an officer their own cases'; the page costs a fixed number of queries and pages; the case's open work asks for the
decision too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import Contact
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, StaffFactory
from supervision.tests.services.absence_helpers import decide, unacceptable_absence

pytestmark = pytest.mark.django_db

PAGE = reverse("supervision:enforcement-outstanding")


@pytest.fixture
def team():
    return managed_team()


def late_absence(case, *, days_late=3) -> Contact:
    """An absence judged unacceptable long enough ago that its decision (7 days by default) is `days_late` late."""
    return unacceptable_absence(case, judged_on=timezone.localdate() - timedelta(days=7 + days_late))


def test_a_line_manager_sees_their_teams_absences_with_how_late_each_decision_is(client, team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"], last_name="Latimer")
    absence = late_absence(case)
    client.force_login(team["manager"])

    page = client.get(PAGE).content.decode()

    assert "Enforcement decisions outstanding" in page
    assert case.crn in page and "Overdue by 3 days" in page
    assert reverse("supervision:contact-detail", kwargs={"crn": case.crn, "pk": absence.pk}) in page
    assert team["officer"].get_full_name() in page
    assert "1 overdue" in page


def test_an_absence_not_yet_due_is_listed_without_being_overdue(client, team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    unacceptable_absence(case, judged_on=timezone.localdate())
    client.force_login(team["manager"])
    page = client.get(PAGE).content.decode()
    assert case.crn in page and "Overdue by" not in page


def test_a_decided_absence_is_not_listed(client, team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    decide(late_absence(case), by=team["officer"], on=timezone.localdate())
    client.force_login(team["manager"])
    assert case.crn not in client.get(PAGE).content.decode()


def test_an_officer_sees_only_their_own_cases(client, team):
    own = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    colleagues = CaseFactory(responsible_officer=team["colleague"], team=team["team"])
    late_absence(own)
    late_absence(colleagues)
    client.force_login(team["officer"])
    page = client.get(PAGE).content.decode()
    assert own.crn in page and colleagues.crn not in page


def test_a_head_of_public_protection_sees_their_region_and_not_another(client, team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    late_absence(case)
    client.force_login(team["head"])
    assert case.crn in client.get(PAGE).content.decode()
    client.force_login(managed_team()["head"])
    assert case.crn not in client.get(PAGE).content.decode()


def test_a_manager_of_another_team_does_not_see_the_case(client, team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    late_absence(case)
    client.force_login(managed_team()["manager"])
    assert case.crn not in client.get(PAGE).content.decode()


def test_people_without_a_case_role_are_refused(client):
    for role in (roles.ADMINISTRATOR, roles.AUDITOR):
        client.force_login(StaffFactory(role=role))
        assert client.get(PAGE).status_code == 403


@pytest.mark.parametrize("count", [2, 30])
def test_the_page_takes_a_fixed_number_of_queries_and_shows_25_a_page(
    client, team, count, django_assert_max_num_queries
):
    for _ in range(count):
        late_absence(CaseFactory(responsible_officer=team["officer"], team=team["team"]))
    client.force_login(team["manager"])
    with django_assert_max_num_queries(18):
        page = client.get(PAGE).content.decode()
    assert page.count("Overdue by 3 days") == min(count, 25)
    if count > 25:
        assert "page=2" in page
        assert client.get(PAGE, {"page": 2}).content.decode().count("Overdue by 3 days") == count - 25


def test_the_cases_open_work_asks_for_the_decision(client, team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    late_absence(case)
    client.force_login(team["officer"])
    page = client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn})).content.decode()
    assert "Record an enforcement decision on the unacceptable absence" in page
    assert "(overdue)" in page
