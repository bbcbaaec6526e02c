"""The audit of who looked at or changed which case: one row per case-page view, change, export or refused access.

Append-only: no service updates or deletes a row, and on PostgreSQL a trigger refuses UPDATE and DELETE from the
application's role (the squashed migration 0001). The user and the case are kept without foreign-key constraints, so
a row outlives the account or the case it names (the username and CRN are kept as text for the same reason).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet):
    def between(self, start, end):
        """Events from the start of day `start` to the end of day `end` (UK days), either bound optional."""
        queryset = self
        if start:
            queryset = queryset.filter(at__date__gte=start)
        if end:
            queryset = queryset.filter(at__date__lte=end)
        return queryset


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "VIEW", "Viewed"
        CHANGE = "CHANGE", "Changed"
        EXPORT = "EXPORT", "Exported"
        REFUSED = "REFUSED", "Refused"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=7, choices=Action.choices)
    is_allowed = models.BooleanField()
    case = models.ForeignKey(
        "supervision.Case",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    case_crn = models.CharField("CRN", max_length=20, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    url_name = models.CharField("page", max_length=200, blank=True)
    path = models.CharField(max_length=2000)
    method = models.CharField(max_length=10)
    status_code = models.PositiveSmallIntegerField()
    address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=16, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case", "-at"], name="audit_case_at"),
            models.Index(fields=["case_crn", "-at"], name="audit_crn_at"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
            models.Index(fields=["username", "-at"], name="audit_username_at"),
        ]
        constraints = [
            # Refused and allowed are one fact, said twice for the reader: they must agree.
            models.CheckConstraint(
                condition=Q(action="REFUSED", is_allowed=False) | (~Q(action="REFUSED") & Q(is_allowed=True)),
                name="audit_refused_is_not_allowed",
            ),
        ]

    def __str__(self):
        who = self.username or "anonymous"
        return f"{who} {self.get_action_display().lower()} {self.path} at {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def milliseconds(self) -> str:
        return f"{self.at.microsecond // 1000:03d}"
