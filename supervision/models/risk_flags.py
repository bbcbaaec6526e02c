"""Risk registrations on a case (MAPPA, domestic abuse perpetrator, ...), reviewed on a cycle."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from supervision.models.cases import Case


class RiskFlagType(models.Model):
    """Reference data: the kinds of risk registration (MAPPA, domestic abuse perpetrator, ...)."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=100)
    review_every_months = models.PositiveSmallIntegerField(default=6)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RiskFlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_on__isnull=True)

    def overdue(self, *, on):
        """Open flags whose review date has passed: shown as "overdue" until a review is recorded."""
        return self.open().filter(next_review_on__lt=on)


class RiskFlag(models.Model):
    """A risk registration on a case, reviewed on a cycle; overdue when the review date has passed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="risk_flags")
    flag_type = models.ForeignKey(RiskFlagType, on_delete=models.PROTECT, related_name="flags")
    started_on = models.DateField()
    next_review_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    # Empty while the flag is open, and for flags ended before who ended them was kept.
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one on each edit; an edit form saved from an older version is refused (caseworks.submissions).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = RiskFlagQuerySet.as_manager()

    class Meta:
        ordering = ["next_review_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="risk_flag_ends_after_it_starts",
            ),
            # Ended means ended with a reason, and only then. (Who ended it is left out: rows ended before
            # that was kept have nobody, and the admin, where it is read-only, could not check it.)
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="") | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="risk_flag_ended_with_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(next_review_on__gte=F("started_on")), name="risk_flag_review_after_start"
            ),
            models.UniqueConstraint(
                fields=["case", "flag_type"], condition=Q(ended_on__isnull=True), name="one_open_flag_per_type"
            ),
        ]

    def __str__(self):
        return f"{self.flag_type} on {self.case.crn}"

    def is_overdue_on(self, day):
        return self.ended_on is None and self.next_review_on < day
