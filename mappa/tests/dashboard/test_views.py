"""The region dashboard's pages: only a Head of Public Protection, only their region, and a fixed number of queries
whatever the region's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mappa.tests.dashboard.world import one_of_each, region_world
from mappa.tests.factories import coordinator_for, managed_team
from supervision import roles
from supervision.models import AuditEvent
from supervision.tests.factories import CaseFactory, StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("mappa:region-dashboard")


def _list(figure="mappa-level-2"):
    return reverse("mappa:region-dashboard-list", kwargs={"figure": figure})


def _csv(figure="mappa-level-2"):
    return reverse("mappa:region-dashboard-csv", kwargs={"figure": figure})


@pytest.fixture
def world():
    world = region_world()
    one_of_each(world["officers"][0], world["managers"][0], world["head"])
    return world


@pytest.mark.parametrize("role", [roles.RESPONSIBLE_OFFICER, roles.LINE_MANAGER, roles.ADMINISTRATOR, roles.AUDITOR])
@pytest.mark.parametrize("url", [DASHBOARD, _list(), _csv()])
def test_only_a_head_of_public_protection_may_open_the_dashboard_its_lists_and_exports(client, world, role, url):
    client.force_login(StaffFactory(role=role, profile__team=world["teams"][0]))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, _list(), _csv()])
def test_a_mappa_coordinator_for_the_region_is_refused(client, world, url):
    client.force_login(coordinator_for(region=world["region"]))

    assert client.get(url).status_code == 403


def test_a_head_of_public_protection_with_no_region_is_refused(client):
    client.force_login(StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__grade="HOPP"))

    assert client.get(DASHBOARD).status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302 and "sign-in" in response["Location"]


@pytest.mark.parametrize("url", [DASHBOARD, _list(), _csv()])
@pytest.mark.parametrize("param", ["pdu", "team"])
def test_another_regions_pdu_or_team_is_not_found(client, world, url, param):
    elsewhere = TeamFactory()
    client.force_login(world["head"])

    value = elsewhere.pdu.pk if param == "pdu" else elsewhere.pk
    assert client.get(url, {param: value}).status_code == 404
    assert client.get(url, {param: "not-a-number"}).status_code == 404


@pytest.mark.parametrize("url", [_list(), _csv()])
def test_an_officer_outside_the_area_is_not_found(client, world, url):
    client.force_login(world["head"])
    elsewhere = managed_team()["officer"]

    assert client.get(url, {"officer": elsewhere.pk}).status_code == 404
    # The other PDU's officer is in the region, but not in this team.
    assert client.get(url, {"team": world["teams"][0].pk, "officer": world["officers"][1].pk}).status_code == 404


def test_an_unknown_figure_is_not_found(client, world):
    client.force_login(world["head"])

    assert client.get(_list("everything")).status_code == 404


def test_the_region_links_to_each_pdu_and_a_pdu_to_each_team(client, world):
    team = world["teams"][0]
    client.force_login(world["head"])

    region = client.get(DASHBOARD).content.decode()
    pdu = client.get(DASHBOARD, {"pdu": team.pdu.pk}).content.decode()
    by_officer = client.get(DASHBOARD, {"team": team.pk}).content.decode()

    assert f'href="{DASHBOARD}?pdu={team.pdu.pk}"' in region
    assert f'href="{DASHBOARD}?team={team.pk}"' in pdu
    assert f"{_list('mappa-level-2')}?team={team.pk}&amp;officer={world['officers'][0].pk}" in by_officer


def test_the_navigation_offers_the_dashboard_to_a_head_of_public_protection_only(client, world):
    client.force_login(world["head"])
    assert f'href="{DASHBOARD}"' in client.get(reverse("mappa:hopp-queue")).content.decode()

    client.force_login(world["managers"][0])
    assert f'href="{DASHBOARD}"' not in client.get(reverse("mappa:queue")).content.decode()


def test_a_list_is_audited_as_a_view_naming_its_figure(client, world):
    client.force_login(world["head"])

    client.get(_list("recalls-requested"))

    row = AuditEvent.objects.get()
    assert (row.action, row.object_type, row.object_id) == (
        AuditEvent.Action.VIEW,
        "mappa.region-dashboard",
        "recalls-requested",
    )


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("figure", ["mappa-level-2", "escalations-overdue", "referrals-overturned",
                                    "meetings-overdue-actions", "recalls-countersignature-late"])  # fmt: skip
def test_pages_take_the_same_number_of_queries_for_a_small_and_a_large_region(client, figure):
    world = region_world()
    one_of_each(world["officers"][0], world["managers"][0], world["head"])
    client.force_login(world["head"])
    team = world["teams"][0]
    pages = [
        (DASHBOARD, {}),
        (DASHBOARD, {"pdu": team.pdu.pk}),
        (DASHBOARD, {"team": team.pk}),
        (_list(figure), {}),
        (_list(figure), {"team": team.pk, "officer": world["officers"][0].pk}),
        (_csv(figure), {}),
    ]
    small = [_queries(client, url, params) for url, params in pages]

    for officer, manager in zip(world["officers"], world["managers"], strict=True):
        for _ in range(2):
            one_of_each(officer, manager, world["head"])
    for extra in range(3):
        StaffFactory(profile__team=TeamFactory(pdu=team.pdu), last_name=f"Extra{extra}")
    large = [_queries(client, url, params) for url, params in pages]

    assert small == large
    assert max(large) <= 20


def test_a_long_list_is_paged_and_its_export_holds_every_row(client):
    world = region_world()
    officer = world["officers"][0]
    for _ in range(51):
        CaseFactory(responsible_officer=officer, team=officer.profile.team, mappa_category=1, mappa_level=2)
    client.force_login(world["head"])

    first = client.get(_list("mappa-level-2"))
    second = client.get(_list("mappa-level-2"), {"page": 2})
    exported = client.get(_csv("mappa-level-2")).content.decode().strip().splitlines()

    assert (len(first.context["rows"]), len(second.context["rows"])) == (50, 1)
    assert len(exported) == 1 + 51


def test_the_cases_awaiting_allocation_have_their_own_list(client, world):
    team = world["teams"][0]
    waiting = CaseFactory(
        team=team, responsible_officer=None, awaiting_allocation_since=timezone.now(), mappa_category=2, mappa_level=3
    )
    client.force_login(world["head"])

    response = client.get(_list("mappa-level-3"), {"team": team.pk, "officer": "none"})

    assert [row["case"] for row in response.context["rows"]] == [waiting]
    assert "Awaiting allocation" in response.content.decode()
