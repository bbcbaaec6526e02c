"""Notifications: one per recipient per event, shown in the app and e-mailed once through the outbox.

E-mails carry only the subject and a link, never the in-app details: personal data stays in Caseworks,
where access to each case is checked when the page is opened. Each notification's e-mail is an outbox row
written in the same transaction (supervision.services.outbox), so it is sent after commit or, if the broker
or the mail server is down, by the outbox sweep later: delayed, never lost.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from supervision.models import Case, Notification, OutboxEmail
from supervision.permissions import cases_visible_to, visible_pairs
from supervision.services.outbox import queue_notification_emails, send_outbox_email

logger = logging.getLogger(__name__)


def notify(recipient, *, event_key: str, subject: str, body: str, url: str = "", case=None):
    """Tell `recipient` about an event once. Returns the notification, or None if nothing was created.

    The event key makes this idempotent: a retried task or a second worker creates nothing new. A
    notification about a case the recipient may not see is not created at all. Work addressed to a case's
    responsible officer when the case has none (it waits in the allocation queue: `recipient` is None) goes to
    whoever holds it meanwhile, its team's line manager first (`routing.holder_of`).
    """
    if recipient is None:
        recipient = _holder(case)
        if recipient is None:
            return None
    if case is not None and not cases_visible_to(recipient).filter(pk=case.pk).exists():
        logger.warning("Not notifying user %s about case %s: outside their access.", recipient.pk, case.pk)
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, event_key=event_key, subject=subject, body=body, url=url, case=case
            )
            _queue_emails([notification])
    except IntegrityError:
        return None  # already notified of this event
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
    nothing), and none about a case the recipient may not see. A constant number of queries whatever the number
    of notifications or recipients: the access checks are one set-based `visible_pairs`, the rows one bulk insert.
    """
    items = _with_holders(notifications)
    visible = visible_pairs((item.recipient, item.case_id) for item in items)
    allowed = []
    for item in items:
        if item.case_id is None or (item.recipient.pk, item.case_id) in visible:
            allowed.append(item)
        else:
            logger.warning(
                "Not notifying user %s about case %s: outside their access.", item.recipient.pk, item.case_id
            )
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
    # Only the rows this run inserted: a concurrent run's rows already have their outbox e-mail.
    created = [
        notification
        for notification in Notification.objects.filter(
            event_key__in={item.event_key for item in new}, email__isnull=True
        ).select_related("recipient")
        if (notification.recipient_id, notification.event_key) in wanted
    ]
    _queue_emails(created)
    return [notification.pk for notification in created]


def _holder(case):
    from supervision.services.routing import holder_of

    if case is None:
        logger.warning("Not notifying: no recipient and no case.")
        return None
    holder = holder_of(case, on=timezone.localdate())
    if holder is None:
        logger.warning("Not notifying about case %s: it has no officer and nobody holds it.", case.pk)
    return holder


def _with_holders(notifications: Iterable[NewNotification]) -> list[NewNotification]:
    """Items addressed to a case with no officer (recipient None) readdressed to whoever holds the case: every
    such case's holder found at once (`routing.holders_of`, a fixed number of queries)."""
    from supervision.services.routing import holders_of

    items = list(notifications)
    waiting = {item.case_id for item in items if item.recipient is None}
    cases = Case.objects.select_related("team__pdu").in_bulk(waiting) if waiting else {}
    holders = holders_of(list(cases.values()), on=timezone.localdate()) if cases else {}
    for case_id in cases:
        if holders.get(case_id) is None:
            logger.warning("Not notifying about case %s: it has no officer and nobody holds it.", case_id)
    readdressed = []
    for item in items:
        if item.recipient is None:
            holder = holders.get(item.case_id)
            if holder is None:
                continue
            item = replace(item, recipient=holder)
        readdressed.append(item)
    return readdressed


def _email_text(notification) -> tuple[str, str]:
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
    subject = f"Caseworks: {notification.subject}"
    body = (
        f"{notification.subject}\n\nSign in to Caseworks to see the details and act on it:\n{link}\n\n"
        "This message is sent automatically. Do not reply to it."
    )
    return subject, body


def _queue_emails(notifications) -> None:
    """An outbox e-mail per notification, in the caller's transaction; none for a user with no address."""
    emails = []
    for notification in notifications:
        address = notification.recipient.email
        if not address:
            logger.info(
                "User %s has no e-mail address; notification %s stays in-app.",
                notification.recipient_id,
                notification.pk,
            )
            continue
        emails.append((address, *_email_text(notification), notification.pk))
    queue_notification_emails(emails)


def send_notification_email(notification_id: int) -> bool:
    """Send a notification's outbox e-mail now if it is due (kept for messages queued before the outbox)."""
    email = OutboxEmail.objects.filter(notification_id=notification_id).values_list("pk", flat=True).first()
    return email is not None and send_outbox_email(email)


def mark_read(notification, *, by) -> None:
    if notification.recipient_id != by.pk or notification.read_at is not None:
        return
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
