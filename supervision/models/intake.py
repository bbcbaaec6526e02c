"""Intake and allocation: who put a case with which team and officer, when and why.

An allocation record is written for every move of a case between officers and teams: opening it (into its
team's allocation queue), allocating it from the queue, and transferring it to another officer or team. The
rows are append-only (a PostgreSQL trigger refuses UPDATE and DELETE, as for the audit), so the case's
allocation history can be read from them whatever happens to the case later.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CaseAllocation(models.Model):
    class Kind(models.TextChoices):
        OPENED = "OPENED", "Case opened"
        ALLOCATED = "ALLOCATED", "Allocated"
        TRANSFERRED_OFFICER = "TRANSFER_OFFICER", "Transferred to another officer"
        TRANSFERRED_TEAM = "TRANSFER_TEAM", "Transferred to another team"

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="allocations")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_team = models.ForeignKey("supervision.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_team = models.ForeignKey("supervision.Team", on_delete=models.PROTECT, related_name="+")
    from_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Empty when the case goes into the receiving team's allocation queue.
    to_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="case_allocation_has_a_reason"),
            # Opening has no "from"; every other move starts from the team the case was in.
            models.CheckConstraint(
                condition=Q(kind="OPENED", from_team__isnull=True, from_officer__isnull=True)
                | ~Q(kind="OPENED") & Q(from_team__isnull=False),
                name="case_allocation_from_matches_kind",
            ),
            # Allocating and moving to another officer name the officer; a case is opened into the queue.
            models.CheckConstraint(
                condition=Q(kind__in=["ALLOCATED", "TRANSFER_OFFICER"], to_officer__isnull=False)
                | Q(kind="OPENED", to_officer__isnull=True)
                | Q(kind="TRANSFER_TEAM"),
                name="case_allocation_officer_matches_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="TRANSFER_OFFICER") | Q(from_team=models.F("to_team")),
                name="case_allocation_officer_transfer_stays_in_team",
            ),
            models.CheckConstraint(
                condition=~Q(kind="TRANSFER_TEAM") | ~Q(from_team=models.F("to_team")),
                name="case_allocation_team_transfer_changes_team",
            ),
        ]
        indexes = [models.Index(fields=["case", "at"], name="case_allocation_case_at")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.case_id} at {self.at:%Y-%m-%d %H:%M}"
