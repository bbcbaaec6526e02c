"""The header and the error pages in Chromium, at desktop width and at 375 px, with axe (WCAG 2.2 AA)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from supervision import roles
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, StaffFactory

DEVICES = ["desktop", "phone"]


@pytest.fixture
def officer():
    officer = StaffFactory(first_name="Asha", last_name="Patel")
    CaseFactory(responsible_officer=officer, first_name="Daniel", last_name="Hughes")
    return officer


def _fits_the_viewport(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _expect_error_page(page, heading: str, reference: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page).to_have_title(f"{heading} – Caseworks")
    expect(page.locator("#error-reference")).to_have_text(reference)
    expect(page.get_by_role("banner")).to_contain_text("HM Prison and Probation Service")
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()
    assert _fits_the_viewport(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("caseworks.tests.urls")
@pytest.mark.parametrize("device", DEVICES)
def test_404_403_and_400_pages_signed_in_are_accessible(device, signed_in_page, officer, assert_accessible, screenshot):
    page = signed_in_page(officer, TEST_PASSWORD, phone=device == "phone")

    response = page.goto("/no-such-page/")
    assert response.status == 404
    _expect_error_page(page, "Page not found", response.headers["x-request-id"])
    assert_accessible(page)
    screenshot(page, f"error-404-{device}")

    response = page.goto("/test/permission-denied/")
    assert response.status == 403
    _expect_error_page(page, "You do not have permission to use this page", response.headers["x-request-id"])
    assert_accessible(page)
    screenshot(page, f"error-403-{device}")

    # A control character in the query string (caseworks.middleware.ControlCharactersMiddleware).
    response = page.goto("/caseload/?q=Smith%00")
    assert response.status == 400
    _expect_error_page(page, "There is a problem with the web address", response.headers["x-request-id"])
    assert_accessible(page)
    screenshot(page, f"error-400-{device}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("caseworks.tests.urls")
@pytest.mark.parametrize("device", DEVICES)
def test_500_and_503_pages_are_accessible(device, new_page, assert_accessible, screenshot):
    page = new_page(phone=device == "phone")

    for url, status, heading in [
        ("/test/crash/", 500, "Sorry, there is a problem with the service"),
        ("/test/database-down/", 503, "Sorry, the service is unavailable"),
    ]:
        response = page.goto(url)
        assert response.status == status
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("#error-reference")).to_have_text(response.headers["x-request-id"])
        assert _fits_the_viewport(page)
        assert_accessible(page)
        screenshot(page, f"error-{status}-{device}")


@pytest.fixture
def line_manager():
    """Two navigation items (caseload and MAPPA escalations), so phones get the "Menu" button."""
    line_manager = StaffFactory(first_name="Grace", last_name="Okafor", role=roles.LINE_MANAGER)
    CaseFactory(responsible_officer=line_manager, first_name="Daniel", last_name="Hughes")
    return line_manager


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("device", DEVICES)
def test_the_header_on_the_caseload_is_accessible(device, signed_in_page, line_manager, assert_accessible, screenshot):
    page = signed_in_page(line_manager, TEST_PASSWORD, phone=device == "phone")
    # A line manager lands on the team dashboard; this test is about the header on the caseload, so open it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    page.goto(reverse("supervision:caseload"))

    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("link", name="HM Prison and Probation Service")).to_be_visible()
    expect(banner.get_by_role("link", name="Caseworks", exact=True)).to_be_visible()
    expect(banner.locator("svg")).to_have_count(0)  # no crown, no GOV.UK logotype
    expect(page.get_by_role("contentinfo")).to_have_text("Caseworks is for probation staff only.")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert _fits_the_viewport(page)
    assert_accessible(page)
    screenshot(page, f"header-caseload-{device}")

    navigation = page.get_by_role("navigation", name="Menu")
    if device == "phone":
        expect(navigation.get_by_role("link", name="MAPPA escalations")).to_be_hidden()
        page.get_by_role("button", name="Menu").click()
        expect(navigation.get_by_role("link", name="MAPPA escalations")).to_be_visible()
        assert_accessible(page)
        screenshot(page, "header-caseload-phone-menu-open")
    else:
        expect(navigation.get_by_role("link", name="MAPPA escalations")).to_be_visible()
