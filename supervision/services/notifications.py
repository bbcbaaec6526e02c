"""Notifications: one per recipient per event, shown in the app and e-mailed once.

E-mails carry only the subject and a link, never the in-app details: personal data stays in Caseworks,
where access to each case is checked when the page is opened.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseworks.queue import enqueue_on_commit
from supervision.models import Notification
from supervision.permissions import cases_visible_to

logger = logging.getLogger(__name__)

# The task that calls send_notification_email() below, named rather than imported: tasks import services.
SEND_EMAIL_TASK = "supervision.tasks.send_notification_email"


def notify(recipient, *, event_key: str, subject: str, body: str, url: str = "", case=None):
    """Tell `recipient` about an event once. Returns the notification, or None if nothing was created.

    The event key makes this idempotent: a retried task or a second worker creates nothing new. A
    notification about a case the recipient may not see is not created at all.
    """
    if case is not None and not cases_visible_to(recipient).filter(pk=case.pk).exists():
        logger.warning("Not notifying user %s about case %s: outside their access.", recipient.pk, case.pk)
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, event_key=event_key, subject=subject, body=body, url=url, case=case
            )
    except IntegrityError:
        return None  # already notified of this event
    enqueue_on_commit(SEND_EMAIL_TASK, notification.pk)
    return notification


@dataclass(frozen=True)
class NewNotification:
    recipient: object  # a User
    event_key: str
    subject: str
    body: str
    url: str = ""
    case_id: int | None = None


def notify_many(notifications: Iterable[NewNotification]) -> list[int]:
    """`notify()` for many events at once, for background jobs. Returns the ids of the new notifications.

    The same guarantees: one notification per recipient and event (a repeat or a concurrent run creates
    nothing), and none about a case the recipient may not see. Queries grow with the number of distinct
    recipients (one access check each), not with the number of notifications.
    """
    by_recipient: dict[int, list[NewNotification]] = {}
    for item in notifications:
        by_recipient.setdefault(item.recipient.pk, []).append(item)
    allowed = []
    for items in by_recipient.values():
        recipient = items[0].recipient
        case_ids = {item.case_id for item in items if item.case_id is not None}
        visible = set(cases_visible_to(recipient).filter(pk__in=case_ids).values_list("pk", flat=True))
        for item in items:
            if item.case_id is None or item.case_id in visible:
                allowed.append(item)
            else:
                logger.warning("Not notifying user %s about case %s: outside their access.", recipient.pk, item.case_id)
    if not allowed:
        return []
    keys = {item.event_key for item in allowed}
    existing = set(Notification.objects.filter(event_key__in=keys).values_list("recipient_id", "event_key"))
    new = [item for item in allowed if (item.recipient.pk, item.event_key) not in existing]
    if not new:
        return []
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=item.recipient,
                event_key=item.event_key,
                subject=item.subject,
                body=item.body,
                url=item.url,
                case_id=item.case_id,
            )
            for item in new
        ],
        ignore_conflicts=True,
    )
    wanted = {(item.recipient.pk, item.event_key) for item in new}
    created = [
        pk
        for pk, recipient_id, event_key in Notification.objects.filter(
            event_key__in={item.event_key for item in new}, emailed_at__isnull=True
        ).values_list("pk", "recipient_id", "event_key")
        if (recipient_id, event_key) in wanted
    ]
    # A concurrent run may queue the same e-mail too: the task sends each notification once.
    for pk in created:
        enqueue_on_commit(SEND_EMAIL_TASK, pk)
    return created


def send_notification_email(notification_id: int) -> bool:
    """E-mail a notification if it has not been e-mailed yet. Returns whether an e-mail was sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        address = notification.recipient.email
        if not address:
            logger.info(
                "User %s has no e-mail address; notification %s stays in-app.",
                notification.recipient_id,
                notification.pk,
            )
            return False
        link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
        send_mail(
            subject=f"Caseworks: {notification.subject}",
            message=(
                f"{notification.subject}\n\nSign in to Caseworks to see the details and act on it:\n{link}\n\n"
                "This message is sent automatically. Do not reply to it."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return True


def mark_read(notification, *, by) -> None:
    if notification.recipient_id != by.pk or notification.read_at is not None:
        return
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
