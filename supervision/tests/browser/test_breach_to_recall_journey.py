"""The seed case's enforcement in Chromium, with three people, on desktop (1280 px) and at 375 px, axe-clean on every
page: the officer records an allegation, adds two conflicting accounts and records the finding, gives a final
warning on it, then recommends recall for a missed programme session; the line manager endorses the
recommendation and the Head of Public Protection countersigns it, so the recall is requested."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import Allegation, AllegationFinding, Contact, EnforcementDecision, Recall
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import exclusion_zone
from supervision.tests.browser.reveals import assert_accessible_with_reveals
from supervision.tests.browser.test_allegations_journey import _add_account, _fill_date
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots"
Kind = EnforcementDecision.Kind


def _checked(page, assert_accessible, name):
    assert_accessible_with_reveals(page, assert_accessible)
    page.screenshot(path=f"{SHOTS}/journey-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


def _record_allegation(page, today):
    page.get_by_role("link", name="Record an allegation").click()
    _fill_date(page, "received_on", today - timedelta(days=1))
    _fill_date(page, "alleged_on", today - timedelta(days=2))
    page.get_by_label("Victim", exact=True).check()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Exclusion zone", exact=False).check()
    page.get_by_label("What is alleged").fill("Seen at the Hatherley Road shops, inside the exclusion zone.")
    page.get_by_label("Urgent", exact=True).check()
    page.get_by_role("button", name="Record allegation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Allegation recorded")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_an_allegation_becomes_a_final_warning_and_a_recall_endorsed_and_countersigned(
    signed_in_page, assert_accessible, phone
):
    size = "phone" if phone else "desktop"
    team = managed_team()
    today = timezone.localdate()
    case = CaseFactory(
        responsible_officer=team["officer"],
        team=team["team"],
        first_name="Damien",
        last_name="Hollis",
        started_on=today - timedelta(days=120),
    )
    exclusion_zone(case)
    missed = ContactFactory(
        case=case,
        is_appointment=True,
        starts_at=timezone.now() - timedelta(days=2),
        outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE,
        absence_judged_on=today,
        notes="Missed his Building Better Relationships session: overslept.",
    )

    # The officer: the allegation, two accounts that contradict each other, the finding.
    page = signed_in_page(team["officer"], TEST_PASSWORD, phone=phone)
    page.goto(f"/cases/{case.crn}/allegations/")
    _record_allegation(page, today)
    page.get_by_role("link", name="allegation details").first.click()
    _add_account(page, "Victim", "Leanne Pryor", "Saw him outside the Co-op at about 3pm.")
    _add_account(page, "The person on probation", "Damien Hollis", "Never went near Hatherley Road.")
    page.get_by_role("link", name="Compare the 2 accounts side by side").click()
    _checked(page, assert_accessible, f"accounts-{size}")
    page.get_by_role("link", name="Back to the allegation").click()
    page.get_by_role("link", name="Record the finding").click()
    page.get_by_label("Substantiated", exact=True).check()
    page.get_by_label("Rationale").fill("The shop's CCTV shows him at the till; he admits it when shown.")
    page.get_by_role("button", name="Record finding").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Finding recorded")
    _checked(page, assert_accessible, f"allegation-{size}")

    # A final warning on the substantiated allegation (its box already ticked).
    page.get_by_role("link", name="Record an enforcement decision").click()
    form = page.locator("main form")
    form.get_by_label("Final warning").check()
    form.get_by_label("Why this decision").fill("Entered the exclusion zone, confirmed on CCTV; warned in person.")
    form.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Enforcement decision recorded")
    _checked(page, assert_accessible, f"enforcement-{size}")

    # Then the missed session: a recall recommendation, with the alternatives considered.
    page.goto(f"/cases/{case.crn}/enforcement/new/?contact={missed.pk}")
    form = page.locator("main form")
    form.get_by_label("Recall – standard").check()
    form.get_by_label("Why this decision").fill("Missed a programme session without a good reason on a final warning.")
    form.get_by_label("Alternatives to recall considered").first.fill(
        "A further warning is not open; a curfew would not protect his partner."
    )
    _checked(page, assert_accessible, f"recommend-{size}")
    form.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Enforcement decision recorded")
    page.context.close()

    # The line manager endorses.
    page = signed_in_page(team["manager"], TEST_PASSWORD, phone=phone)
    page.goto("/recalls-awaiting-you/")
    page.get_by_role("link", name="Damien Hollis").click()
    _checked(page, assert_accessible, f"recall-{size}")
    page.get_by_role("link", name="Endorse", exact=True).click()
    page.get_by_label("I have read the recommendation").check()
    page.get_by_role("button", name="Endorse recall").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recall endorsed")
    page.context.close()

    # The Head of Public Protection countersigns: the recall is requested.
    page = signed_in_page(team["head"], TEST_PASSWORD, phone=phone)
    page.goto("/recalls-awaiting-you/")
    page.get_by_role("link", name="Damien Hollis").click()
    page.get_by_role("link", name="Countersign", exact=True).click()
    page.get_by_label("I have read the recommendation and the endorsement").check()
    page.get_by_role("button", name="Countersign recall").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the recall is requested")
    _checked(page, assert_accessible, f"requested-{size}")

    allegation = Allegation.objects.get()
    assert allegation.finding == AllegationFinding.Outcome.SUBSTANTIATED and allegation.accounts.count() == 2
    final = EnforcementDecision.objects.get(kind=Kind.FINAL_WARNING)
    assert list(final.allegations.all()) == [allegation]
    recall = Recall.objects.get()
    assert recall.status == Recall.Status.REQUESTED
    assert list(recall.decision.contacts.all()) == [missed]
    assert (recall.recommended_by, recall.endorsed_by, recall.countersigned_by) == (
        team["officer"],
        team["manager"],
        team["head"],
    )
