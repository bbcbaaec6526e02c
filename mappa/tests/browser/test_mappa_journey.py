"""The seed case's journey in Chromium, with axe on every page: an officer's MAPPA referral is endorsed,
rejected by the MAPPA co-ordinator, lands in the line manager's queue, is escalated, disputed by the Head of
Public Protection at a meeting with the co-ordinator, accepted by the co-ordinator's revised decision, and a
meeting is recorded with its actions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from mappa.models import Escalation, MappaMeeting, Referral
from mappa.services.escalations import escalate_rejected_referrals
from mappa.tests.factories import MappaUnitFactory, managed_team
from supervision import roles
from supervision.demo import build_demo
from supervision.demo.users import DEMO_PASSWORD, SEED_CASE_CRN
from supervision.tests.browser.reveals import assert_accessible_with_reveals
from supervision.tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, assert_accessible, screenshot, name):
    assert_accessible_with_reveals(page, assert_accessible)
    screenshot(page, f"mappa-{name}")


def test_mappa_referral_rejected_escalated_disputed_revised_and_meeting_recorded(
    signed_in_page, assert_accessible, screenshot
):
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"], mappa_category=2, mappa_level=1)
    MappaUnitFactory()

    # The officer makes the MAPPA level 2 referral; a first attempt with nothing filled in shows the errors.
    officer = signed_in_page(team["officer"], TEST_PASSWORD)
    officer.goto(f"/cases/{case.crn}/")
    officer.get_by_role("navigation", name="Case record").get_by_role("link", name="Referrals and MAPPA").click()
    expect(officer.get_by_role("link", name="Referrals and MAPPA")).to_have_attribute("aria-current", "page")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Referrals and MAPPA")
    check(officer, assert_accessible, screenshot, "case-referrals-empty")
    officer.get_by_role("link", name="Make a referral").click()
    officer.get_by_role("button", name="Make referral").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Select who you are referring to")
    check(officer, assert_accessible, screenshot, "referral-form-errors")
    officer.get_by_label("MAPPA level 2").check()
    officer.get_by_label("Agency", exact=True).select_option(label="Test MAPPA Unit")
    officer.get_by_label("Reason for the referral").fill("Conflicting accounts; pregnant, vulnerable partner.")
    officer.get_by_role("button", name="Make referral").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("MAPPA level 2 referral")
    check(officer, assert_accessible, screenshot, "referral-awaiting-endorsement")

    # The line manager endorses it from their queue.
    manager = signed_in_page(team["manager"], TEST_PASSWORD)
    manager.goto("/mappa/queue/")
    check(manager, assert_accessible, screenshot, "queue-awaiting-endorsement")
    manager.get_by_role("link", name=f"MAPPA level 2: {case.full_name}").click()
    manager.get_by_role("link", name="Endorse or return").click()
    manager.get_by_label("Yes, endorse it and send it to the MAPPA unit").check()
    check(manager, assert_accessible, screenshot, "endorse-form")
    manager.get_by_role("button", name="Save decision").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("Decision saved")

    # The MAPPA co-ordinator for the area rejects it (the officer has no decision to record); the job puts the
    # rejection in the line manager's queue.
    officer.reload()
    expect(officer.get_by_role("link", name="Record the MAPPA unit's decision")).to_have_count(0)
    coordinator = signed_in_page(team["coordinator"], TEST_PASSWORD)
    coordinator.get_by_role("link", name=case.full_name).click()
    coordinator.get_by_role("link", name="Record decision").click()
    coordinator.get_by_label("Rejected – remain at level 1").check()
    coordinator.get_by_label("Reasons for the decision").fill(
        "The officer is communicating sufficiently with everyone."
    )
    check(coordinator, assert_accessible, screenshot, "mappa-decision-form")
    coordinator.get_by_role("button", name="Record decision").click()
    assert escalate_rejected_referrals(on=timezone.localdate()) == 1  # what the worker does after commit

    manager.goto("/mappa/queue/")
    expect(manager.get_by_role("table")).to_contain_text(case.crn)
    check(manager, assert_accessible, screenshot, "queue-with-escalation")
    manager.get_by_role("link", name=f"Decide on {case.crn}").click()
    manager.get_by_label("Escalate to the Head of Public Protection").check()
    manager.get_by_label("Rationale").fill("Conflicting reports and intelligence of reoffending: this needs MAPPA.")
    check(manager, assert_accessible, screenshot, "escalation-decision")
    manager.get_by_role("button", name="Save decision").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("Escalated to the Head")

    # The Head of Public Protection disputes it: they met the co-ordinator and record the meeting.
    head = signed_in_page(team["head"], TEST_PASSWORD)
    head.goto("/mappa/head-of-public-protection/queue/")
    check(head, assert_accessible, screenshot, "hopp-queue")
    head.get_by_role("link", name=f"Decide on {case.crn}").click()
    head.get_by_label("Dispute it").check()
    yesterday = timezone.localdate() - timedelta(days=1)
    head.locator("#id_held_on_0").fill(str(yesterday.day))
    head.locator("#id_held_on_1").fill(str(yesterday.month))
    head.locator("#id_held_on_2").fill(str(yesterday.year))
    head.get_by_label("MAPPA co-ordinator you met").select_option(index=1)
    head.get_by_label("Who attended").fill("Head of Public Protection\nMAPPA co-ordinator\nSPO")
    head.get_by_label("What was considered").fill("Conflicting accounts and police intelligence.")
    head.get_by_label("Rationale").fill("Multi-agency oversight is needed.")
    check(head, assert_accessible, screenshot, "hopp-dispute-form")
    head.get_by_role("button", name="Save decision").click()
    expect(head.locator(".govuk-notification-banner")).to_contain_text("Dispute meeting recorded")
    assert Escalation.objects.get(level="HOPP").resolution == Escalation.Resolution.DISPUTED

    # The co-ordinator's revised decision is what accepts it and sets the level.
    coordinator.goto("/mappa/coordinator/")
    coordinator.get_by_role("link", name=case.full_name).click()
    expect(coordinator.get_by_role("main")).to_contain_text("Dispute meeting with the MAPPA co-ordinator")
    coordinator.get_by_role("link", name="Record revised decision").click()
    coordinator.get_by_label("Accepted at level 2").check()
    coordinator.get_by_label("Reasons for the decision").fill("Reviewed at the meeting: level 2 is needed.")
    check(coordinator, assert_accessible, screenshot, "coordinator-revised-decision")
    coordinator.get_by_role("button", name="Record revised decision").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text("Revised decision recorded")
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.ACCEPTED

    # The officer sees the deadline and records the level 2 meeting with its actions.
    officer.goto(f"/mappa/referrals/{referral.pk}/")
    expect(officer.locator(".govuk-warning-text")).to_contain_text("must be held by")
    expect(officer.get_by_role("main")).to_contain_text("Revised decision after the dispute meeting")
    check(officer, assert_accessible, screenshot, "referral-revised")
    officer.goto(f"/mappa/cases/{case.crn}/meetings/new/")
    held = timezone.localdate() - timedelta(days=1)
    due = timezone.localdate() + timedelta(days=14)
    officer.locator("#id_held_on_0").fill(str(held.day))
    officer.locator("#id_held_on_1").fill(str(held.month))
    officer.locator("#id_held_on_2").fill(str(held.year))
    officer.get_by_label("Chair", exact=True).fill("DI Sarah Kent")
    officer.get_by_label("Test MAPPA Unit").check()
    officer.get_by_label("People attending").fill("Responsible officer\nDI Sarah Kent, police")
    officer.get_by_label("Final warning", exact=True).check()
    officer.locator("#id_actions-0-description").fill("Issue a final warning")
    officer.locator("#id_actions-0-owner_name").fill("Responsible officer")
    officer.locator("#id_actions-0-due_on_0").fill(str(due.day))
    officer.locator("#id_actions-0-due_on_1").fill(str(due.month))
    officer.locator("#id_actions-0-due_on_2").fill(str(due.year))
    check(officer, assert_accessible, screenshot, "meeting-form")
    officer.get_by_role("button", name="Record meeting").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("MAPPA level 2 meeting")
    check(officer, assert_accessible, screenshot, "meeting-detail")
    meeting = MappaMeeting.objects.get()
    assert meeting.actions.count() == 1 and meeting.enforcement_decision == "FINAL"
    officer.goto(f"/mappa/cases/{case.crn}/referrals/")
    expect(officer.locator(".moj-identity-bar")).to_contain_text("level 2")
    check(officer, assert_accessible, screenshot, "case-referrals-after")

    # The whole dispute and the meeting are on the case's chronology, filtered to referrals and meetings.
    officer.get_by_role("link", name="Chronology").click()
    officer.get_by_label("Referrals", exact=True).check()
    officer.get_by_label("MAPPA meetings").check()
    officer.get_by_role("button", name="Filter").click()
    timeline = officer.locator(".moj-timeline")
    expect(timeline).to_contain_text("MAPPA level 2 referral: Revised decision: accepted")
    expect(timeline).to_contain_text("MAPPA level 2 meeting")
    expect(timeline).not_to_contain_text("Licence condition")
    check(officer, assert_accessible, screenshot, "chronology-referrals")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_seed_cases_referrals_and_mappa_on_the_case_record(signed_in_page, assert_accessible, screenshot, phone):
    """The seed case's referrals, dispute and meeting on its overview, its tab and its chronology."""
    roles.ensure_role_groups()
    build_demo()
    size = "phone" if phone else "desktop"
    page = signed_in_page(User.objects.get(username="priya.shah"), DEMO_PASSWORD, phone=phone)

    def checked(name):
        check(page, assert_accessible, screenshot, f"{name}-{size}")
        screenshot(page, f"mappa-{name}-{size}-top", full_page=False)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"

    page.goto(f"/cases/{SEED_CASE_CRN}/")
    expect(page.get_by_role("list").filter(has_text="MAPPA action for")).to_contain_text("Joint home visit")
    checked("case-overview")

    page.get_by_role("navigation", name="Case record").get_by_role("link", name="Referrals and MAPPA").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals and MAPPA")
    expect(page.get_by_role("table")).to_contain_text("MAPPA level 2")
    expect(page.get_by_role("main")).to_contain_text("Level 2 meeting")
    checked("case-tab")

    page.get_by_role("link", name="Chronology").click()
    page.get_by_label("Referrals", exact=True).check()
    page.get_by_label("MAPPA meetings").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Revised decision: accepted")
    expect(page.locator(".moj-timeline")).to_contain_text("Final warning")
    checked("case-chronology")
