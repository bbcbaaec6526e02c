"""Notifications: one per recipient per event, never about a case the recipient may not see."""

import pytest
from django.core import mail

from supervision.models import Notification
from supervision.services.notifications import mark_read, notify, send_notification_email
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_notifying_twice_of_the_same_event_creates_one_notification(django_capture_on_commit_callbacks):
    case = CaseFactory()
    officer = case.responsible_officer
    with django_capture_on_commit_callbacks() as callbacks:
        first = notify(officer, event_key="test:1", subject="Home visit overdue", body="D", case=case)
        second = notify(officer, event_key="test:1", subject="Home visit overdue", body="D", case=case)
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert len(callbacks) == 1  # one e-mail queued, not two


def test_nobody_is_notified_about_a_case_outside_their_access():
    case = CaseFactory()
    stranger = StaffFactory()  # a different team
    assert notify(stranger, event_key="test:2", subject="S", body="B", case=case) is None
    assert not Notification.objects.filter(recipient=stranger).exists()


def test_email_is_sent_once_and_carries_no_case_details():
    case = CaseFactory(first_name="Zebedee")
    notification = notify(
        case.responsible_officer,
        event_key="test:3",
        subject="Contact overdue",
        body="Zebedee missed",
        case=case,
        url="/caseload/",
    )
    assert send_notification_email(notification.pk) is True
    assert send_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1
    assert "Zebedee" not in mail.outbox[0].body
    assert mail.outbox[0].subject == "Caseworks: Contact overdue"
    assert "/caseload/" in mail.outbox[0].body


def test_only_the_recipient_can_mark_a_notification_read():
    case = CaseFactory()
    notification = notify(case.responsible_officer, event_key="t:4", subject="S", body="B", case=case)
    mark_read(notification, by=StaffFactory())
    notification.refresh_from_db()
    assert notification.read_at is None
    mark_read(notification, by=case.responsible_officer)
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_a_notification_after_commit(celery_worker):
    case = CaseFactory()
    notify(case.responsible_officer, event_key="worker:1", subject="Home visit overdue", body="B", case=case)
    emails = celery_worker.wait_for(celery_worker.sent_emails, message="the notification e-mail")
    assert "Subject: Caseworks: Home visit overdue" in emails[0]
    notification = Notification.objects.get(event_key="worker:1")
    celery_worker.wait_for(
        lambda: Notification.objects.filter(pk=notification.pk, emailed_at__isnull=False).exists(),
        message="emailed_at to be recorded",
    )
