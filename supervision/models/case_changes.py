"""Changes to a case's details, each with who, when, why and the old and new values; and the case's addresses.

Both tables are append-only (a PostgreSQL trigger refuses UPDATE and DELETE): a wrong change is put right by a
further change with its own reason, never by rewriting the first. The current values stay on `Case` (the contact
rules, caseloads and identity bar read them there); these rows are the history and the chronology.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class CaseChange(models.Model):
    """One change to a case: what changed (old and new values), the day it took effect, who made it and why."""

    class Kind(models.TextChoices):
        ADDRESS_MOVE = "ADDRESS_MOVE", "Moved address"
        ADDRESS_CORRECTION = "ADDRESS_FIX", "Address corrected"
        ROSH = "ROSH", "RoSH reassessed"
        TIER = "TIER", "Tier changed"
        MAPPA = "MAPPA", "MAPPA category and level changed"
        SUPERVISION = "SUPERVISION", "Supervision type and dates changed"
        LICENCE_VARIATION = "VARIATION", "Licence varied"
        CLOSED = "CLOSED", "Case closed"
        RECALLED = "RECALLED", "Recalled to custody"
        REOPENED = "REOPENED", "Case reopened"

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    changes = models.JSONField(default=dict, blank=True, help_text='{"field": {"from": old, "to": new}, ...}')
    effective_on = models.DateField(help_text="The day the change took effect: the move, assessment or closure.")
    reason = models.TextField()
    # For a licence variation: who authorised it (the releasing prison's governor, the Parole Board, ...).
    authorised_by = models.CharField(max_length=200, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["case", "changed_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="case_change_has_a_reason"),
            models.CheckConstraint(
                condition=~Q(kind="VARIATION") | ~Q(authorised_by=""), name="case_change_variation_is_authorised"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.case_id} at {self.changed_at:%Y-%m-%d %H:%M}"


class CaseAddressQuerySet(models.QuerySet):
    def standing(self):
        """Addresses as they stand: each residence in its latest wording (a corrected row is left out)."""
        return self.filter(corrected_by__isnull=True)


class CaseAddress(models.Model):
    """Where the person lived from a day: a move adds a row with its own start; a correction adds a row that
    amends the one it corrects (same residence, same start), so the typo and its fix both stay on record."""

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="addresses")
    address = models.TextField()
    postcode = models.CharField(max_length=10, blank=True)
    starts_on = models.DateField()
    is_approved_premises = models.BooleanField("approved premises", default=False)
    approved_premises_ends_on = models.DateField("expected to leave approved premises on", null=True, blank=True)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    change = models.OneToOneField(
        CaseChange, on_delete=models.PROTECT, null=True, blank=True, related_name="address_record"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseAddressQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(address=""), name="case_address_is_not_empty"),
            # Approved premises are a stay with an expected end; an ordinary address has none.
            models.CheckConstraint(
                condition=Q(is_approved_premises=True, approved_premises_ends_on__isnull=False)
                | Q(is_approved_premises=False, approved_premises_ends_on__isnull=True),
                name="case_address_approved_premises_have_an_end",
            ),
            models.CheckConstraint(
                condition=Q(approved_premises_ends_on__isnull=True) | Q(approved_premises_ends_on__gt=F("starts_on")),
                name="case_address_approved_premises_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.address.splitlines()[0] if self.address else ''} from {self.starts_on} ({self.case_id})"
