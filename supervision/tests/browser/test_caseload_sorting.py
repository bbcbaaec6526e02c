"""The caseload sorts on the server, in Chromium with axe: a heading is a link, the order covers every page."""

import pytest
from playwright.sync_api import expect

from supervision.models import Case
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, StaffFactory
from supervision.views.caseload import PAGE_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_sorts_the_whole_caseload_by_rosh(signed_in_page, assert_accessible, screenshot):
    officer = StaffFactory()
    for n in range(PAGE_SIZE + 5):
        CaseFactory(responsible_officer=officer, last_name=f"Person{n:03d}", rosh=Case.RoSH.LOW)
    CaseFactory(responsible_officer=officer, last_name="Zeller", rosh=Case.RoSH.VERY_HIGH)
    page = signed_in_page(officer, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")  # an officer lands on My work
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My caseload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="RoSH", exact=True).click()  # lowest first
    expect(page.get_by_role("columnheader", name="RoSH")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="RoSH", exact=True).click()  # now highest first, across every page
    header = page.get_by_role("columnheader", name="RoSH")
    expect(header).to_have_attribute("aria-sort", "descending")
    first_row = page.locator("tbody .govuk-table__row").first
    expect(first_row).to_contain_text("Zeller")  # the last by name, on page 2 in name order
    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute("aria-sort", "none")
    assert_accessible(page)
    screenshot(page, "forms-caseload-sorted-by-rosh", full_page=False)
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("columnheader", name="RoSH")).to_have_attribute("aria-sort", "descending")
    expect(page.locator("tbody .govuk-table__row")).to_have_count(6)
