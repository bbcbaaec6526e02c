"""A line manager's dashboard in Chromium, on desktop and at 375 pixels: reached from the navigation, the overdue
figure followed to its list, the list downloaded as CSV. Axe-clean on both pages, with the charts' tables open,
and nothing scrolls sideways on a phone."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.tests.factories import EscalationFactory, RejectedMappaReferralFactory
from supervision.models import OverdueFlag
from supervision.tests.dashboards.world import build_team, overdue_flag, rules
from supervision.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page, assert_accessible, name):
    assert_accessible(page)
    page.screenshot(path=f"/tmp/lmdash-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name}: the page scrolls sideways ({width}px wide in a {viewport}px viewport)"


def _team_with_history():
    world = build_team(officers=3, cases_each=2)
    on, case = world["on"], world["cases"][0]
    home, _ = rules()
    # Flags met in earlier weeks, so the trend has a shape.
    for weeks_ago in range(2, 11):
        flag = overdue_flag(case, home, days_overdue=7 * weeks_ago + 10, on=on)
        OverdueFlag.objects.filter(pk=flag.pk).update(
            resolved_at=timezone.now() - timedelta(days=7 * weeks_ago - 3),
            resolved_on=on - timedelta(days=7 * weeks_ago - 3),
            resolution="MET",
        )
    EscalationFactory(
        referral=RejectedMappaReferralFactory(case=case), assigned_to=world["manager"], due_on=on - timedelta(days=1)
    )
    return world


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_line_manager_follows_the_overdue_figure_to_its_list_and_downloads_it(
    signed_in_page, assert_accessible, phone
):
    size = "phone" if phone else "desktop"
    world = _team_with_history()
    page = signed_in_page(world["manager"], TEST_PASSWORD, phone=phone)
    if phone:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Team dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    for summary in page.locator("details.govuk-details summary").all():
        summary.click()
    expect(page.get_by_role("table", name="Overdue contact requirements, week by week")).to_be_visible()
    _checked(page, assert_accessible, f"dashboard-{size}")
    page.locator(".app-dashboard-sections").screenshot(path=f"/tmp/lmdash-figures-{size}.png")
    page.locator("table.app-dashboard-officers").screenshot(path=f"/tmp/lmdash-officers-{size}.png")
    page.locator(".app-chart").first.screenshot(path=f"/tmp/lmdash-chart-{size}.png")

    overdue = page.locator('[data-figure="overdue-requirements"]')
    expect(overdue).to_contain_text("24")  # four overdue requirements on each of six cases
    overdue.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overdue contact requirements")
    expect(page.locator("#list-count")).to_contain_text("24 in the list")
    _checked(page, assert_accessible, f"overdue-list-{size}")
    page.locator("main").screenshot(path=f"/tmp/lmdash-list-main-{size}.png")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("Name,CRN,Officer,Contact needed,Due on,Days overdue")
    assert all(case.crn in content for case in world["cases"])
