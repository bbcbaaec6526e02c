"""Multi-agency work: referrals to other agencies, the MAPPA escalation queue, and MAPPA meetings."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from mappa.models.agencies import Agency
from mappa.models.referrals import Referral


class MappaMeeting(models.Model):
    """A MAPPA level 2 or 3 meeting about a case."""

    class EnforcementDecision(models.TextChoices):
        NONE = "", "No enforcement decision"
        WARNING = "WARNING", "Warning"
        FINAL_WARNING = "FINAL", "Final warning"
        RECALL = "RECALL", "Recall recommended"
        BREACH = "BREACH", "Breach proceedings"

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="mappa_meetings")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    held_on = models.DateField()
    level = models.PositiveSmallIntegerField(choices=[(2, "Level 2"), (3, "Level 3")])
    chair = models.CharField(max_length=150)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="meetings")
    attendees = models.TextField(help_text="People present, one per line, with their role.")
    information_shared = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    enforcement_decision = models.CharField(
        max_length=7, choices=EnforcementDecision.choices, blank=True, help_text="Enforcement the meeting decided on."
    )
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one on each amendment (of the meeting or its actions); an amendment form saved from an older
    # version is refused (caseworks.submissions).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=F("held_on")),
                name="mappa_meeting_review_after_meeting",
            ),
            models.CheckConstraint(condition=Q(level__in=[2, 3]), name="mappa_meeting_level_2_or_3"),
        ]

    def __str__(self):
        return f"MAPPA level {self.level} meeting on {self.held_on:%d %b %Y} ({self.case.crn})"


class MappaActionQuerySet(models.QuerySet):
    def overdue_on(self, day: date):
        """Actions not done by their due date."""
        return self.filter(done_on__isnull=True, due_on__lt=day)

    def due_by(self, day: date):
        """Actions not done that are due on or before `day`: overdue ones and those coming up."""
        return self.filter(done_on__isnull=True, due_on__lte=day)


class MappaAction(models.Model):
    """An action in the meeting's risk management plan, with an owner and a due date."""

    meeting = models.ForeignKey(MappaMeeting, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    owner_name = models.CharField(max_length=150, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="mappa_actions"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    # Who marked it done: the owner, or the case's officer or manager recording it on the owner's behalf.
    done_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MappaActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_agency__isnull=False) | Q(owner_user__isnull=False) | ~Q(owner_name=""),
                name="mappa_action_has_an_owner",
            )
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def owner_display(self):
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.username
        parts = [p for p in (self.owner_name, self.owner_agency.name if self.owner_agency_id else "") if p]
        return ", ".join(parts)

    def is_overdue_on(self, day: date) -> bool:
        return self.done_on is None and self.due_on < day
