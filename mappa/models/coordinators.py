"""The MAPPA unit's seat in Caseworks: a co-ordinator for a PDU or a region, the decisions they record on MAPPA
referrals, and the meeting at which a Head of Public Protection disputes a rejection with them.

A referral keeps its current decision on the referral row (the workflow's CHECK constraints read it there); each
decision the co-ordinator records is also a row here, so a revised decision never overwrites the first one and
the referral page shows both, with the dispute meeting between them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from mappa.models.referrals import Referral


class MappaCoordinatorQuerySet(models.QuerySet):
    def covering(self, case):
        """The co-ordinators whose area holds the case's team: its PDU's, then its region's."""
        pdu = case.team.pdu
        return self.filter(Q(pdu_id=pdu.pk) | Q(region_id=pdu.region_id)).select_related("user__profile")


class MappaCoordinator(models.Model):
    """Where a member of staff with the MAPPA co-ordinator role sits: one PDU or one whole region, never both.
    An administrator sets it in the admin; the role itself is granted by a superuser (a privileged role)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mappa_coordinator")
    pdu = models.ForeignKey(
        "supervision.PDU",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mappa_coordinators",
        verbose_name="probation delivery unit",
    )
    region = models.ForeignKey(
        "supervision.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="mappa_coordinators"
    )
    history = HistoricalRecords()

    objects = MappaCoordinatorQuerySet.as_manager()

    class Meta:
        verbose_name = "MAPPA co-ordinator"
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            # An area is a PDU or a region: exactly one of the two.
            models.CheckConstraint(
                condition=Q(pdu__isnull=False, region__isnull=True) | Q(pdu__isnull=True, region__isnull=False),
                name="mappa_coordinator_covers_a_pdu_or_a_region",
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username}, MAPPA co-ordinator for {self.area}"

    @property
    def area(self):
        return self.pdu or self.region


class DisputeMeeting(models.Model):
    """The meeting a Head of Public Protection held with the MAPPA co-ordinator to dispute a rejection: when,
    who attended and what was considered. Recording it closes the Head of Public Protection's escalation and
    puts the referral back with the co-ordinator for a revised decision."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="dispute_meeting")
    escalation = models.OneToOneField("mappa.Escalation", on_delete=models.PROTECT, related_name="dispute_meeting")
    held_on = models.DateField()
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="MAPPA co-ordinator"
    )
    attendees = models.TextField("Who attended")
    considered = models.TextField("What was considered")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(attendees="") & ~Q(considered=""), name="dispute_meeting_says_who_and_what"
            ),
        ]

    def __str__(self):
        return f"Dispute meeting on {self.held_on:%-d %B %Y} about {self.referral}"


class MappaDecision(models.Model):
    """One decision by the MAPPA co-ordinator: the first, and (after a dispute meeting) the revised one."""

    class Stage(models.TextChoices):
        FIRST = "FIRST", "First decision"
        REVISED = "REVISED", "Revised decision after the dispute meeting"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="mappa_decisions")
    stage = models.CharField(max_length=7, choices=Stage.choices)
    decision = models.CharField(max_length=4, choices=Referral.Decision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    dispute_meeting = models.ForeignKey(
        DisputeMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="revised_decisions"
    )

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "stage"], name="one_mappa_decision_per_stage"),
            # A revised decision follows a dispute meeting; a first decision has none.
            models.CheckConstraint(
                condition=Q(stage="FIRST", dispute_meeting__isnull=True)
                | Q(stage="REVISED", dispute_meeting__isnull=False),
                name="mappa_decision_revised_after_a_meeting",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["ACC2", "ACC3", "REJ1", "REJN"]) & ~Q(reason=""),
                name="mappa_decision_is_a_decision_with_reasons",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} on {self.referral}"
