"""A final warning in Chromium, on desktop (1280 px) and at 375 px, axe-clean on every page: from a substantiated
allegation (its box already ticked) the officer records a final warning, meeting the error summary first, sees the
recall's alternatives box revealed only for a recall, links the police intelligence too, and finds the final
warning on the Enforcement tab, in force, beside the earlier warning."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import AllegationFinding, EnforcementDecision
from supervision.services.allegations import record_police_intelligence
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import decided_allegation
from supervision.tests.browser.reveals import assert_accessible_with_reveals
from supervision.tests.enforcement_factories import decide
from supervision.tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots"
Kind = EnforcementDecision.Kind


def _checked(page, assert_accessible, name):
    assert_accessible_with_reveals(page, assert_accessible)
    page.screenshot(path=f"{SHOTS}/enf-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_record_a_final_warning_with_its_evidence(signed_in_page, assert_accessible, phone):
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
    decide(case, Kind.WARNING, days_ago=50)
    allegation = decided_allegation(
        case, outcome=AllegationFinding.Outcome.SUBSTANTIATED, description="Seen in the exclusion zone on CCTV."
    )
    intelligence = record_police_intelligence(
        case,
        by=team["officer"],
        received_on=today - timedelta(days=3),
        source="Wessex Police roads policing",
        description="Stopped driving while disqualified.",
        relevance="HIGH",
    )
    page = signed_in_page(team["officer"], TEST_PASSWORD, phone=phone)

    page.goto(f"/cases/{case.crn}/allegations/{allegation.pk}/")
    page.get_by_role("link", name="Record an enforcement decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an enforcement decision")
    form = page.locator("main form")
    expect(form.get_by_label("Seen in the exclusion zone on CCTV.", exact=False)).to_be_checked()
    alternatives = form.get_by_label("Alternatives to recall considered").first
    expect(alternatives).to_be_hidden()
    _checked(page, assert_accessible, f"form-{size}")

    form.get_by_label("Recall – standard").check()
    expect(alternatives).to_be_visible()
    form.get_by_role("button", name="Record decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter why you made this decision")
    expect(summary).to_contain_text("Enter the alternatives to recall you considered")
    _checked(page, assert_accessible, f"form-errors-{size}")

    form = page.locator("main form")
    form.get_by_label("Final warning").check()
    expect(form.get_by_label("Alternatives to recall considered").first).to_be_hidden()
    form.get_by_label("Why this decision").fill(
        "Stopped driving while disqualified with a warning in force; agreed at the MAPPA meeting."
    )
    form.get_by_label("Wessex Police roads policing", exact=False).check()
    form.get_by_role("button", name="Record decision").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Enforcement decision recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enforcement")
    in_force = page.locator("ul.govuk-list--bullet").first
    expect(in_force).to_contain_text("Final warning given")
    expect(in_force).to_contain_text("Warning given")
    _checked(page, assert_accessible, f"tab-{size}")

    page.get_by_role("link", name="final warning details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Final warning")
    expect(page.locator("main")).to_contain_text("Police intelligence received")
    _checked(page, assert_accessible, f"detail-{size}")

    final = EnforcementDecision.objects.get(kind=Kind.FINAL_WARNING)
    assert final.decided_by == team["officer"]
    assert list(final.allegations.all()) == [allegation]
    assert list(final.police_intelligence.all()) == [intelligence]
    assert final.alternatives_considered == ""
