"""The MAPPA co-ordinator rejects a MAPPA referral, in Chromium at 1280 and 375 px with axe on every page: from
their queue (oldest first, the action on screen on a phone) to the decision, and the rejection then appears in
the line manager's escalation queue, as before co-ordinators existed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.models import Escalation, MappaDecision, Referral
from mappa.services.escalations import escalate_rejected_referrals
from mappa.tests.factories import MappaReferralFactory, MappaUnitFactory, managed_team
from supervision.tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_coordinator_rejects_a_mappa_referral_and_it_reaches_the_escalation_queue(
    signed_in_page, assert_accessible, screenshot, phone
):
    size = "phone" if phone else "desktop"
    team = managed_team()
    unit = MappaUnitFactory()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"], mappa_category=2, mappa_level=1)
    today = timezone.localdate()
    older = MappaReferralFactory(case=case, agency=unit, sent_on=today - timedelta(days=6))
    MappaReferralFactory(
        case=CaseFactory(responsible_officer=team["officer"], team=team["team"]),
        agency=unit,
        sent_on=today - timedelta(days=1),
    )

    def checked(page, name):
        assert_accessible(page)
        screenshot(page, f"coord-{name}-{size}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"

    coordinator = signed_in_page(team["coordinator"], TEST_PASSWORD, phone=phone)
    # Signing in lands on the queue; the oldest referral is first and its link is on screen.
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("MAPPA referrals")
    first_link = coordinator.get_by_role("table").get_by_role("link").first
    expect(first_link).to_contain_text(case.full_name)
    expect(first_link).to_be_in_viewport()
    checked(coordinator, "queue")

    first_link.click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("MAPPA level 2 referral")
    checked(coordinator, "referral")
    coordinator.get_by_role("link", name="Record decision").click()
    coordinator.get_by_role("button", name="Record decision").click()  # nothing chosen: the errors show
    expect(coordinator.locator(".govuk-error-summary")).to_contain_text("Select the decision")
    checked(coordinator, "decision-errors")
    coordinator.get_by_label("Rejected – remain at level 1").check()
    coordinator.get_by_label("Reasons for the decision").fill(
        "The responsible officer is communicating sufficiently with every agency involved."
    )
    checked(coordinator, "decision-form")
    coordinator.get_by_role("button", name="Record decision").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    expect(coordinator.get_by_role("main")).to_contain_text("Rejected – remain at level 1")
    checked(coordinator, "referral-rejected")
    older.refresh_from_db()
    assert (older.status, MappaDecision.objects.get().decided_by) == (Referral.Status.REJECTED, team["coordinator"])

    # What the worker does once the rejection commits: the line manager's escalation queue has it.
    assert escalate_rejected_referrals(on=today) == 1
    assert Escalation.objects.get().assigned_to == team["manager"]
    manager = signed_in_page(team["manager"], TEST_PASSWORD, phone=phone)
    manager.goto("/mappa/queue/")
    expect(manager.get_by_role("table")).to_contain_text(case.crn)
    expect(manager.get_by_role("table")).to_contain_text("communicating sufficiently")
    assert_accessible(manager)
    screenshot(manager, f"coord-escalation-queue-{size}")
