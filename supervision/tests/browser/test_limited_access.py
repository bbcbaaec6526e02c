"""The limited-access refusal in Chromium: a member of the team opens a restricted case by its CRN and sees the
restriction's message on a GOV.UK page, axe-clean, with nothing that identifies the person."""

import pytest
from playwright.sync_api import expect

from supervision.models import CaseAccessLimit
from supervision.services.access import set_access_limit
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "This case is restricted. Ask Helen Carter, Senior Probation Officer."


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_refused_officer_sees_the_restrictions_message_and_no_personal_data(
    signed_in_page, assert_accessible, screenshot, phone
):
    team = managed_team()
    colleague = team["colleague"]
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"], first_name="Zebedee", last_name="Quest")
    set_access_limit(
        case,
        kind=CaseAccessLimit.Kind.RESTRICTION,
        staff=[team["officer"]],
        message=MESSAGE,
        reason="r",
        by=team["head"],
    )
    page = signed_in_page(colleague, TEST_PASSWORD, phone=phone)
    response = page.goto(f"/cases/{case.crn}/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Access to case {case.crn} is restricted")
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    assert page.title() == f"Access to case {case.crn} is restricted – Caseworks"
    content = page.content()
    assert "Zebedee" not in content and "Quest" not in content
    assert_accessible(page)
    screenshot(page, f"limited-access-refused-{'phone' if phone else 'desktop'}")
