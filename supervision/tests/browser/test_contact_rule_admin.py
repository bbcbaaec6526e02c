"""The contact rule form in Chromium at 375 pixels: grouped, the rarely used parts folded away, axe-clean, and
a preview that lists the cases without saving anything."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision import roles
from supervision.models import Case, ContactRule
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, HomeVisitTypeFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_fills_in_the_regrouped_rule_form_on_a_phone_and_previews_it(
    signed_in_page, assert_accessible, screenshot
):
    roles.ensure_role_groups()
    administrator = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)
    HomeVisitTypeFactory()
    case = CaseFactory(rosh=Case.RoSH.HIGH, started_on=timezone.localdate() - timedelta(days=3))
    page = signed_in_page(administrator, TEST_PASSWORD, phone=True)
    page.goto("/admin/supervision/contactrule/add/")
    for heading in ("Who it covers", "What counts", "How often", "Who is told"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # Folded away until asked for: the MAPPA criteria and the individual contact types.
    expect(page.get_by_label("Category 1")).to_be_hidden()
    assert_accessible(page)
    screenshot(page, "contact-rule-form-phone")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"the form scrolls sideways ({width}px wide)"

    page.get_by_label("Name").fill("High RoSH home visits")
    page.get_by_label("Rationale").fill("Local policy.")
    page.get_by_label("High", exact=True).first.check()
    page.get_by_label("Contact needed").fill("Home visit")
    page.get_by_label("Any home visit counts").check()
    page.get_by_label("Period in days").fill("14")
    page.get_by_role("button", name="Preview cases covered").click()
    preview = page.locator("#rule-preview")
    expect(preview).to_contain_text("would cover 1 active case")
    expect(preview.locator("table")).to_contain_text(case.crn)
    assert_accessible(page)
    screenshot(page, "contact-rule-preview-phone")
    assert not ContactRule.objects.exists()
