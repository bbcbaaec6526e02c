"""Multi-agency work: referrals to other agencies, the MAPPA escalation queue, and MAPPA meetings."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class EscalationQuerySet(models.QuerySet):
    def unresolved(self):
        return self.exclude(status=Escalation.Status.CLOSED)

    def overdue_on(self, day: date):
        """Unresolved escalations whose due date has passed: nobody has settled the dispute in time."""
        return self.unresolved().filter(due_on__lt=day)

    def for_queue(self, user, *, level):
        """The manager's queue: their unresolved escalations at this level, on cases they may see."""
        from supervision.permissions import cases_visible_to

        return (
            self.unresolved()
            .filter(assigned_to=user, level=level, referral__case__in=cases_visible_to(user))
            .select_related("referral__case", "referral__created_by", "assigned_to")
            .order_by("due_on", "pk")
        )


class Escalation(models.Model):
    """A dispute over a rejected MAPPA referral, in a manager's queue.

    A referral reaches each level at most once (the unique constraint): a retried task, a second worker
    or a repeated sweep can never put the same rejection in a queue twice.
    """

    class Level(models.TextChoices):
        LINE_MANAGER = "SPO", "Line manager"
        HEAD_OF_PUBLIC_PROTECTION = "HOPP", "Head of Public Protection"

    class Status(models.TextChoices):
        OPEN = "OPEN", "Open"
        MORE_INFORMATION = "INFO", "More information requested"
        CLOSED = "CLOSED", "Closed"

    class Resolution(models.TextChoices):
        REJECTION_ACCEPTED = "ACCEPTED", "Rejection accepted"
        ESCALATED = "ESCALATED", "Escalated to Head of Public Protection"
        STEPPED_UP = "STEPPED_UP", "Not acted on in time: escalated to Head of Public Protection"
        REJECTION_UPHELD = "UPHELD", "Rejection upheld"
        # Before MAPPA co-ordinators recorded decisions, the Head of Public Protection overturned rejections
        # directly; older escalations keep that resolution. Now they dispute, and the co-ordinator revises.
        OVERTURNED = "OVERTURNED", "Rejection overturned"
        DISPUTED = "DISPUTED", "Rejection disputed: meeting held with the MAPPA co-ordinator"

    referral = models.ForeignKey("mappa.Referral", on_delete=models.PROTECT, related_name="escalations")
    level = models.CharField(max_length=4, choices=Level.choices)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next",
        help_text="The line manager's escalation this one came from.",
    )
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escalations")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    due_on = models.DateField()
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    rationale = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "level"], name="one_escalation_per_referral_and_level"),
            models.CheckConstraint(
                condition=Q(status="CLOSED", resolved_at__isnull=False) | (~Q(status="CLOSED") & Q(resolution="")),
                name="escalation_closed_with_resolution_time",
            ),
            # Closed says how; open has nothing about a closing (who closed it is empty for the automatic step-up).
            models.CheckConstraint(
                condition=Q(status="CLOSED") & ~Q(resolution="")
                | Q(resolved_at__isnull=True, resolved_by__isnull=True, rationale="") & ~Q(status="CLOSED"),
                name="escalation_closed_says_how",
            ),
            # Each level closes its own way: the line manager accepts or escalates, the Head of Public
            # Protection upholds or disputes (overturned: older escalations).
            models.CheckConstraint(
                condition=Q(resolution="")
                | Q(level="SPO", resolution__in=["ACCEPTED", "ESCALATED", "STEPPED_UP"])
                | Q(level="HOPP", resolution__in=["UPHELD", "OVERTURNED", "DISPUTED"]),
                name="escalation_resolution_fits_its_level",
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} escalation of {self.referral}"

    def is_overdue_on(self, day: date) -> bool:
        return self.status != self.Status.CLOSED and self.due_on < day
