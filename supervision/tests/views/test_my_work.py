""" "My work" pages: an officer's own list, a line manager's team grouped by officer, a Head of Public Protection's
chosen team; nobody sees work outside their reach; the page costs the same queries whatever the caseload."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, ContactFactory, RiskFlagFactory, StaffFactory
from supervision.tests.two_factor import authenticator_for

pytestmark = pytest.mark.django_db

URL = reverse("supervision:my-work")


@pytest.fixture
def team():
    return managed_team()


def _overdue_review(officer, team, last_name="Hollis"):
    waiting = {} if officer is not None else {"awaiting_allocation_since": timezone.now()}
    case = CaseFactory(
        responsible_officer=officer, team=team["team"], first_name="Damien", last_name=last_name, **waiting
    )
    RiskFlagFactory(case=case, next_review_on=timezone.localdate() - timedelta(days=2))
    return case


def _sign_in(client, user):
    client.force_login(user)
    if roles.needs_two_factor(user):
        authenticator_for(user)


def test_an_officer_lands_on_my_work(client, team):
    client.force_login(team["officer"])
    assert client.get("/").url == URL


def test_a_manager_lands_on_the_team_dashboard(client, team):
    client.force_login(team["manager"])
    assert client.get("/").url == reverse("supervision:dashboard")


def test_an_officer_sees_their_own_work_with_a_link_to_where_it_is_done(client, team):
    case = _overdue_review(team["officer"], team)
    _overdue_review(team["colleague"], team, last_name="Quartermaine")
    client.force_login(team["officer"])
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Damien Hollis" in body and "Quartermaine" not in body
    flag = case.risk_flags.get()
    assert reverse("supervision:risk-flag-review", kwargs={"crn": case.crn, "pk": flag.pk}) in body
    assert "Overdue" in body


def test_an_officer_cannot_open_a_colleagues_work_or_a_teams(client, team):
    client.force_login(team["officer"])
    assert client.get(URL, {"officer": team["colleague"].pk}).status_code == 404
    assert client.get(URL, {"officer": "x"}).status_code == 404
    assert client.get(URL, {"officer": team["officer"].pk}).status_code == 200


def test_a_manager_sees_the_team_grouped_by_officer_with_counts(client, team):
    _overdue_review(team["officer"], team)
    _overdue_review(team["colleague"], team, last_name="Quartermaine")
    _overdue_review(team["colleague"], team, last_name="Abbott")
    client.force_login(team["manager"])
    body = client.get(URL).content.decode()
    assert "Team work" in body
    assert f'id="officer-{team["colleague"].pk}"' in body and f'id="officer-{team["officer"].pk}"' in body
    assert "2 items" in body and "1 item" in body
    only = client.get(URL, {"officer": team["officer"].pk}).content.decode()
    assert "Hollis" in only and "Quartermaine" not in only


def test_work_on_a_case_waiting_for_an_officer_is_listed_last_under_awaiting_allocation(client, team):
    """A case in the team with no responsible officer still has work (here a risk flag review): it is listed under
    "Awaiting allocation", not lost and not a server error."""
    _overdue_review(team["officer"], team)
    _overdue_review(None, team, last_name="Unallocated")
    client.force_login(team["manager"])
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="awaiting-allocation"' in body and "Unallocated" in body
    assert body.index(f'id="officer-{team["officer"].pk}"') < body.index('id="awaiting-allocation"')


def test_a_manager_sees_only_their_own_team(client, team):
    other = managed_team(region=team["team"].pdu.region)
    _overdue_review(other["officer"], other, last_name="Elsewhere")
    client.force_login(team["manager"])
    assert "Elsewhere" not in client.get(URL).content.decode()
    assert client.get(URL, {"team": other["team"].pk}).status_code == 404
    assert client.get(URL, {"officer": other["officer"].pk}).status_code == 404


def test_a_head_of_public_protection_picks_a_team_in_their_region(client, team):
    _overdue_review(team["officer"], team)
    other_region = managed_team()
    client.force_login(team["head"])
    body = client.get(URL).content.decode()
    assert "Choose a team" in body and "Hollis" not in body
    assert "Hollis" in client.get(URL, {"team": team["team"].pk}).content.decode()
    assert client.get(URL, {"team": other_region["team"].pk}).status_code == 404


def test_filters_by_kind_and_case(client, team):
    case = _overdue_review(team["officer"], team)
    other = _overdue_review(team["officer"], team, last_name="Abbott")
    ContactFactory(case=other, is_appointment=True, starts_at=timezone.now() - timedelta(hours=2), outcome="")
    client.force_login(team["officer"])
    by_kind = client.get(URL, {"kind": "outcome"}).content.decode()
    assert "Abbott" in by_kind and "Hollis" not in by_kind
    by_case = client.get(URL, {"crn": case.crn.lower()}).content.decode()
    assert "Hollis" in by_case and "Abbott" not in by_case


def test_a_bad_crn_filter_shows_the_error_summary(client, team):
    client.force_login(team["officer"])
    response = client.get(URL, {"crn": "12"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_an_administrator_has_no_work_page(client):
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    client.force_login(administrator)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("size", [2, 25])
def test_the_page_costs_the_same_queries_whatever_the_caseload(client, team, size, django_assert_max_num_queries):
    for n in range(size):
        case = _overdue_review(team["officer"], team, last_name=f"Person{n}")
        ContactFactory(case=case, is_appointment=True, starts_at=timezone.now() + timedelta(days=1), outcome="")
    client.force_login(team["officer"])
    with django_assert_max_num_queries(22):
        response = client.get(URL)
    assert response.content.decode().count('class="govuk-summary-card__title"') == size * 2
