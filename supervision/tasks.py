"""Thin Celery wrappers around supervision services. Arguments are ids and ISO dates.

Every task is safe to run twice (late acknowledgement redelivers a message whose worker died): its effect
is guarded by a constraint or by the outbox's claim, so a repeat adds nothing.
"""

from datetime import date

from celery import chord, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from supervision.services import enforcement, notifications, outbox, sweeps

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


def fans_out() -> bool:
    """Chunks go to every worker as a Celery chord when there is a result backend to count them (a chord's
    callback needs one); otherwise, and when tasks run eagerly, one worker runs them in turn."""
    return bool(settings.CELERY_RESULT_BACKEND) and not settings.CELERY_TASK_ALWAYS_EAGER


@shared_task(**RETRY)
def flag_overdue_contacts(on: str | None = None) -> dict:
    """Run by beat (hourly by default; administrators edit the schedule in the admin), in chunks of cases:
    spread over the workers as a chord (one task per chunk, then `summarise_overdue_contacts`), or in turn."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    if not fans_out():
        return sweeps.flag_overdue_contacts_in_chunks(on=day)
    ranges = sweeps.chunk_ranges()
    header = [flag_overdue_contacts_chunk.si(day.isoformat(), first, past) for first, past in ranges]
    result = chord(header)(summarise_overdue_contacts.s(day.isoformat()))
    return {"on": day.isoformat(), "chunks": len(ranges), "summary_task": result.id}


@shared_task(**RETRY)
def flag_overdue_contacts_chunk(on: str, first: int, past: int | None) -> dict:
    """One chunk of case ids; safe to repeat (a redelivered chunk finds its flags already written)."""
    return sweeps.sweep_chunk(on=date.fromisoformat(on), first=first, past=past)


@shared_task(**RETRY)
def summarise_overdue_contacts(runs: list[dict], on: str) -> dict:
    """The chord's callback, once every chunk has committed: totals and the managers' daily digests."""
    return sweeps.summarise(on=date.fromisoformat(on), runs=runs)


@shared_task(**RETRY)
def tell_line_manager_of_recall(recall_id: int) -> bool:
    """Queued after the commit that recorded a recall recommendation; a repeat notifies nobody twice."""
    return enforcement.tell_line_manager_of_recall(recall_id) is not None
