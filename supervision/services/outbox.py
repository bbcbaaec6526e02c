"""The e-mail outbox: `queue_email()` writes a row in the caller's transaction; a worker sends it after commit.

Sending one row takes three steps, so that no transaction (and no row lock) is open while the mail server
is contacted, however slowly it answers:

1. claim: in a short transaction, lock the row with SKIP LOCKED, check it is still due, mark it SENDING
   (attempts + 1, claimed_at = now) and commit. A second worker skips it or finds it no longer due.
2. send, with no transaction open (EMAIL_TIMEOUT bounds each exchange with the server).
3. record: SENT with sent_at, or back to PENDING with an exponential back-off, or FAILED after
   OUTBOX_MAX_ATTEMPTS. The update names the claim (claimed_at), so a late worker cannot overwrite a newer one.

The one at-least-once window: a worker that dies (or loses its database) after the mail server accepted the
message and before step 3 commits leaves the row SENDING. After OUTBOX_CLAIM_SECONDS the sweep treats it as
abandoned and sends it again, so the recipient may get that one e-mail twice. Nothing is ever lost.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseworks.queue import enqueue_on_commit
from supervision.models import Notification, OutboxEmail

logger = logging.getLogger(__name__)

Status = OutboxEmail.Status
# Named rather than imported: tasks import services.
SEND_TASK = "supervision.tasks.send_outbox_email"
OUTBOX_HEADER = "X-Caseworks-Outbox-Id"


def queue_email(to: str, subject: str, body: str, *, notification=None) -> OutboxEmail | None:
    """Put an e-mail in the outbox, in the caller's transaction, and ask a worker to send it after commit.

    Returns None when the notification already has its e-mail (a concurrent or repeated run).
    """
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.create(
                to_address=to, subject=subject[:250], body=body, notification=notification
            )
    except IntegrityError:
        return None
    enqueue_on_commit(SEND_TASK, email.pk)
    return email


def queue_notification_emails(emails: list[tuple[str, str, str, int]]) -> list[int]:
    """`queue_email()` for many notifications at once: (to, subject, body, notification id) each, in two
    queries whatever the number. A notification that already has its e-mail gets no second one."""
    if not emails:
        return []
    OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(to_address=to, subject=subject[:250], body=body, notification_id=notification_id)
            for to, subject, body, notification_id in emails
        ],
        ignore_conflicts=True,
    )
    ids = list(
        OutboxEmail.objects.filter(
            notification_id__in=[notification_id for *_, notification_id in emails], status=Status.PENDING
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        enqueue_on_commit(SEND_TASK, pk)
    return ids


def _claim_expired_before(now):
    return now - timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)


def _claim(email_id: int, now) -> OutboxEmail | None:
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .due(now=now, claim_expired_before=_claim_expired_before(now))
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return None  # sent, failed, backing off, or another worker has it
        email.status = Status.SENDING
        email.attempts += 1
        email.claimed_at = now
        email.save(update_fields=["status", "attempts", "claimed_at"])
        return email


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off: the base, then twice, four times ... as long, at most six hours."""
    return timedelta(seconds=min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 6 * 60 * 60))


def send_outbox_email(email_id: int) -> bool:
    """Send one outbox e-mail if it is due. Returns whether the mail server accepted it."""
    email = _claim(email_id, timezone.now())
    if email is None:
        return False
    claim = OutboxEmail.objects.filter(pk=email.pk, status=Status.SENDING, claimed_at=email.claimed_at)
    try:
        EmailMessage(
            email.subject,
            email.body,
            settings.DEFAULT_FROM_EMAIL,
            [email.to_address],
            # The outbox row, so a mail server's log (and the fault tests) can tell a re-send from a new e-mail.
            headers={OUTBOX_HEADER: str(email.pk)},
        ).send()
    except Exception as error:  # SMTP, socket and timeout errors vary by backend; each is a failed attempt
        _record_failure(email, claim, error)
        return False
    now = timezone.now()
    with transaction.atomic():
        claim.update(status=Status.SENT, sent_at=now, last_error="")
        if email.notification_id:
            Notification.objects.filter(pk=email.notification_id, emailed_at__isnull=True).update(emailed_at=now)
    return True


def _record_failure(email, claim, error) -> None:
    message = f"{type(error).__name__}: {error}"[:1000]
    if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        claim.update(status=Status.FAILED, last_error=message)
        logger.error("E-mail %s failed %s times; giving up: %s", email.pk, email.attempts, message)
        return
    retry_at = timezone.now() + retry_delay(email.attempts)
    claim.update(status=Status.PENDING, next_attempt_at=retry_at, last_error=message)
    logger.warning("E-mail %s not sent (attempt %s), next try at %s: %s", email.pk, email.attempts, retry_at, message)


def due_email_ids(*, limit: int) -> list[int]:
    now = timezone.now()
    return list(
        OutboxEmail.objects.due(now=now, claim_expired_before=_claim_expired_before(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def drain_outbox(*, limit: int | None = None) -> dict:
    """The sweep: send up to `limit` due e-mails, one at a time, each claimed and recorded on its own.

    Bounded so a run fits well inside the broker's visibility timeout even when every send waits for
    EMAIL_TIMEOUT; a run killed part-way leaves the rest for the next, and a redelivered run finds the rows
    already sent no longer due.
    """
    sent = failed = 0
    for email_id in due_email_ids(limit=limit or settings.OUTBOX_SWEEP_BATCH):
        if send_outbox_email(email_id):
            sent += 1
        else:
            failed += 1
    return {"sent": sent, "not_sent": failed}
