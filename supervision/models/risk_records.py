"""What the responsible officer records about risk beyond contacts: relationship disclosures, acute risk
factors and risk flag reviews. Each row is history in its own right and appears on the chronology."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class AcuteRiskFactorQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(reviewed_at__isnull=True)


class AcuteRiskFactor(models.Model):
    """A sudden change that raises risk now (e.g. a new relationship with a pregnant, vulnerable partner).

    While one is awaiting review the case shows a banner prompting the RO to review the contact level and
    consider safeguarding referrals; the banner goes when the RO or a manager records that review.
    """

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="acute_risk_factors")
    description = models.TextField()
    identified_on = models.DateField()
    key_individual = models.ForeignKey(
        "supervision.KeyIndividual",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acute_risk_factors",
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_notes = models.TextField(blank=True)
    # Raised by one on each edit; an edit form saved from an older version is refused (caseworks.submissions).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = AcuteRiskFactorQuerySet.as_manager()

    class Meta:
        ordering = ["-identified_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, reviewed_by__isnull=True)
                | Q(reviewed_at__isnull=False, reviewed_by__isnull=False),
                name="acute_risk_factor_review_has_reviewer",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="acute_risk_factor_has_a_description"),
            # The review records what was decided about contact level and referrals; the banner goes with it.
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, review_notes="")
                | Q(reviewed_at__isnull=False) & ~Q(review_notes=""),
                name="acute_risk_factor_review_has_notes",
            ),
        ]

    def __str__(self):
        return f"Acute risk factor on {self.case_id} identified {self.identified_on}"

    @property
    def is_awaiting_review(self):
        return self.reviewed_at is None


class RelationshipDisclosure(models.Model):
    """A new or developing relationship the RO has learned of, and whether the person disclosed it as
    the "disclose developing relationships" condition requires."""

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="relationship_disclosures")
    key_individual = models.ForeignKey(
        "supervision.KeyIndividual", on_delete=models.PROTECT, related_name="relationship_disclosures"
    )
    learned_on = models.DateField(help_text="The date the RO learned of the relationship.")
    is_disclosed_by_person = models.BooleanField(
        "disclosed by the person", help_text="Whether the person on probation disclosed it as their licence requires."
    )
    source = models.CharField(max_length=200, blank=True, help_text="How the RO learned of it, if not from the person.")
    notes = models.TextField(blank=True)
    acute_risk_factor = models.OneToOneField(
        AcuteRiskFactor, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosure"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-learned_on", "-pk"]

    def __str__(self):
        return f"Relationship with {self.key_individual} learned of on {self.learned_on}"


class RiskFlagReview(models.Model):
    """One review of a risk flag: when, by whom, what was concluded and when the next review is due."""

    risk_flag = models.ForeignKey("supervision.RiskFlag", on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    next_review_on = models.DateField()
    notes = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=models.F("reviewed_on")), name="risk_flag_next_review_after_review"
            )
        ]

    def __str__(self):
        return f"Review of {self.risk_flag_id} on {self.reviewed_on}"
