"""Sign-in in Chromium: the sign-in page, setting up the authenticator, and the lockout page, each checked with
axe and with no Content-Security-Policy violation (the page's own scripts run with their nonce)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from supervision import roles
from supervision.tests.factories import TEST_PASSWORD, StaffFactory
from supervision.tests.two_factor import code_from

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_for_csp_violations(page) -> list[str]:
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def _submit(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_the_sign_in_page_is_accessible_and_runs_its_scripts_under_the_csp(page, assert_accessible, screenshot):
    violations = _watch_for_csp_violations(page)
    page.goto(reverse("login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Caseworks")
    # The nonced inline script ran: GOV.UK Frontend's components are switched on.
    expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    _submit(page, "Sign in")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your username")
    assert_accessible(page)
    screenshot(page, "sign-in-errors")
    assert violations == []


def test_a_line_manager_sets_up_the_authenticator_on_first_sign_in(page, assert_accessible, screenshot):
    manager = StaffFactory(role=roles.LINE_MANAGER, first_name="Helen", last_name="Carter")
    violations = _watch_for_csp_violations(page)
    page.goto(reverse("login"))
    page.locator("#id_username").fill(manager.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    _submit(page, "Sign in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    assert_accessible(page)
    screenshot(page, "two-factor-set-up")

    page.locator("#id_code").fill("000000")
    _submit(page, "Set up and sign in")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The security code is not right")
    assert_accessible(page)

    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code before it checks another
    page.locator("#id_code").fill(code_from(TOTPDevice.objects.get(user=manager)))
    _submit(page, "Set up and sign in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="I have kept my codes safe").click()
    expect(page.get_by_text("Signed in as")).to_be_attached()
    assert violations == []


def test_the_lockout_page_after_ten_wrong_passwords(page, assert_accessible, screenshot):
    officer = StaffFactory()
    page.goto(reverse("login"))
    for _ in range(9):
        page.locator("#id_username").fill(officer.username)
        page.locator("#id_password").fill("a wrong guess")
        _submit(page, "Sign in")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username and password")
    page.locator("#id_username").fill(officer.username)
    page.locator("#id_password").fill("a tenth wrong guess")
    _submit(page, "Sign in")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have tried to sign in too many times")
    # Even the right password is refused now.
    page.goto(reverse("login"))
    page.locator("#id_username").fill(officer.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in").click()
    assert navigation.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("You have tried to sign in too many times")
    assert_accessible(page)
    screenshot(page, "sign-in-locked-out")


def test_the_security_code_page_is_accessible_and_signs_in_with_the_code(page, assert_accessible, screenshot):
    from supervision.tests.two_factor import authenticator_for

    manager = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION)
    device = authenticator_for(manager)
    page.goto(reverse("login"))
    page.locator("#id_username").fill(manager.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    _submit(page, "Sign in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    page.get_by_text("I do not have my phone").click()
    assert_accessible(page)
    screenshot(page, "two-factor-security-code")
    page.locator("#id_code").fill(code_from(device))
    _submit(page, "Continue")
    expect(page.get_by_text("Signed in as")).to_be_attached()
