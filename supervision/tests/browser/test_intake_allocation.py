"""A line manager opens a new case and allocates it, in Chromium on desktop and at 375 pixels: from the
navigation to the "Open a case" form (an error summary first), into the allocation queue, and allocated to an
officer whose caseload size is on the form. Axe-clean on every page, and nothing scrolls sideways on a phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from supervision import roles
from supervision.models import Case, CaseAllocation, Notification
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, StaffFactory, TeamFactory
from supervision.tests.intake_helpers import pnc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page, assert_accessible, name):
    assert_accessible(page)
    page.screenshot(path=f"/tmp/shots/intake-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name}: the page scrolls sideways ({width}px wide in a {viewport}px viewport)"


def _fill_date(page, group: str, day):
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_line_manager_opens_a_new_case_and_allocates_it(signed_in_page, assert_accessible, phone):
    size = "phone" if phone else "desktop"
    people = managed_team()
    people["team"].name = "Avonford North"
    people["team"].save()
    CaseFactory.create_batch(3, responsible_officer=people["officer"], team=people["team"])
    officer_name = people["officer"].get_full_name()
    today = timezone.localdate()

    page = signed_in_page(people["manager"], TEST_PASSWORD, phone=phone)
    if phone:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Open a case").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")

    # Nothing filled in: the error summary, and nothing saved.
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the first name")
    _checked(page, assert_accessible, f"open-case-errors-{size}")

    page.get_by_label("First name").fill("Shannon")
    page.get_by_label("Last name").fill("Kearney")
    _fill_date(page, "Date of birth", today.replace(year=today.year - 24))
    page.locator("main").get_by_label("PNC number").fill(pnc(93314, "2021"))
    page.get_by_label("Community order").check()
    _fill_date(page, "Start date", today - timedelta(days=1))
    _fill_date(page, "Expected end date", today + timedelta(days=364))
    page.get_by_label("Sentencing court").fill("Avonford Magistrates' Court")
    page.get_by_label("Address (optional)").fill("27 Mill Street\nAvonford")
    page.get_by_label("Postcode (optional)").fill("AV1 4MS")
    page.get_by_label("Low").check()
    page.get_by_label("Tier (initial)").select_option("E")
    page.get_by_label("Team").select_option(label=f"Avonford North ({people['team'].pdu.name})")
    _checked(page, assert_accessible, f"open-case-{size}")
    page.get_by_role("button", name="Open case").click()

    case = Case.objects.get(last_name="Kearney")
    expect(page.get_by_text(f"Case opened: {case.crn}")).to_be_visible()
    expect(page.get_by_text("Waiting for allocation to an officer since")).to_be_visible()
    _checked(page, assert_accessible, f"case-waiting-{size}")

    if phone:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Allocation queue").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocation queue")
    _checked(page, assert_accessible, f"allocation-queue-{size}")
    allocate = page.get_by_role("link", name="Allocate Shannon Kearney")
    expect(allocate).to_be_in_viewport()
    allocate.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Allocate this case")
    expect(page.get_by_label(f"{officer_name}: 3 active cases")).to_be_visible()
    _checked(page, assert_accessible, f"allocate-{size}")
    page.get_by_label(f"{officer_name}: 3 active cases").check()
    page.get_by_label("Why this officer?").fill("Experience of community orders; capacity this month.")
    page.get_by_role("button", name="Allocate case").click()

    expect(page.get_by_text("Case allocated")).to_be_visible()
    expect(page.get_by_text("No cases are waiting for allocation.")).to_be_visible()
    _checked(page, assert_accessible, f"queue-empty-{size}")

    page.goto(page.url.split("/allocation-queue/")[0] + f"/cases/{case.crn}/allocation/")
    expect(page.locator(".moj-timeline__item")).to_have_count(2)
    expect(page.locator(".moj-timeline__item").first).to_contain_text("Experience of community orders")
    _checked(page, assert_accessible, f"case-allocation-{size}")

    case.refresh_from_db()
    assert case.responsible_officer == people["officer"]
    assert case.allocations.filter(kind=CaseAllocation.Kind.ALLOCATED).count() == 1
    assert Notification.objects.filter(recipient=people["officer"], case=case).exists()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_line_manager_transfers_a_case_to_another_teams_queue(signed_in_page, assert_accessible, phone):
    size = "phone" if phone else "desktop"
    people = managed_team()
    receiving = TeamFactory(pdu=people["team"].pdu, name="Kingsbridge")
    StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=receiving)
    case = CaseFactory(responsible_officer=people["officer"], team=people["team"])

    page = signed_in_page(people["manager"], TEST_PASSWORD, phone=phone)
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    page.goto(reverse("supervision:case-allocation", kwargs={"crn": case.crn}))
    page.get_by_role("link", name="Transfer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transfer this case")
    _checked(page, assert_accessible, f"transfer-{size}")
    page.get_by_label("Team").select_option(label=f"Kingsbridge ({receiving.pdu.name})")
    page.get_by_label("Officer").select_option(label="Leave it for the team's line manager to allocate")
    page.get_by_label("Reason for the transfer").fill("Moved to Kingsbridge to live with his sister.")
    page.get_by_role("button", name="Transfer case").click()

    expect(page.get_by_text("Case transferred")).to_be_visible()
    case.refresh_from_db()
    assert (case.team, case.responsible_officer) == (receiving, None)
