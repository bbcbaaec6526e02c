"""The RO's day in Chromium, on desktop and at 375 pixels: axe-clean on every page visited."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from supervision import roles
from supervision.demo import build_demo
from supervision.demo.users import DEMO_PASSWORD, SEED_CASE_CRN
from supervision.models import Case, Contact, ContactType
from supervision.tests.browser.reveals import assert_accessible_with_reveals

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    roles.ensure_role_groups()
    build_demo()
    return User.objects.get(username="priya.shah")


# The record-a-contact form's height in CSS pixels (the form, not the page: see the test below).
FORM_HEIGHT = "() => document.querySelector('main form').getBoundingClientRect().height"


def _checked(page, assert_accessible, screenshot, name):
    assert_accessible_with_reveals(page, assert_accessible)
    screenshot(page, name)
    screenshot(page, f"{name}-top", full_page=False)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name}: the page scrolls sideways ({width}px wide in a {viewport}px viewport)"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_an_ro_finds_a_case_records_a_police_home_visit_and_sees_it_on_the_chronology(
    demo, signed_in_page, assert_accessible, screenshot, phone
):
    size = "phone" if phone else "desktop"
    page = signed_in_page(demo, DEMO_PASSWORD, phone=phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")  # an officer's day starts here
    page.goto(reverse("supervision:caseload"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    _checked(page, assert_accessible, screenshot, f"caseload-{size}")

    page.get_by_label("Search by CRN or name").fill("Hollis")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
    page.get_by_role("link", name="Damien Hollis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    expect(page.get_by_text("Review the contact level and consider safeguarding referrals")).to_be_visible()
    _checked(page, assert_accessible, screenshot, f"case-overview-{size}")

    page.get_by_role("link", name="Record a contact").first.click()
    # Only the questions every contact needs show at first. Before, every question showed (3,500 px on a phone);
    # showing them all again here measures what the reveals save. The form is measured, not the page: the case's
    # banner above it (risk flags, acute risk factors, reviews due) grows and shrinks with the demo's dates.
    height = page.evaluate(FORM_HEIGHT)
    page.evaluate(
        """() => {
            document.querySelectorAll('.govuk-radios__conditional--hidden')
                .forEach((block) => block.classList.remove('govuk-radios__conditional--hidden'));
            document.querySelectorAll('details').forEach((details) => { details.open = true; });
        }"""
    )
    everything_shown = page.evaluate(FORM_HEIGHT)
    page.reload()
    if phone:
        assert height < 1900, f"the record-a-contact form is {height}px tall on a phone"
        assert everything_shown - height > 600, (height, everything_shown)
    expect(page.get_by_label("Police collar or warrant number")).to_be_hidden()
    expect(page.get_by_label("Their agency")).to_be_hidden()
    expect(page.get_by_role("group", name="Reason for the acceptable absence")).to_be_hidden()
    now = timezone.localtime()
    expect(page.get_by_label("Day")).to_have_value(str(now.day))
    expect(page.get_by_label("Year")).to_have_value(str(now.year))
    _checked(page, assert_accessible, screenshot, f"record-contact-{size}")
    page.get_by_label("Type of contact").select_option(label="Home visit by police on the RO's behalf")
    when = timezone.localtime() - timedelta(hours=3)
    page.get_by_label("Day").fill(str(when.day))
    page.get_by_label("Month").fill(str(when.month))
    page.get_by_label("Year").fill(str(when.year))
    page.get_by_label("Time").fill(when.strftime("%H:%M"))
    page.get_by_label("Another agency's worker").check()
    page.get_by_label("Their agency").fill("Avonford Housing")  # typed, then the choice changes: never saved
    page.get_by_label("A police officer").check()
    expect(page.get_by_label("Their agency")).to_be_hidden()
    page.get_by_label("Police officer's name").fill("PC Rachel Jones")
    page.get_by_label("Police collar or warrant number").fill("4471")
    page.get_by_label("Attended – complied").check()
    page.get_by_label("Notes").fill("Damien present with his mother. No concerns.")
    _checked(page, assert_accessible, screenshot, f"record-contact-police-{size}")
    if phone:
        screenshot(page, "forms-record-contact-phone")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact recorded")).to_be_visible()
    _checked(page, assert_accessible, screenshot, f"contacts-{size}")

    page.get_by_role("link", name="Chronology").click()
    entry = page.locator(".moj-timeline__item").filter(has_text="Damien present with his mother")
    expect(entry).to_contain_text("PC Rachel Jones (4471), police")
    expect(entry).to_contain_text("27 Larkspur Road")
    _checked(page, assert_accessible, screenshot, f"chronology-{size}")
    assert (
        Contact.objects.filter(
            made_by=Contact.MadeBy.POLICE,
            made_by_identifier="4471",
            made_by_agency="",
            notes__contains="No concerns",
        ).count()
        == 1
    )


def test_an_ro_books_an_appointment_and_records_failed_to_attend(demo, signed_in_page, assert_accessible, screenshot):
    case = Case.objects.get(crn=SEED_CASE_CRN)
    missed = Contact.objects.create(
        case=case,
        contact_type=ContactType.objects.get(code="COAP"),
        starts_at=timezone.now() - timedelta(hours=2),
        is_appointment=True,
        recorded_by=demo,
        made_by_user=demo,
    )
    page = signed_in_page(demo, DEMO_PASSWORD)
    page.goto(f"/cases/{SEED_CASE_CRN}/contacts/")
    page.get_by_role("link", name="Book an appointment").click()
    when = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Type of contact").select_option(label="Planned office appointment")
    page.get_by_label("Day").fill(str(when.day))
    page.get_by_label("Month").fill(str(when.month))
    page.get_by_label("Year").fill(str(when.year))
    page.get_by_label("Time").fill("10:30")
    _checked(page, assert_accessible, screenshot, "book-appointment-desktop")
    page.get_by_role("button", name="Book appointment").click()
    expect(page.get_by_text("Appointment booked")).to_be_visible()

    page.goto(f"/cases/{SEED_CASE_CRN}/")
    page.get_by_role("link", name="Record the outcome of the planned office appointment").click()
    _checked(page, assert_accessible, screenshot, "record-outcome-desktop")
    page.get_by_label("Failed to attend").check()
    page.get_by_role("button", name="Save outcome").click()
    missed.refresh_from_db()
    assert missed.outcome == Contact.Outcome.FAILED_TO_ATTEND
    expect(page.locator(".govuk-inset-text")).to_contain_text(f"{missed.evidence_due_on:%-d %B %Y}")
    _checked(page, assert_accessible, screenshot, "contact-detail-failed-to-attend-desktop")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_bad_form_shows_the_error_summary_and_saves_nothing(
    demo, signed_in_page, assert_accessible, screenshot, phone
):
    before = Contact.objects.count()
    page = signed_in_page(demo, DEMO_PASSWORD, phone=phone)
    page.goto(f"/cases/{SEED_CASE_CRN}/contacts/new/")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Time").fill("")  # it starts at now: cleared, it is asked for
    page.get_by_role("button", name="Save contact").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Select the type of contact")
    expect(summary).to_contain_text("The date of the contact must be a real date")
    expect(summary).to_contain_text("Enter the time of the contact")
    assert page.title().startswith("Error:")
    _checked(page, assert_accessible, screenshot, f"record-contact-errors-{'phone' if phone else 'desktop'}")
    assert Contact.objects.count() == before


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_every_case_tab_is_accessible_and_fits_the_screen(demo, signed_in_page, assert_accessible, screenshot, phone):
    page = signed_in_page(demo, DEMO_PASSWORD, phone=phone)
    case = Case.objects.get(crn=SEED_CASE_CRN)
    pages = {
        "conditions": "licence-conditions/",
        "key-individuals": "key-individuals/",
        "risk-flags": "risk-flags/",
        "programmes": "programmes/",
        "add-condition": "licence-conditions/new/",
        "disclosure": "relationship-disclosures/new/",
        "amend-contact": f"contacts/{case.contacts.first().pk}/amend/",
        "contact-detail": f"contacts/{case.contacts.first().pk}/",
    }
    for name, path in pages.items():
        page.goto(f"/cases/{SEED_CASE_CRN}/{path}")
        _checked(page, assert_accessible, screenshot, f"{name}-{'phone' if phone else 'desktop'}")
