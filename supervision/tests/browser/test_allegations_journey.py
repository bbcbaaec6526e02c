"""An allegation from report to finding in Chromium, on desktop (1280 px) and at 375 px, axe-clean on every page:
record an allegation, add two conflicting accounts, compare them side by side, and record the finding "unable to
determine – conflicting accounts"."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import Allegation, AllegationFinding
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import exclusion_zone
from supervision.tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots"


def _checked(page, assert_accessible, name):
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}/allege-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


def _fill_date(page, name, day):
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def _add_account(page, who, name, says):
    page.get_by_role("link", name="Add an account").first.click()
    page.get_by_label(who, exact=True).check()
    page.get_by_label("Their name (optional)").fill(name)
    page.get_by_label("What they say").fill(says)
    page.get_by_role("button", name="Add account").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Account added")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_record_an_allegation_weigh_two_conflicting_accounts_and_record_unable_to_determine(
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
        started_on=today - timedelta(days=60),
    )
    exclusion_zone(case)
    page = signed_in_page(team["officer"], TEST_PASSWORD, phone=phone)

    page.goto(f"/cases/{case.crn}/allegations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Allegations of breach")
    _checked(page, assert_accessible, f"list-empty-{size}")

    page.get_by_role("link", name="Record an allegation").click()
    _checked(page, assert_accessible, f"record-{size}")
    page.get_by_role("button", name="Record allegation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who reported it")
    _checked(page, assert_accessible, f"record-errors-{size}")
    _fill_date(page, "received_on", today - timedelta(days=1))
    _fill_date(page, "alleged_on", today - timedelta(days=2))
    page.get_by_label("Victim liaison officer", exact=True).check()
    page.get_by_label("Passed on by the victim liaison officer").check()
    page.get_by_label("Where it allegedly happened (optional)").fill("Eastfield shopping parade")
    page.get_by_label("Exclusion zone", exact=False).check()
    page.get_by_label("What is alleged").fill("Leanne says she saw Damien at the Eastfield shops on Saturday.")
    page.get_by_label("Urgent", exact=True).check()
    page.get_by_role("button", name="Record allegation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Allegation recorded")
    expect(page.locator("table")).to_contain_text("Victim liaison officer")
    _checked(page, assert_accessible, f"list-{size}")

    page.get_by_role("link", name="allegation details").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Received")
    _checked(page, assert_accessible, f"detail-received-{size}")
    _add_account(page, "Victim", "Leanne Pryor", "Saw him by the shops at about 3pm, plain as day.")
    _add_account(page, "The person on probation", "Damien Hollis", "Was at his mother's all afternoon.")

    page.get_by_role("link", name="Compare the 2 accounts side by side").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accounts side by side")
    columns = page.locator(".govuk-summary-card")
    expect(columns).to_have_count(2)
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    if phone:
        assert second["y"] >= first["y"] + first["height"], "on a phone the accounts stack"
    else:
        assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"], "on desktop they sit side by side"
    _checked(page, assert_accessible, f"accounts-{size}")

    page.get_by_role("link", name="Back to the allegation").click()
    page.get_by_role("link", name="Record the finding").click()
    _checked(page, assert_accessible, f"finding-{size}")
    page.get_by_label("Unable to determine – conflicting accounts").check()
    page.get_by_role("button", name="Record finding").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the rationale for the finding")
    page.get_by_label("Rationale").fill("Her account and his contradict each other; no CCTV or police sighting.")
    page.get_by_role("button", name="Record finding").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Finding recorded")
    expect(page.locator(".govuk-summary-card__title").first).to_have_text(
        "Unable to determine – conflicting accounts (current)"
    )
    _checked(page, assert_accessible, f"detail-decided-{size}")

    allegation = Allegation.objects.get()
    assert allegation.finding == AllegationFinding.Outcome.UNABLE_TO_DETERMINE
    assert allegation.accounts.count() == 2
    assert allegation.findings.get().decided_by == team["officer"]
