"""Forms and queues that fit the work, in Chromium with axe: the escalation queue on a phone keeps "Decide" in
view and its page summarises the case's risk; a referral offers only the agencies that fit its kind; a
meeting's actions are added with "add another", and the meeting is amended with its history shown."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.models import Agency, MappaMeeting
from mappa.tests.factories import AgencyFactory, EscalationFactory, MappaUnitFactory, managed_team
from supervision.models import KeyIndividual
from supervision.tests.browser.reveals import assert_accessible_with_reveals
from supervision.tests.factories import TEST_PASSWORD, AcuteRiskFactorFactory, CaseFactory, KeyIndividualFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], rosh="HIGH", mappa_category=2, mappa_level=1
    )
    return people


def _checked(page, assert_accessible, screenshot, name):
    assert_accessible_with_reveals(page, assert_accessible)
    screenshot(page, f"forms-{name}")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_escalation_queue_keeps_decide_in_view_and_the_page_shows_the_risk(
    team, signed_in_page, assert_accessible, screenshot, phone
):
    case = team["case"]
    KeyIndividualFactory(
        case=case, name="Kayleigh Dunn", relationship=KeyIndividual.Relationship.PARTNER, is_vulnerable=True
    )
    AcuteRiskFactorFactory(case=case, description="New partner is pregnant and vulnerable")
    for _ in range(3):
        EscalationFactory(referral__case=case, assigned_to=team["manager"])
    size = "phone" if phone else "desktop"
    page = signed_in_page(team["manager"], TEST_PASSWORD, phone=phone)
    page.goto("/mappa/queue/")
    decide = page.get_by_role("link", name=f"Decide on {case.crn}").first
    expect(decide).to_be_visible()
    box = decide.bounding_box()
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] + box["height"] <= viewport["height"], box  # in view without scrolling
    _checked(page, assert_accessible, screenshot, f"escalation-queue-{size}")

    decide.click()
    summary = page.locator(".app-risk-summary")
    expect(summary).to_contain_text("High")
    expect(summary).to_contain_text("Category 2, level 1")
    expect(summary).to_contain_text("New partner is pregnant and vulnerable")
    expect(summary).to_contain_text("Kayleigh Dunn (partner)")
    _checked(page, assert_accessible, screenshot, f"escalation-detail-{size}")


def test_a_referral_offers_only_the_agencies_that_fit_its_kind(team, signed_in_page, assert_accessible, screenshot):
    AgencyFactory(name="Adult Social Care", kind=Agency.Kind.ADULT_SOCIAL_CARE)
    AgencyFactory(name="Avonford Children's Services", kind=Agency.Kind.CHILDRENS_SOCIAL_CARE)
    AgencyFactory(name="Wessex Police", kind=Agency.Kind.POLICE)
    MappaUnitFactory()
    page = signed_in_page(team["officer"], TEST_PASSWORD)
    page.goto(f"/mappa/cases/{team['case'].crn}/referrals/new/")
    agency = page.get_by_label("Agency", exact=True)
    expect(agency).to_have_value("")
    expect(page.get_by_label("Why level 3: what can level 2 not deliver?")).to_be_hidden()

    page.get_by_label("Children's social care").check()
    options = agency.locator("option")
    expect(options).to_have_text(["Select an agency", "Avonford Children's Services"])
    expect(agency).to_have_value("")  # nothing chosen for the officer
    expect(page.get_by_role("group", name="MAPPA category")).to_have_count(0)
    _checked(page, assert_accessible, screenshot, "referral-childrens-social-care")

    page.get_by_label("MAPPA level 3").check()
    expect(options).to_have_text(["Select an agency", "Test MAPPA Unit"])
    expect(page.get_by_label("Why level 3: what can level 2 not deliver?")).to_be_visible()
    _checked(page, assert_accessible, screenshot, "referral-mappa-level-3")


def test_meeting_actions_are_added_with_add_another_and_the_meeting_is_amended(
    team, signed_in_page, assert_accessible, screenshot
):
    case = team["case"]
    page = signed_in_page(team["officer"], TEST_PASSWORD)
    page.goto(f"/mappa/cases/{case.crn}/meetings/new/")
    held = timezone.localdate() - timedelta(days=1)
    due = timezone.localdate() + timedelta(days=14)
    page.locator("#id_held_on_0").fill(str(held.day))
    page.locator("#id_held_on_1").fill(str(held.month))
    page.locator("#id_held_on_2").fill(str(held.year))
    page.get_by_label("Level 2", exact=True).check()
    page.get_by_label("Chair", exact=True).fill("DI Sarah Kent")
    page.get_by_label("People attending").fill("Responsible officer\nDI Sarah Kent, police")
    for row, text in enumerate(["Issue a final warning", "Police to check vehicle use"]):
        if row:
            page.get_by_role("button", name="Add another action").click()
        page.locator(f"#id_actions-{row}-description").fill(text)
        page.locator(f"#id_actions-{row}-owner_name").fill("DI Sarah Kent")
        page.locator(f"#id_actions-{row}-due_on_0").fill(str(due.day))
        page.locator(f"#id_actions-{row}-due_on_1").fill(str(due.month))
        page.locator(f"#id_actions-{row}-due_on_2").fill(str(due.year))
    expect(page.locator('input[name="actions-TOTAL_FORMS"]')).to_have_value("2")
    _checked(page, assert_accessible, screenshot, "meeting-add-another")
    page.get_by_role("button", name="Record meeting").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MAPPA level 2 meeting")
    meeting = MappaMeeting.objects.get()
    assert sorted(meeting.actions.values_list("description", flat=True)) == [
        "Issue a final warning",
        "Police to check vehicle use",
    ]

    page.get_by_role("link", name="Amend this meeting or its actions").click()
    page.get_by_label("Chair", exact=True).fill("DCI Priya Rao")
    page.get_by_label("Reason for the amendment").fill("The minutes name DCI Rao as chair")
    _checked(page, assert_accessible, screenshot, "meeting-amend")
    page.get_by_role("button", name="Save amendment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("MAPPA meeting amended")
    history = page.locator(".moj-timeline")
    expect(history).to_contain_text("Amended: The minutes name DCI Rao as chair")
    expect(history).to_contain_text("DI Sarah Kent → DCI Priya Rao")
    _checked(page, assert_accessible, screenshot, "meeting-history")
