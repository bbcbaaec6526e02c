"""Search and "My work" in Chromium at 1280 and 375 pixels: axe-clean, nothing scrolls sideways, and the
action on each work item is on screen at phone width."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.tests.access_factories import managed_team
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, ContactFactory, RiskFlagFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"work-{name}.png"), full_page=True)


def _fits(page):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways ({width}px)"


def _world():
    team = managed_team()
    now, today = timezone.now(), timezone.localdate()
    hollis = CaseFactory(
        responsible_officer=team["officer"], team=team["team"], first_name="Damien", last_name="Smith-Hollis"
    )
    RiskFlagFactory(case=hollis, next_review_on=today - timedelta(days=3))
    ContactFactory(case=hollis, is_appointment=True, starts_at=now - timedelta(hours=3), outcome="")
    ContactFactory(case=hollis, is_appointment=True, starts_at=now + timedelta(days=1), outcome="")
    other = CaseFactory(responsible_officer=team["colleague"], team=team["team"], last_name="Abbott")
    RiskFlagFactory(case=other, next_review_on=today + timedelta(days=2))
    return team, hollis


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_an_officer_starts_from_my_work_and_finds_a_person_by_a_misspelt_name(signed_in_page, assert_accessible, phone):
    team, hollis = _world()
    size = "phone" if phone else "desktop"
    page = signed_in_page(team["officer"], TEST_PASSWORD, phone=phone)

    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    cards = page.locator(".govuk-summary-card")
    expect(cards).to_have_count(3)
    expect(cards.first).to_contain_text("Overdue")
    # Every card's action is visible and inside the page's width: reached by scrolling down, never sideways.
    actions = page.locator(".govuk-summary-card__actions a")
    expect(actions).to_have_count(3)
    for index in range(3):
        expect(actions.nth(index)).to_be_visible()
        box = actions.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert_accessible(page)
    _fits(page)
    _shot(page, f"my-work-{size}")

    page.get_by_label("Find a person by name, CRN, PNC number or postcode").fill("Smyth Hollis")
    page.get_by_role("button", name="Search", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person on probation")
    result = page.get_by_role("link", name=re.compile(f"Damien Smith-Hollis ?, CRN {hollis.crn}"))
    expect(result).to_be_visible()
    expect(page.locator(".govuk-summary-card")).to_contain_text(hollis.crn)
    assert_accessible(page)
    _fits(page)
    _shot(page, f"search-{size}")

    page.locator("#id_date_of_birth_0").fill("31")
    page.locator("#id_date_of_birth_1").fill("2")
    page.locator("#id_date_of_birth_2").fill("1990")
    page.locator("main").get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    _fits(page)
    _shot(page, f"search-error-{size}")

    page.goto("/search/?q=" + hollis.crn)
    page.get_by_role("link", name=re.compile(f"Damien Smith-Hollis ?, CRN {hollis.crn}")).click()
    expect(page).to_have_url(f"{page.url.split('/cases/')[0]}/cases/{hollis.crn}/")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_line_manager_sees_the_teams_work_by_officer(signed_in_page, assert_accessible, phone):
    team, _ = _world()
    size = "phone" if phone else "desktop"
    page = signed_in_page(team["manager"], TEST_PASSWORD, phone=phone)
    page.goto("/my-work/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Team work")
    expect(page.get_by_role("heading", level=2, name=team["officer"].get_full_name())).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=team["colleague"].get_full_name())).to_be_visible()
    assert_accessible(page)
    _fits(page)
    _shot(page, f"team-work-{size}")

    page.get_by_text("Filter the work").click()
    page.get_by_label("Kind of work").select_option(label="Risk flag reviews")
    page.get_by_role("button", name="Show work").click()
    expect(page.locator(".govuk-summary-card")).to_have_count(2)
    expect(page.get_by_role("link", name="Review the flag").first).to_be_visible()
    assert_accessible(page)
    _fits(page)
