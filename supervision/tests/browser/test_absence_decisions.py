"""Enforcement decisions outstanding in Chromium, on desktop and at 375 pixels: a line manager sees the team's
unacceptable absences waiting for a decision, the overdue ones marked, and opens one; the officer's case overview
asks for the decision. Axe-clean, and nothing scrolls sideways on a phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from supervision.tests.access_factories import managed_team
from supervision.tests.factories import TEST_PASSWORD, CaseFactory
from supervision.tests.services.absence_helpers import unacceptable_absence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page, assert_accessible, name):
    assert_accessible(page)
    page.screenshot(path=f"/tmp/absence-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name}: the page scrolls sideways ({width}px wide in a {viewport}px viewport)"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_line_manager_sees_the_decisions_outstanding_and_the_officer_is_asked_on_the_case(
    signed_in_page, assert_accessible, phone
):
    size = "phone" if phone else "desktop"
    people = managed_team()
    today = timezone.localdate()
    late = CaseFactory(responsible_officer=people["officer"], team=people["team"], first_name="Dale", last_name="Marsh")
    absence = unacceptable_absence(late, judged_on=today - timedelta(days=12))
    soon = CaseFactory(responsible_officer=people["colleague"], team=people["team"], last_name="Quayle")
    unacceptable_absence(soon, judged_on=today - timedelta(days=1))

    page = signed_in_page(people["manager"], TEST_PASSWORD, phone=phone)
    page.goto(reverse("supervision:enforcement-outstanding"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enforcement decisions outstanding")
    expect(page.get_by_text("2 unacceptable absences waiting for a decision, 1 overdue.")).to_be_visible()
    expect(page.get_by_text("Overdue by 5 days")).to_be_visible()
    _checked(page, assert_accessible, f"outstanding-{size}")

    page.get_by_role("link", name="Office appointment for Dale Marsh").click()
    expect(page).to_have_url(reverse("supervision:contact-detail", kwargs={"crn": late.crn, "pk": absence.pk}))

    officer_page = signed_in_page(people["officer"], TEST_PASSWORD, phone=phone)
    officer_page.goto(reverse("supervision:case-detail", kwargs={"crn": late.crn}))
    expect(officer_page.get_by_text("Record an enforcement decision on the unacceptable absence")).to_be_visible()
    _checked(officer_page, assert_accessible, f"case-open-work-{size}")
