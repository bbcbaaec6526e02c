"""Calling off appointments in Chromium, on desktop (1280 px) and at 375 px, axe-clean on every page: the officer
cancels a programme session from its appointment page (the error summary first, then "Other" with its words
revealed), sees it kept on the record as cancelled, then records the programme's termination and is told how many
of the sessions still booked were cancelled with it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import Contact
from supervision.services import programmes as services
from supervision.tests.access_factories import managed_team
from supervision.tests.browser.reveals import assert_accessible_with_reveals
from supervision.tests.factories import TEST_PASSWORD, CaseFactory
from supervision.tests.programme_factories import enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/cancel"


def _checked(page, assert_accessible, name):
    assert_accessible_with_reveals(page, assert_accessible)
    page.screenshot(path=f"{SHOTS}-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


def _banner(page, text):
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_cancel_a_session_then_terminate_the_programme(signed_in_page, assert_accessible, phone):
    size = "phone" if phone else "desktop"
    team = managed_team()
    officer = team["officer"]
    case = CaseFactory(
        responsible_officer=officer, team=team["team"], started_on=timezone.localdate() - timedelta(days=60)
    )
    enrolment = enrol(case, by=officer)
    first, *_ = services.book_sessions(enrolment, by=officer, first_at=timezone.now() + timedelta(days=2), count=3)
    page = signed_in_page(officer, TEST_PASSWORD, phone=phone)

    page.goto(f"/cases/{case.crn}/contacts/{first.contact_id}/")
    page.get_by_role("link", name="Cancel appointment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the appointment")
    page.get_by_role("button", name="Cancel appointment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why the appointment is cancelled")
    _checked(page, assert_accessible, f"form-errors-{size}")

    page.get_by_label("Other").check()
    expect(page.get_by_label("Why it is cancelled")).to_be_visible()
    page.get_by_label("Why it is cancelled").fill("In hospital after a fall; his mother phoned")
    _checked(page, assert_accessible, f"form-other-{size}")
    page.get_by_role("button", name="Cancel appointment").click()
    _banner(page, "Appointment cancelled")
    expect(page.locator(".govuk-inset-text")).to_contain_text("In hospital after a fall")
    expect(page.get_by_role("link", name="Cancel appointment")).to_have_count(0)
    _checked(page, assert_accessible, f"cancelled-{size}")

    page.goto(f"/cases/{case.crn}/programmes/")
    page.get_by_role("link", name="Record termination").click()
    page.get_by_label("Non-attendance").check()
    page.get_by_label("Details").fill("Deselected after missing sessions")
    page.get_by_role("button", name="Record termination").click()
    _banner(page, "Termination recorded. 2 sessions booked after the end were cancelled")
    expect(page.locator("main")).to_contain_text("3 cancelled")
    _checked(page, assert_accessible, f"programme-terminated-{size}")

    page.goto(f"/cases/{case.crn}/chronology/")
    expect(page.locator("main")).to_contain_text("(appointment cancelled)")
    _checked(page, assert_accessible, f"chronology-{size}")

    assert Contact.objects.cancelled().count() == 3
    assert not Contact.objects.awaiting_outcome(now=timezone.now() + timedelta(weeks=4)).exists()
