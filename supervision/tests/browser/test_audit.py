"""The audit pages in Chromium: a Head of Public Protection finds who has seen a case from its overview, an auditor
looks up what a user has looked at; both pages axe-clean, with a bad date shown in the error summary."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from supervision import roles
from supervision.models import AuditEvent
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_of_public_protection_sees_who_has_seen_a_case(signed_in_page, assert_accessible, tmp_path):
    case = CaseFactory()
    officer = case.responsible_officer
    head = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=case.team.pdu.region)
    signed_in_page(officer, TEST_PASSWORD).goto(reverse("supervision:case-detail", kwargs={"crn": case.crn}))

    page = signed_in_page(head, TEST_PASSWORD)
    page.goto(reverse("supervision:case-detail", kwargs={"crn": case.crn}))
    page.get_by_role("link", name="Who has seen this case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Who has seen case {case.crn}")
    expect(page.get_by_role("cell", name=officer.username, exact=True)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "audit-case.png", full_page=True)

    page.get_by_role("group", name="From").get_by_label("Year").fill("1800")
    page.get_by_role("group", name="From").get_by_label("Day").fill("1")
    page.get_by_role("group", name="From").get_by_label("Month").fill("1")
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_role("alert")).to_contain_text("The ‘from’ date must be on or after 1 January 1900")
    assert_accessible(page)
    assert AuditEvent.objects.filter(username=head.username, case=case).count() >= 2


def test_an_auditor_looks_up_what_a_user_has_looked_at(signed_in_page, assert_accessible, tmp_path):
    case = CaseFactory()
    AuditEvent.objects.create(
        username="priya.shah", action=AuditEvent.Action.VIEW, is_allowed=True, case=case, case_crn=case.crn,
        url_name="supervision:case-detail", path=f"/cases/{case.crn}/", method="GET", status_code=200,
    )  # fmt: skip
    auditor = StaffFactory(role=roles.AUDITOR, profile__team=None)

    page = signed_in_page(auditor, TEST_PASSWORD)
    page.get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What has this user looked at")
    page.get_by_label("Username").fill("priya.shah")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("cell", name=case.crn, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Download these events as a spreadsheet (CSV)")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "audit-user.png", full_page=True)
