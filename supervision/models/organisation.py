"""Where staff sit (region, PDU, team) and what their role is."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Region(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PDU(models.Model):
    """A Probation Delivery Unit within a region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="pdus")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "probation delivery unit"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_pdu_name_in_region")]

    def __str__(self):
        return self.name


class Team(models.Model):
    pdu = models.ForeignKey(PDU, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["pdu", "name"], name="unique_team_name_in_pdu")]

    def __str__(self):
        return f"{self.name} ({self.pdu})"


class StaffProfile(models.Model):
    """A member of staff: grade, team, line manager, and absence (for routing work to cover)."""

    class Grade(models.TextChoices):
        PSO = "PSO", "Probation Services Officer"
        PO = "PO", "Probation Officer"
        SPO = "SPO", "Senior Probation Officer"
        HOPP = "HOPP", "Head of Public Protection"
        ADMIN = "ADMIN", "Administrator"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    grade = models.CharField(max_length=5, choices=Grade.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text="For a Head of Public Protection: the region they lead. Others take it from their team.",
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputising_for",
        help_text="Who takes this person's escalations while they are absent.",
    )
    absent_from = models.DateField(null=True, blank=True)
    absent_until = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(absent_from__isnull=True)
                | Q(absent_until__isnull=True)
                | Q(absent_until__gte=F("absent_from")),
                name="staff_absence_ends_after_it_starts",
            ),
            # An absence has a first day; an end date alone would mean nothing to the routing.
            models.CheckConstraint(
                condition=Q(absent_until__isnull=True) | Q(absent_from__isnull=False),
                name="staff_absence_end_needs_a_start",
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.get_grade_display()})"

    def is_absent_on(self, day: date) -> bool:
        if self.absent_from is None:
            return False
        return self.absent_from <= day and (self.absent_until is None or day <= self.absent_until)

    @property
    def effective_region_id(self):
        if self.region_id:
            return self.region_id
        return self.team.pdu.region_id if self.team_id else None
