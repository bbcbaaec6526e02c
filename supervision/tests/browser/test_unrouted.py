"""The unrouted-work page in Chromium: reached from the navigation by a Head of Public Protection, axe-clean,
and an item marked dealt with."""

from datetime import date

import pytest
from playwright.sync_api import expect

from supervision import roles
from supervision.models import UnroutedItem
from supervision.services.routing import route
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_of_public_protection_finds_unrouted_work_and_marks_it_dealt_with(signed_in_page, assert_accessible):
    case = CaseFactory()  # nobody set up to manage it
    route(case, on=date(2026, 3, 4), kind=UnroutedItem.Kind.OVERDUE_CONTACT_ALERT, object_key="overdue-flag:1")
    head = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=case.team.pdu.region)
    page = signed_in_page(head, TEST_PASSWORD)
    page.get_by_role("link", name="Unrouted work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work nobody could be found for")
    expect(page.get_by_role("cell", name=case.crn, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as dealt with").click()
    expect(page.get_by_text("All work has reached someone.")).to_be_visible()
    assert_accessible(page)
