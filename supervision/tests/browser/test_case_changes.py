"""Changing a case in Chromium, on desktop and at 375 pixels, axe-clean on every page: the officer records a move
to approved premises; the line manager closes a case after confirming."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import Case, CaseAddress, CaseChange
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page, assert_accessible, name):
    assert_accessible(page)
    page.screenshot(path=f"/tmp/shots/changes-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name}: the page scrolls sideways ({width}px wide in a {viewport}px viewport)"


def _fill_date(page, legend, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.fixture
def team():
    return managed_team()


@pytest.fixture
def case(team):
    return CaseFactory(
        crn="D482913",
        first_name="Damien",
        last_name="Hollis",
        responsible_officer=team["officer"],
        team=team["team"],
        address="27 Larkspur Road\nAvonford",
        postcode="AV4 7QT",
    )


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_officer_changes_the_address_to_approved_premises(
    team, case, signed_in_page, assert_accessible, screenshot, phone
):
    size = "phone" if phone else "desktop"
    page = signed_in_page(team["officer"], TEST_PASSWORD, phone=phone)
    page.goto(f"/cases/{case.crn}/")
    page.get_by_role("link", name="Case details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case details")
    _checked(page, assert_accessible, f"details-{size}")

    page.get_by_role("link", name="Record a move to a new address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a change of address")
    page.get_by_role("button", name="Save new address").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the address")
    _checked(page, assert_accessible, f"move-errors-{size}")

    page.get_by_label("New address").fill("Larkspur House Approved Premises\n3 Mill Lane\nAvonford")
    page.locator("main").get_by_label("Postcode").fill("AV1 2AA")
    _fill_date(page, "Date they moved", timezone.localdate())
    page.get_by_label("Yes").check()
    _fill_date(
        page, "If approved premises, the date they are expected to leave", timezone.localdate() + timedelta(days=84)
    )
    page.get_by_label("Why did they move?").fill("Released to approved premises after the acute risk factor.")
    _checked(page, assert_accessible, f"move-form-{size}")
    page.get_by_role("button", name="Save new address").click()

    expect(page.get_by_text("Address changed")).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Approved premises")
    page.get_by_role("link", name="Case history: every change, who made it and why").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case history")
    expect(page.locator(".moj-timeline__item").first).to_contain_text("Moved address")
    _checked(page, assert_accessible, f"history-{size}")
    current = CaseAddress.objects.standing().filter(case=case).order_by("-starts_on", "-pk").first()
    assert current.is_approved_premises and current.approved_premises_ends_on is not None
    assert CaseChange.objects.filter(case=case, kind=CaseChange.Kind.ADDRESS_MOVE).count() == 1


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_line_manager_closes_a_case_after_confirming(team, case, signed_in_page, assert_accessible, phone):
    size = "phone" if phone else "desktop"
    page = signed_in_page(team["manager"], TEST_PASSWORD, phone=phone)
    page.goto(f"/cases/{case.crn}/details/")
    page.get_by_role("link", name="Close this case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close this case")
    _checked(page, assert_accessible, f"close-form-{size}")

    page.get_by_label("Sentence ended").check()
    _fill_date(page, "Date the case closed", timezone.localdate())
    page.get_by_label("Details").fill("Licence expired; no further supervision.")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to close this case?")
    _checked(page, assert_accessible, f"close-confirm-{size}")
    assert Case.objects.get(pk=case.pk).status == Case.Status.ACTIVE
    page.get_by_role("button", name="Close case").click()

    expect(page.get_by_text("Case closed", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Reopen this case").first).to_be_visible()
    _checked(page, assert_accessible, f"closed-{size}")
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (Case.Status.CLOSED, Case.ClosureReason.SENTENCE_ENDED)
