"""The dashboard and its lists as pages: who may open them, what the lists hold, and what they cost."""

import pytest
from django.urls import reverse

from supervision import roles
from supervision.dashboards import FIGURES
from supervision.tests.dashboards.world import build_team, cases_left_out
from supervision.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_team(officers=2, cases_each=1)
    world.update(cases_left_out(world))
    return world


def _list(key, **query):
    url = reverse("supervision:dashboard-list", kwargs={"key": key})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_line_manager_sees_their_teams_dashboard(client, world):
    client.force_login(world["manager"])
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Team dashboard" in html
    assert _list("overdue-requirements") in html
    # The officers' table: each officer with their active cases and overdue requirements.
    rows = response.context["officer_rows"]
    assert {row["officer"] for row in rows} == set(world["officers"])
    assert all(row["longest_overdue_days"] == 40 for row in rows)


def test_a_head_of_public_protection_sees_the_dashboard_for_their_region(client, world):
    head = StaffFactory(
        role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=world["team"].pdu.region
    )
    client.force_login(head)
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    counts = {item["figure"].key: item["count"] for s in response.context["sections"] for item in s.figures}
    # The region's Head of Public Protection sees the restricted case too (they set the limits).
    assert counts["active-cases"] == len(world["cases"]) + 1


@pytest.mark.parametrize("role", [roles.RESPONSIBLE_OFFICER, roles.ADMINISTRATOR, roles.AUDITOR])
def test_officers_administrators_and_auditors_are_refused(client, world, role):
    client.force_login(StaffFactory(role=role, profile__team=world["team"]))
    assert client.get(reverse("supervision:dashboard")).status_code == 403
    assert client.get(_list("overdue-requirements")).status_code == 403
    csv_url = reverse("supervision:dashboard-csv", kwargs={"key": "overdue-requirements"})
    assert client.get(csv_url).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 302


def test_an_unknown_list_is_not_found(client, world):
    client.force_login(world["manager"])
    assert client.get(_list("no-such-figure")).status_code == 404


def test_each_figure_on_the_page_is_the_count_of_the_list_it_links_to(client, world):
    client.force_login(world["manager"])
    page = client.get(reverse("supervision:dashboard"))
    shown = {item["figure"].key: item for s in page.context["sections"] for item in s.figures}
    assert set(shown) == {figure.key for figure in FIGURES}
    for key, item in shown.items():
        listed = client.get(item["url"])
        assert listed.status_code == 200, key
        assert listed.context["page"].paginator.count == item["count"], key


def test_each_officers_number_is_the_count_of_the_list_it_links_to(client, world):
    client.force_login(world["manager"])
    page = client.get(reverse("supervision:dashboard"))
    for row in page.context["officer_rows"]:
        for cell in row["cells"]:
            assert client.get(cell["url"]).context["page"].paginator.count == cell["count"], cell["label"]


def test_a_list_narrowed_to_another_teams_officer_or_team_is_not_found(client, world):
    elsewhere = build_team(officers=1, cases_each=1)
    client.force_login(world["manager"])
    assert client.get(_list("overdue-requirements", officer=elsewhere["officers"][0].pk)).status_code == 404
    assert client.get(_list("overdue-requirements", team=elsewhere["team"].pk)).status_code == 404
    assert client.get(_list("overdue-requirements", officer="nonsense")).status_code == 404
    assert client.get(_list("overdue-requirements", team=world["team"].pk)).status_code == 200


def test_another_teams_line_manager_sees_only_their_own_teams_list(client, world):
    elsewhere = build_team(officers=1, cases_each=1)
    client.force_login(elsewhere["manager"])
    response = client.get(_list("overdue-requirements"))
    crns = {cell["text"] for row in response.context["table"] for cell in row if cell["heading"] == "CRN"}
    assert crns == {elsewhere["cases"][0].crn}


def test_the_list_shows_each_row_with_its_case_and_how_long_it_is_overdue(client, world):
    client.force_login(world["manager"])
    officer = world["officers"][0]
    response = client.get(_list("overdue-requirements", officer=officer.pk))
    assert response.context["headings"] == ["Name", "CRN", "Officer", "Contact needed", "Due on", "Days overdue"]
    rows = response.context["table"]
    assert [row[5]["text"] for row in rows] == ["40", "20", "12", "3"]  # longest overdue first
    case = world["cases"][0]
    assert rows[0][0] == {
        "heading": "Name",
        "text": case.full_name,
        "url": reverse("supervision:case-contact-requirements", kwargs={"crn": case.crn}),
    }
    assert world["restricted"].crn not in response.content.decode()


# Session, user, roles and profile; the figures in one statement; the officers, their counts (one grouped
# statement) and their longest overdue (one); a query per trend; the navigation's notification count.
DASHBOARD_QUERIES = 11
LIST_QUERIES = 7


@pytest.mark.parametrize("size", [1, 4])
def test_the_dashboard_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    world = build_team(officers=size, cases_each=size)
    client.force_login(world["manager"])
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("supervision:dashboard"))
    assert len(response.context["officer_rows"]) == size


@pytest.mark.parametrize("size", [1, 4])
def test_every_list_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    world = build_team(officers=size, cases_each=size)
    client.force_login(world["manager"])
    for figure in FIGURES:
        with django_assert_max_num_queries(LIST_QUERIES):
            assert client.get(_list(figure.key)).status_code == 200


def test_the_dashboard_is_in_the_navigation_for_line_managers_only(client, world):
    link = f'href="{reverse("supervision:dashboard")}"'
    client.force_login(world["manager"])
    assert link in client.get(reverse("supervision:my-work")).content.decode()
    client.force_login(world["officers"][0])
    assert link not in client.get(reverse("supervision:my-work")).content.decode()
