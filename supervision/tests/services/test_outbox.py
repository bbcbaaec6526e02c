"""The e-mail outbox: written with the change, sent after commit with no transaction open, retried with
back-off, given up after the maximum attempts, and never sent twice by two workers."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from supervision.models import Notification, OutboxEmail
from supervision.schedules import OUTBOX_TASK_NAME, PRUNE_TOKENS_TASK_NAME
from supervision.services.notifications import notify
from supervision.services.outbox import drain_outbox, queue_email, retry_delay, send_outbox_email
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
Status = OutboxEmail.Status

SENT_IN_A_TRANSACTION = []


class RecordingBackend:
    """A mail backend that notes whether a database transaction was open when it was asked to send."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        SENT_IN_A_TRANSACTION.append(connection.in_atomic_block)
        mail.outbox.extend(messages)
        return len(messages)


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("421 mail server busy")


def test_a_notification_and_its_email_are_written_in_the_same_transaction(django_capture_on_commit_callbacks):
    case = CaseFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        notification = notify(
            case.responsible_officer, event_key="o:1", subject="Home visit overdue", body="B", case=case
        )
    email = OutboxEmail.objects.get()
    assert (email.notification, email.status, email.to_address) == (
        notification,
        Status.PENDING,
        case.responsible_officer.email,
    )
    assert email.subject == "Caseworks: Home visit overdue"
    assert len(callbacks) == 1  # the worker is asked after commit


def test_a_rolled_back_notification_leaves_no_email_and_queues_nothing(django_capture_on_commit_callbacks):
    case = CaseFactory()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        notify(case.responsible_officer, event_key="o:2", subject="S", body="B", case=case)
        raise RuntimeError("the user's change failed")
    assert not OutboxEmail.objects.exists() and not Notification.objects.exists()
    assert callbacks == []


def test_an_email_is_sent_once_and_recorded():
    email = queue_email("a@example.org", "Subject", "Body")
    assert send_outbox_email(email.pk) is True
    assert send_outbox_email(email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 1) and email.sent_at is not None
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_mail_server_is_contacted(settings):
    """Before: the e-mail was sent inside the transaction holding the notification's row lock."""
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    SENT_IN_A_TRANSACTION.clear()
    email = queue_email("a@example.org", "Subject", "Body")
    assert send_outbox_email(email.pk) is True
    assert SENT_IN_A_TRANSACTION == [False]


def test_a_refused_email_backs_off_exponentially_then_fails_after_the_maximum_attempts(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    email = queue_email("a@example.org", "Subject", "Body")
    before = timezone.now()
    assert send_outbox_email(email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.PENDING, 1)
    assert "421 mail server busy" in email.last_error
    assert email.next_attempt_at >= before + timedelta(seconds=60)
    assert send_outbox_email(email.pk) is False  # not due yet: not even tried
    assert OutboxEmail.objects.get().attempts == 1
    for _attempt in (2, 3):
        OutboxEmail.objects.update(next_attempt_at=timezone.now())
        send_outbox_email(email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 3)
    assert (retry_delay(1), retry_delay(2), retry_delay(3)) == (
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(seconds=240),
    )


def test_an_email_abandoned_mid_send_is_sent_again_once_its_claim_expires(settings):
    settings.OUTBOX_CLAIM_SECONDS = 300
    email = queue_email("a@example.org", "Subject", "Body")
    OutboxEmail.objects.filter(pk=email.pk).update(status=Status.SENDING, attempts=1, claimed_at=timezone.now())
    assert drain_outbox() == {"sent": 0, "not_sent": 0}  # another worker may still be sending it
    OutboxEmail.objects.filter(pk=email.pk).update(claimed_at=timezone.now() - timedelta(seconds=301))
    assert drain_outbox() == {"sent": 1, "not_sent": 0}
    assert OutboxEmail.objects.get().attempts == 2


def test_the_sweep_sends_a_bounded_batch(settings):
    settings.OUTBOX_SWEEP_BATCH = 2
    for n in range(3):
        queue_email(f"p{n}@example.org", "Subject", "Body")
    assert drain_outbox() == {"sent": 2, "not_sent": 0}
    assert drain_outbox() == {"sent": 1, "not_sent": 0}
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_email_at_once_send_it_once(settings):
    email = queue_email("a@example.org", "Subject", "Body")
    barrier = threading.Barrier(4)
    results = []

    def send():
        try:
            barrier.wait(timeout=10)
            results.append(send_outbox_email(email.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1


def test_the_outbox_sweep_runs_every_minute_from_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name=OUTBOX_TASK_NAME)
    assert (task.task, task.interval.every, task.interval.period) == ("supervision.tasks.drain_outbox", 1, "minutes")


def test_old_submission_tokens_are_forgotten_daily_by_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name=PRUNE_TOKENS_TASK_NAME)
    assert (task.task, task.interval.every, task.interval.period) == (
        "supervision.tasks.prune_submission_tokens",
        1,
        "days",
    )
