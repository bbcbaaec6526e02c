"""Thin Celery wrappers around mappa services. Arguments are ids and ISO dates."""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from mappa.services import escalations, meetings, referrals

# Safe to repeat (late acknowledgement redelivers a dead worker's message): each effect is guarded by a
# constraint. A lost database connection (restarted server, pg_terminate_backend) is retried with back-off.
RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "max_retries": 5,
}


def _day(on: str | None) -> date:
    return date.fromisoformat(on) if on else timezone.localdate()


@shared_task(**RETRY)
def escalate_rejected_referrals(referral_id: int | None = None, on: str | None = None) -> int:
    """Put rejected MAPPA referrals in their line manager's queue: one (after its rejection commits) or all."""
    return escalations.escalate_rejected_referrals(on=_day(on), referral_id=referral_id)


@shared_task(**RETRY)
def step_up_overdue_escalations(on: str | None = None) -> int:
    return escalations.step_up_overdue_escalations(on=_day(on))


@shared_task(**RETRY)
def chase_late_referrals(on: str | None = None) -> int:
    return referrals.chase_late_referrals(on=_day(on))


@shared_task(**RETRY)
def flag_overdue_mappa_actions(on: str | None = None) -> int:
    return meetings.flag_overdue_mappa_actions(on=_day(on))
