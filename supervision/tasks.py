"""Thin Celery wrappers around supervision services. Arguments are ids and ISO dates."""

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from supervision.services import notifications, overdue_contacts


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_notification_email(notification_id: int) -> bool:
    return notifications.send_notification_email(notification_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def flag_overdue_contacts(on: str | None = None) -> dict:
    """Run by beat (hourly by default; administrators edit the schedule in the admin)."""
    day = date.fromisoformat(on) if on else timezone.localdate()
    return overdue_contacts.flag_overdue_contacts(on=day).as_dict()
