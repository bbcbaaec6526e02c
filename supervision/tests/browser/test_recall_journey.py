"""A recall through its signatures in Chromium, with three people, on desktop (1280 px) and at 375 px, axe-clean on
every page: the officer's emergency recommendation (made by the factory, as the enforcement decision makes it),
the line manager finds it in "Recalls awaiting you" and endorses it, the Head of Public Protection countersigns it,
and the officer records the confirmation: the case is recalled."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.models import Case, Recall
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import TEST_PASSWORD, CaseFactory
from supervision.tests.recall_factories import recommend_recall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots"


def _checked(page, assert_accessible, name):
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}/recall-{name}.png", full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name}: the page scrolls sideways ({width}px)"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_line_manager_endorses_the_head_countersigns_and_the_officer_confirms_the_recall(
    signed_in_page, assert_accessible, phone
):
    size = "phone" if phone else "desktop"
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"], first_name="Damien", last_name="Hollis")
    recall = recommend_recall(case, kind=Recall.Kind.EMERGENCY)

    # The line manager: the queue, the recall, a refused submit, then the endorsement.
    page = signed_in_page(team["manager"], TEST_PASSWORD, phone=phone)
    page.goto("/recalls-awaiting-you/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recalls awaiting you")
    expect(page.locator("table")).to_contain_text("Emergency")
    _checked(page, assert_accessible, f"queue-{size}")
    page.get_by_role("link", name="Damien Hollis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency recall")
    expect(page.locator(".moj-timeline")).to_contain_text("Recall recommended")
    _checked(page, assert_accessible, f"detail-recommended-{size}")
    page.get_by_role("link", name="Endorse", exact=True).click()
    _checked(page, assert_accessible, f"endorse-{size}")
    page.get_by_role("button", name="Endorse recall").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you have read the recommendation")
    _checked(page, assert_accessible, f"endorse-errors-{size}")
    page.get_by_label("Note (optional)").fill("Agreed: the missed session after a final warning leaves no option.")
    page.get_by_label("I have read the recommendation").check()
    page.get_by_role("button", name="Endorse recall").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recall endorsed")
    expect(page.locator(".moj-timeline")).to_contain_text("Endorsed by the line manager")
    page.context.close()

    # The Head of Public Protection countersigns.
    page = signed_in_page(team["head"], TEST_PASSWORD, phone=phone)
    page.goto("/recalls-awaiting-you/")
    expect(page.locator("table")).to_contain_text("Your countersignature")
    page.get_by_role("link", name="Damien Hollis").click()
    _checked(page, assert_accessible, f"detail-endorsed-{size}")
    page.get_by_role("link", name="Countersign", exact=True).click()
    page.get_by_label("I have read the recommendation and the endorsement").check()
    page.get_by_role("button", name="Countersign recall").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the recall is requested")
    page.context.close()

    # The officer records that the person is back in custody.
    page = signed_in_page(team["officer"], TEST_PASSWORD, phone=phone)
    page.goto(recall.get_absolute_url())
    expect(page.locator("main .govuk-summary-list").first).to_contain_text("Recall requested")
    _checked(page, assert_accessible, f"detail-requested-{size}")
    page.get_by_role("link", name="Record the confirmation").click()
    _checked(page, assert_accessible, f"confirm-{size}")
    page.get_by_label("The person has been returned to custody").check()
    page.get_by_role("button", name="Confirm recall").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the case is now recalled")
    expect(page.locator(".moj-timeline")).to_contain_text("Recall confirmed")
    _checked(page, assert_accessible, f"detail-confirmed-{size}")

    recall.refresh_from_db()
    assert recall.status == Recall.Status.CONFIRMED and recall.confirmed_on == timezone.localdate()
    assert (recall.endorsed_by, recall.countersigned_by) == (team["manager"], team["head"])
    assert Case.objects.get(pk=case.pk).status == Case.Status.RECALLED
