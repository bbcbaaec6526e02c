"""Pages: a case's contact requirements, notifications with their unread count, and the rule admin in a browser."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import Case, Notification, OverdueFlag
from supervision.services.notifications import notify
from supervision.services.overdue_contacts import flag_overdue_contacts

from .factories import TEST_PASSWORD, CaseFactory, ContactFactory, HomeVisitTypeFactory, StaffFactory
from .rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db


def requirements_url(case):
    return reverse("supervision:case-contact-requirements", kwargs={"crn": case.crn})


def test_case_page_explains_each_requirement(client, django_assert_max_num_queries):
    HomeVisitTypeFactory()
    ContactRuleFactory(name="High RoSH first 12 weeks", every_days=14)
    case = CaseFactory(started_on=timezone.localdate() - timedelta(days=16), rosh=Case.RoSH.HIGH)
    client.force_login(case.responsible_officer)
    with django_assert_max_num_queries(20):
        response = client.get(requirements_url(case))
    assert response.status_code == 200
    assert "Home visit every 14 days" in response.text
    assert "Overdue by 2 days." in response.text
    assert "govuk-tag--red" in response.text


def test_another_teams_case_is_not_found(client):
    case = CaseFactory()
    client.force_login(StaffFactory())
    assert client.get(requirements_url(case)).status_code == 404


def test_notifications_show_in_the_navigation_and_open_marks_them_read(client):
    case = CaseFactory()
    officer = case.responsible_officer
    notification = notify(
        officer, event_key="t:1", subject="Home visit overdue", body="B", url=requirements_url(case), case=case
    )
    client.force_login(officer)
    page = client.get(reverse("supervision:notifications"))
    assert "You have 1 unread notification." in page.text and "Home visit overdue" in page.text
    assert page.context["unread_notification_count"] == 1
    response = client.post(reverse("supervision:notification-open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == requirements_url(case)
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "unread notification" not in client.get(reverse("supervision:notifications")).text


def test_nobody_can_open_someone_elses_notification(client):
    case = CaseFactory()
    notification = notify(case.responsible_officer, event_key="t:2", subject="S", body="B", case=case)
    client.force_login(StaffFactory())
    assert client.post(reverse("supervision:notification-open", args=[notification.pk])).status_code == 404


def test_mark_all_read(client):
    case = CaseFactory()
    for n in range(3):
        notify(case.responsible_officer, event_key=f"t:{n}", subject="S", body="B", case=case)
    client.force_login(case.responsible_officer)
    client.post(reverse("supervision:notifications-mark-all-read"))
    assert not Notification.objects.unread().exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_administrator_creates_a_rule_officer_sees_the_case_overdue_and_a_home_visit_clears_it(
    signed_in_page, assert_accessible, screenshot
):
    from playwright.sync_api import expect

    HomeVisitTypeFactory()
    today = timezone.localdate()
    officer = StaffFactory(first_name="Priya", last_name="Shah")
    case = CaseFactory(
        responsible_officer=officer, rosh=Case.RoSH.HIGH, started_on=today - timedelta(days=10), first_name="Damien"
    )
    administrator = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)

    # An administrator adds a rule, previews it, and saves it.
    page = signed_in_page(administrator, TEST_PASSWORD)
    page.goto(reverse("admin:supervision_contactrule_add"))
    assert_accessible(page)
    page.get_by_label("Name:").fill("High RoSH weekly home visits")
    page.get_by_label("Rationale:").fill("Weekly home visits while the risk is high.")
    page.locator("#id_rosh_levels").get_by_label("High", exact=True).check()
    page.get_by_label("Contact needed:").fill("Home visit")
    page.get_by_label("Any home visit counts").check()
    page.get_by_label("Period in days:").fill("7")
    page.get_by_role("button", name="Preview cases covered").click()
    expect(page.locator("#rule-preview")).to_contain_text("would cover 1 active case")
    expect(page.locator("#rule-preview")).to_contain_text("1 would be overdue")
    assert_accessible(page)
    screenshot(page, "contact-rule-preview")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert_accessible(page)

    # The job flags the case; the officer sees it overdue and is told.
    assert flag_overdue_contacts(on=today).opened == 1
    page = signed_in_page(officer, TEST_PASSWORD)
    page.goto(reverse("supervision:notifications"))
    expect(page.get_by_text("You have 1 unread notification.")).to_be_visible()
    page.goto(requirements_url(case))
    expect(page.get_by_role("row", name="Home visit every 7 days")).to_contain_text("Overdue")
    assert_accessible(page)
    screenshot(page, "case-contact-requirements-overdue")

    # A home visit is recorded (on the record-a-contact form once it exists); the status and the flag clear.
    ContactFactory(case=case, contact_type=HomeVisitTypeFactory(), starts_at=timezone.now())
    page.reload()
    expect(page.get_by_role("row", name="Home visit every 7 days")).to_contain_text("Met")
    assert flag_overdue_contacts(on=today).closed == 1
    page.reload()
    expect(page.get_by_text("Open overdue flags")).to_have_count(0)
    assert OverdueFlag.objects.get().resolution == OverdueFlag.Resolution.MET

    page.goto(reverse("supervision:notifications"))
    assert_accessible(page)
    screenshot(page, "notifications")
