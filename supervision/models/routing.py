"""Work Caseworks could not route to anyone: no line manager, cover or Head of Public Protection was
available and able to see the case. Administrators and Heads of Public Protection see these on a page."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class UnroutedItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class UnroutedItem(models.Model):
    """One row per item of work nobody could be found for. Open rows are unique per item, so a sweep that
    tries again and still finds nobody adds nothing; routing it later resolves the row."""

    class Kind(models.TextChoices):
        ENDORSEMENT_REQUEST = "endorsement", "MAPPA referral waiting for endorsement"
        REJECTED_REFERRAL = "rejected-referral", "Rejected MAPPA referral to escalate"
        ESCALATION_STEP_UP = "step-up", "Overdue MAPPA escalation to step up"
        OVERDUE_CONTACT_ALERT = "overdue-alert", "Overdue contact alert for a line manager"
        MAPPA_REFERRAL_FOR_COORDINATOR = "coordinator", "MAPPA referral for the MAPPA co-ordinator"
        RECALL_ENDORSEMENT = "recall-endorsement", "Recall recommendation waiting for endorsement"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_key = models.CharField(max_length=100, help_text="What it is about, e.g. 'referral:42'.")
    case = models.ForeignKey(
        "supervision.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="unrouted_items"
    )
    reason = models.TextField(help_text="Who was tried and why none of them could take it.")
    url = models.CharField(max_length=300, blank=True, help_text="Path of the page to act on.")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when Caseworks routed it itself on a later run.",
    )

    objects = UnroutedItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key"], condition=Q(resolved_at__isnull=True), name="one_open_unrouted_item"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.object_key})"
