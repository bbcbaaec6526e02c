"""The e-mail outbox: every e-mail Caseworks sends is first a row here, written in the same transaction as
the change that causes it, then sent by a worker after commit.

A broker or mail server outage therefore delays e-mail but never loses it: the periodic sweep sends what is
still pending. Each row is claimed (status SENDING, in a short transaction) before the mail server is
contacted, so two workers never send the same row at once.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxEmailQuerySet(models.QuerySet):
    def due(self, *, now, claim_expired_before):
        """Rows to send now: pending ones whose back-off has passed, and ones whose sender vanished mid-send
        (claimed longer ago than the claim lasts: the worker died or lost its database)."""
        return self.filter(
            Q(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxEmail.Status.SENDING, claimed_at__lt=claim_expired_before)
        )


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: gave up"

    to_address = models.EmailField(max_length=254)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    notification = models.OneToOneField(
        "supervision.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email",
        help_text="The notification this e-mail tells the recipient about: one e-mail per notification.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last started sending it.")
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outbox e-mail"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_sent_at"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False), name="outbox_sending_is_claimed"
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_address} ({self.get_status_display()})"
