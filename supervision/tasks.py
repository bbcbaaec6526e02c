"""Thin Celery wrappers around supervision services. Arguments are ids and ISO dates."""

from celery import shared_task
from django.db import OperationalError

from .services import notifications


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_notification_email(notification_id: int) -> bool:
    return notifications.send_notification_email(notification_id)
