"""A programme from enrolment to attendance in Chromium, on desktop (1280 px) and at 375 px, axe-clean on every
page: enrol the person on Building Better Relationships as their licence condition requires, record the start,
book a run of weekly sessions, record a session's attendance on the usual outcome page, and see it counted on the
Programmes tab and in the overview's compliance summary."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import Contact, ProgrammeEnrolment
from supervision.services import programmes as services
from supervision.tests.access_factories import managed_team
from supervision.tests.browser.reveals import assert_accessible_with_reveals
from supervision.tests.factories import TEST_PASSWORD, CaseFactory
from supervision.tests.programme_factories import bbr, programme_condition, programme_session_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/prog"


def _checked(page, assert_accessible, name):
    assert_accessible_with_reveals(page, assert_accessible)
    page.screenshot(path=f"{SHOTS}-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


def _fill_date(page, name, day):
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def _banner(page, text):
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_enrol_on_a_programme_book_sessions_and_record_attendance(signed_in_page, assert_accessible, phone):
    size = "phone" if phone else "desktop"
    team = managed_team()
    today = timezone.localdate()
    case = CaseFactory(
        responsible_officer=team["officer"],
        team=team["team"],
        first_name="Damien",
        last_name="Hollis",
        started_on=today - timedelta(days=60),
    )
    programme_condition(case)
    programme_session_type()
    bbr()
    page = signed_in_page(team["officer"], TEST_PASSWORD, phone=phone)

    page.goto(f"/cases/{case.crn}/programmes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmes")
    _checked(page, assert_accessible, f"list-empty-{size}")

    page.get_by_role("link", name="Enrol on a programme").click()
    page.get_by_role("button", name="Enrol").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the programme")
    _checked(page, assert_accessible, f"enrol-errors-{size}")
    page.get_by_label("Building Better Relationships").check()
    page.get_by_label("Attend a programme").check()
    _fill_date(page, "referred_on", today - timedelta(days=7))
    page.get_by_role("button", name="Enrol").click()
    _banner(page, "Enrolment recorded")
    expect(page.locator("main")).to_contain_text("Referred")

    page.get_by_role("link", name="Record the start").click()
    _checked(page, assert_accessible, f"start-{size}")
    page.get_by_role("button", name="Record the start").click()
    _banner(page, "Start recorded")

    page.get_by_role("link", name="Book sessions").click()
    _checked(page, assert_accessible, f"book-{size}")
    _fill_date(page, "on", today + timedelta(days=3))
    page.get_by_label("Time").fill("14:00")
    page.get_by_label("How many weekly sessions?").fill("3")
    page.get_by_role("button", name="Book sessions").click()
    _banner(page, "Sessions booked")
    expect(page.locator("table tbody tr")).to_have_count(3)
    _checked(page, assert_accessible, f"list-booked-{size}")

    # A session booked last week has happened: its attendance is its appointment's outcome.
    enrolment = ProgrammeEnrolment.objects.get()
    last_week = timezone.now() - timedelta(days=7)
    services.book_sessions(
        enrolment, by=team["officer"], first_at=last_week, first_number=1, now=last_week - timedelta(days=1)
    )
    page.reload()
    expect(page.locator("main")).to_contain_text("1 awaiting an outcome")
    page.get_by_role("link", name="Record the outcome of session 1").click()
    _checked(page, assert_accessible, f"outcome-{size}")
    page.get_by_label("Attended – complied").check()
    page.get_by_role("button", name="Save outcome").click()
    _banner(page, "Outcome")

    page.goto(f"/cases/{case.crn}/programmes/")
    expect(page.locator("main")).to_contain_text("1 attended of 4 booked")
    _checked(page, assert_accessible, f"list-attended-{size}")

    page.goto(f"/cases/{case.crn}/")
    summary = page.locator("#compliance-summary")
    expect(summary).to_contain_text("1 attended, 0 missed of 4 sessions booked")
    _checked(page, assert_accessible, f"overview-{size}")

    assert enrolment.sessions.filter(contact__outcome=Contact.Outcome.ATTENDED_COMPLIED).count() == 1
