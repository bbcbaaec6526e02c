"""The Head of Public Protection's region dashboard in Chromium at 1280 and 375 px, axe on every page: from the
navigation to the region's figures, down to a PDU and one of its teams, and from a figure to the list behind it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.tests.dashboard.world import EXPECTED, one_of_each
from supervision import roles
from supervision.tests.factories import TEST_PASSWORD, PDUFactory, RegionFactory, StaffFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wessex():
    """Like the demo's Wessex region: David Okafor leads it; two PDUs, each with a team, an officer and a manager."""
    region = RegionFactory(name="Wessex")
    head = StaffFactory(
        username="david.okafor",
        first_name="David",
        last_name="Okafor",
        role=roles.HEAD_OF_PUBLIC_PROTECTION,
        profile__team=None,
        profile__region=region,
        profile__grade="HOPP",
    )
    teams = [
        TeamFactory(name="Avonford North", pdu=PDUFactory(region=region, name="Avonford")),
        TeamFactory(name="Bramley Central", pdu=PDUFactory(region=region, name="Bramley")),
    ]
    for team, (first, last) in zip(teams, [("Priya", "Shah"), ("Tom", "Baker")], strict=True):
        officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team, first_name=first, last_name=last)
        manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=team, profile__grade="SPO")
        one_of_each(officer, manager, head, now=timezone.now())
    return head, teams


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_head_of_public_protection_drills_down_to_a_team_and_opens_a_figures_list(
    signed_in_page, assert_accessible, screenshot, phone
):
    size = "phone" if phone else "desktop"
    head, teams = _wessex()

    def checked(page, name):
        assert_accessible(page)
        screenshot(page, f"hoppdash-{name}-{size}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"

    page = signed_in_page(head, TEST_PASSWORD, phone=phone)
    if phone:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Region dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wessex region: public protection")
    escalations = page.get_by_role("region", name="Escalations to the Head of Public Protection")
    expect(escalations.locator(".app-figure").first).to_contain_text(str(2 * EXPECTED["escalations-overdue"]))
    checked(page, "region")

    page.get_by_role("table", name="MAPPA cases by PDU").get_by_role("link", name="Avonford", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avonford: public protection")
    checked(page, "pdu")

    page.get_by_role("table", name="MAPPA cases by team").get_by_role("link", name="Avonford North", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avonford North: public protection")
    expect(page.get_by_role("table", name="Recalls by officer")).to_contain_text("Priya Shah")
    checked(page, "team")

    recalls = page.get_by_role("region", name="Recalls")
    recalls.get_by_role("link", name="Countersignature late").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recalls whose countersignature is late")
    expect(page.get_by_role("main")).to_contain_text(f"{EXPECTED['recalls-countersignature-late']} recall.")
    expect(page.get_by_role("table")).to_contain_text("Late")
    checked(page, "list")

    # The breadcrumbs lead back up to the region.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Wessex").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wessex region: public protection")
