"""Journeys in Chromium across the rule admin, the caseload, notifications and a case's contact requirements."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import Case, ContactRule, OverdueFlag
from supervision.services.notifications import notify
from supervision.services.overdue_contacts import flag_overdue_contacts
from supervision.tests.browser.reveals import assert_accessible_with_reveals
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, HomeVisitTypeFactory, StaffFactory
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db


def requirements_url(case):
    return reverse("supervision:case-contact-requirements", kwargs={"crn": case.crn})


def _fits_the_screen(page, name):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_administrator_creates_a_rule_officer_sees_the_case_overdue_and_a_home_visit_clears_it(
    signed_in_page, assert_accessible, screenshot
):
    from playwright.sync_api import expect

    HomeVisitTypeFactory()
    today = timezone.localdate()
    officer = StaffFactory(first_name="Priya", last_name="Shah")
    case = CaseFactory(
        responsible_officer=officer,
        rosh=Case.RoSH.HIGH,
        started_on=today - timedelta(days=10),
        first_name="Damien",
        last_name="Hollis",
        address="27 Larkspur Road\nAvonford",
    )
    CaseFactory(responsible_officer=officer, rosh=Case.RoSH.LOW, first_name="Owen", last_name="Varley")
    administrator = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)

    # An administrator adds a rule, previews it, and saves it.
    page = signed_in_page(administrator, TEST_PASSWORD)
    page.goto(reverse("admin:supervision_contactrule_add"))
    assert_accessible(page)
    page.get_by_label("Name:").fill("High RoSH weekly home visits")
    page.get_by_label("Rationale:").fill("Weekly home visits while the risk is high.")
    page.locator("#id_rosh_levels").get_by_label("High", exact=True).check()
    page.get_by_label("Contact needed:").fill("Home visit")
    page.get_by_label("Any home visit counts").check()
    page.get_by_label("Period in days:").fill("7")
    page.get_by_role("button", name="Preview cases covered").click()
    expect(page.locator("#rule-preview")).to_contain_text("would cover 1 active case")
    # A rule takes effect today: nothing is overdue against it before then.
    expect(page.locator("#rule-preview")).to_contain_text("0 would be overdue")
    assert_accessible(page)
    screenshot(page, "contact-rule-preview")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert_accessible(page)
    page.goto(reverse("admin:supervision_contactrule_changelist"))
    assert_accessible(page)

    # Had the rule taken effect on the case's first day (standing in for the days that pass), the job flags the
    # case; the officer sees it overdue on their caseload and is told.
    ContactRule.objects.update(effective_from=case.started_on)
    assert flag_overdue_contacts(on=today).opened == 1
    page = signed_in_page(officer, TEST_PASSWORD)
    # The officer lands on My work, where the overdue home visit heads the list; the caseload says the same.
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("overdue by 3 days")
    page.goto(reverse("supervision:caseload"))
    row = page.get_by_role("row", name=re.compile("Damien Hollis"))
    expect(row.locator("td[data-label='Contact']")).to_contain_text("Overdue")
    expect(row.locator("td[data-label='Contact']")).to_contain_text("Home visit overdue by 3 days")
    expect(page.get_by_role("row", name=re.compile("Owen Varley")).locator("td[data-label='Contact']")).to_contain_text(
        "No requirement"
    )
    expect(page.get_by_role("link", name="Notifications (1) unread")).to_be_visible()
    assert_accessible(page)
    _fits_the_screen(page, "caseload")
    screenshot(page, "contact-requirements-caseload-desktop")

    page.get_by_role("link", name="Notifications (1) unread").click()
    expect(page.get_by_text("You have 1 unread notification.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Open")).click()

    # The notification opens the case's Contact requirements tab, inside the case record.
    expect(page).to_have_url(re.compile(requirements_url(case) + "$"))
    expect(
        page.get_by_role("navigation", name="Case record").get_by_role("link", name="Contact requirements")
    ).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("row", name=re.compile("Home visit every 7 days"))).to_contain_text("Overdue")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()  # now read
    assert_accessible(page)
    _fits_the_screen(page, "tab")
    screenshot(page, "contact-requirements-tab-overdue-desktop")

    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("link", name="Home visit every 7 days: overdue by 3 days")).to_be_visible()
    panel = page.locator(".app-requirements-summary")
    expect(panel).to_contain_text("Overdue by 3 days.")
    assert_accessible(page)
    screenshot(page, "contact-requirements-overview-overdue-desktop")

    # The officer records the police home visit on the record-a-contact form.
    page.get_by_role("link", name="Record a contact").first.click()
    page.get_by_label("Type of contact").select_option(label="Home visit")
    when = timezone.localtime() - timedelta(hours=2)
    page.get_by_label("Day").fill(str(when.day))
    page.get_by_label("Month").fill(str(when.month))
    page.get_by_label("Year").fill(str(when.year))
    page.get_by_label("Time").fill(when.strftime("%H:%M"))
    page.get_by_label("A police officer").check()
    page.get_by_label("Police officer's name").fill("PC Rachel Jones")
    page.get_by_label("Police collar or warrant number").fill("4471")
    page.get_by_label("Attended – complied").check()
    page.get_by_label("Notes").fill("Damien at home with his mother. No concerns.")
    assert_accessible_with_reveals(page, assert_accessible)
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact recorded")).to_be_visible()
    assert_accessible(page)

    # The status is computed, so it is met at once, and recording the visit cleared its flag.
    page.get_by_role("link", name="Contact requirements").click()
    row = page.get_by_role("row", name=re.compile("Home visit every 7 days"))
    expect(row).to_contain_text("Met")
    expect(row).to_contain_text("PC Rachel Jones (4471), police")
    expect(page.get_by_text("Open overdue flags")).to_have_count(0)
    assert OverdueFlag.objects.get().resolution == OverdueFlag.Resolution.MET
    assert flag_overdue_contacts(on=today).closed == 0
    assert_accessible(page)
    screenshot(page, "contact-requirements-tab-met-desktop")

    page.get_by_role("link", name="Overview").click()
    expect(page.locator(".app-requirements-summary")).to_contain_text("Met")
    expect(page.get_by_role("link", name=re.compile("overdue by"))).to_have_count(0)
    page.goto(reverse("supervision:caseload"))
    expect(
        page.get_by_role("row", name=re.compile("Damien Hollis")).locator("td[data-label='Contact']")
    ).to_contain_text("Met")

    page.goto(reverse("supervision:notifications"))
    assert_accessible(page)
    screenshot(page, "notifications")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_line_manager_sets_a_case_requirement_in_the_browser_and_pages_fit_a_phone(
    signed_in_page, assert_accessible, screenshot
):
    """The manager's journey at 375 pixels: a bad form, then a twice-weekly visit, seen on every page."""
    from playwright.sync_api import expect

    HomeVisitTypeFactory()
    ContactRuleFactory(name="Fortnightly home visits", every_days=14)
    case = CaseFactory(first_name="Damien", last_name="Hollis", started_on=timezone.localdate() - timedelta(days=20))
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team, first_name="Helen", last_name="Carter")
    notify(manager, event_key="t:phone", subject="Home visit still overdue", body="B", url=requirements_url(case))

    page = signed_in_page(manager, TEST_PASSWORD, phone=True)
    # A line manager lands on the team dashboard; the caseload is one step away in the menu.
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My caseload").click()
    expect(page.get_by_role("link", name="Notifications (1) unread")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Damien Hollis"))).to_contain_text("Overdue")
    assert_accessible(page)
    _fits_the_screen(page, "caseload")
    screenshot(page, "contact-requirements-caseload-phone")

    page.get_by_role("link", name="Damien Hollis").click()
    expect(page.locator(".app-requirements-summary")).to_contain_text("Overdue by 6 days.")
    assert_accessible(page)
    _fits_the_screen(page, "overview")
    screenshot(page, "contact-requirements-overview-phone")

    page.goto(requirements_url(case))
    page.get_by_role("link", name="Set a contact requirement for this case").click()
    page.get_by_role("button", name="Set requirement").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the contact needed")
    expect(summary).to_contain_text("Select at least one kind of contact that counts")
    expect(summary).to_contain_text("Enter the reason for the requirement")
    assert_accessible(page)
    _fits_the_screen(page, "form errors")
    screenshot(page, "case-requirement-errors-phone")

    page.get_by_label("Contact needed").fill("Home visit")
    page.get_by_label("Any home visit, including one by the police").check()
    page.get_by_label("How many contacts").fill("2")
    page.get_by_label("In every period of (days)").fill("7")
    ends = timezone.localdate() + timedelta(days=56)
    end_date = page.get_by_role("group", name="End date")
    end_date.get_by_label("Day").fill(str(ends.day))
    end_date.get_by_label("Month").fill(str(ends.month))
    end_date.get_by_label("Year").fill(str(ends.year))
    page.get_by_label("Reason").fill("New relationship with a vulnerable, pregnant partner.")
    page.get_by_role("button", name="Set requirement").click()
    expect(page.get_by_text("Contact requirement set")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Home visit twice every 7 days"))).to_contain_text(
        "Case-level requirement set by Helen Carter"
    )
    expect(page.locator(".govuk-summary-card")).to_contain_text("Helen Carter")
    assert_accessible(page)
    _fits_the_screen(page, "tab")
    screenshot(page, "contact-requirements-tab-phone")

    page.get_by_role("link", name=re.compile("^End early")).click()
    page.get_by_label("Why is it ending early?").fill("Partner has moved away; risk reviewed.")
    assert_accessible(page)
    page.get_by_role("button", name="End requirement").click()
    expect(page.get_by_text("Contact requirement ended")).to_be_visible()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Ended early")
    expect(page.get_by_role("row", name=re.compile("twice every 7 days"))).to_have_count(0)
    assert_accessible(page)
