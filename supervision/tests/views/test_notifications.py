"""Notifications: the list with its unread count, opening one, and marking all read."""

import pytest
from django.urls import reverse

from supervision.models import Notification
from supervision.services.notifications import notify
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


def requirements_url(case):
    return reverse("supervision:case-contact-requirements", kwargs={"crn": case.crn})


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
