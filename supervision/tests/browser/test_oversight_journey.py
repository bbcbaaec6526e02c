"""Management oversight and the "keeping people safe" review in Chromium, on desktop (1280 px) and at 375 px,
axe-clean on every page: a line manager records oversight with two actions (the second added with "Add another
action") and saves a case review, compares it with a later one; the team view lists it; the officer finds the
action in My work and marks it done."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import CaseReview, OversightAction, OversightRecord
from supervision.models.case_reviews import Prompt
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import TEST_PASSWORD, CaseFactory, KeyIndividualFactory
from supervision.tests.oversight_factories import record_case_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots"


def _checked(page, assert_accessible, name):
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}/oversight-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


def _fill_date(page, name, day):
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_line_manager_records_oversight_and_a_case_review_and_the_officer_does_the_action(
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
    KeyIndividualFactory(case=case, name="Kerry Lane", relationship="PARTNER", is_potential_victim=True)
    page = signed_in_page(team["manager"], TEST_PASSWORD, phone=phone)

    page.goto(f"/cases/{case.crn}/oversight/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Management oversight")
    _checked(page, assert_accessible, f"list-empty-{size}")

    page.get_by_role("link", name="Record management oversight").click()
    _checked(page, assert_accessible, f"record-{size}")
    page.get_by_role("button", name="Record oversight").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you reviewed")
    _checked(page, assert_accessible, f"record-errors-{size}")
    page.get_by_label("Contacts and home visits").check()
    page.get_by_label("Victims and key individuals").check()
    page.get_by_label("What you reviewed").fill("Contacts since release and the victim liaison officer's reports.")
    page.get_by_label("Decision and direction").fill("Risk to the new partner has risen: refer and visit.")
    page.locator("textarea[name='actions-0-description']").fill("Refer to children's social care")
    _fill_date(page, "actions-0-due_on", today + timedelta(days=2))
    page.get_by_role("button", name="Add another action").click()
    page.locator("textarea[name='actions-1-description']").fill("Unannounced home visit; see the partner alone")
    _fill_date(page, "actions-1-due_on", today + timedelta(days=7))
    _checked(page, assert_accessible, f"record-two-actions-{size}")
    page.get_by_role("button", name="Record oversight").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Management oversight recorded")
    expect(page.locator("table")).to_contain_text("Unannounced home visit")
    _checked(page, assert_accessible, f"list-{size}")
    assert OversightRecord.objects.get().actions.count() == 2

    page.get_by_role("link", name="Review: keeping people safe").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Evidence from")
    expect(page.locator("main")).to_contain_text("Victims and potential victims recorded")
    _checked(page, assert_accessible, f"review-{size}")
    page.locator("input[name=window_from_1]").fill("13")
    page.get_by_role("button", name="Show the evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The start of the window must be a real date")
    _checked(page, assert_accessible, f"review-bad-dates-{size}")
    _fill_date(page, "window_from", today - timedelta(days=90))
    page.get_by_role("button", name="Show the evidence").click()
    for prompt in Prompt:
        choice = "no" if prompt == Prompt.KEY_INDIVIDUALS else "yes"
        page.locator(f"input[name={prompt.value}_judgement][value={choice}]").check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why this was not sufficient")
    page.get_by_label("Comment on engaging key individuals").fill("The partner has not been seen alone yet.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case review saved")
    _checked(page, assert_accessible, f"review-saved-{size}")
    review = CaseReview.objects.get()
    assert review.window_from == today - timedelta(days=90)
    assert not review.judgements.get(prompt=Prompt.KEY_INDIVIDUALS).is_sufficient

    record_case_review(case, team["manager"], not_sufficient=[Prompt.VICTIMS.value])
    page.goto(f"/cases/{case.crn}/case-reviews/")
    _checked(page, assert_accessible, f"reviews-{size}")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare case reviews")
    expect(page.locator("main")).to_contain_text("Not sufficient")
    _checked(page, assert_accessible, f"compare-{size}")

    page.goto("/team-case-reviews/")
    expect(page.locator("table")).to_contain_text(case.crn)
    _checked(page, assert_accessible, f"team-{size}")

    officer = signed_in_page(team["officer"], TEST_PASSWORD, phone=phone)
    officer.goto("/my-work/")
    expect(officer.locator("main")).to_contain_text("Refer to children's social care")
    _checked(officer, assert_accessible, f"my-work-{size}")
    officer.get_by_role("link", name="Mark the action done").first.click()
    _checked(officer, assert_accessible, f"done-{size}")
    officer.get_by_label("What was done").fill("Referral sent; acknowledged by phone.")
    officer.get_by_role("button", name="Mark as done").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Action marked done")
    assert OversightAction.objects.filter(status="DONE").count() == 1
