"""Thin Celery wrappers around supervision services. Arguments are ids and ISO dates.

Every task is safe to run twice (late acknowledgement redelivers a message whose worker died): its effect
is guarded by a constraint or by the outbox's claim, so a repeat adds nothing.
"""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from supervision.services import notifications, outbox, sweeps

# A lost database connection (restarted server, pg_terminate_backend) is retried with back-off.
RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRY)
def send_outbox_email(email_id: int) -> bool:
    """Queued after the commit that wrote the e-mail; the outbox sweep sends any this message never reached."""
    return outbox.send_outbox_email(email_id)


@shared_task(**RETRY)
def drain_outbox() -> dict:
    """Run by beat every minute: a bounded batch of due e-mails, each claimed and recorded on its own."""
    return outbox.drain_outbox()


@shared_task(**RETRY)
def send_notification_email(notification_id: int) -> bool:
    """Kept for messages queued before the outbox existed."""
    return notifications.send_notification_email(notification_id)


@shared_task(**RETRY)
def flag_overdue_contacts(on: str | None = None) -> dict:
    """Run by beat (hourly by default; administrators edit the schedule in the admin), in chunks of cases."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    return sweeps.flag_overdue_contacts_in_chunks(on=day)
