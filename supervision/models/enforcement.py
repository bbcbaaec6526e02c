"""Enforcement: what the officer decided to do about non-compliance, on what evidence, and recall.

An enforcement decision is the officer's response to failures to comply: no further action, a warning, a final
warning, breach proceedings (community and suspended sentence orders) or a recall recommendation (licences and
post-sentence supervision). It links its evidence by pointing at the rows that hold it (allegations, failed or
missed appointments and programme sessions, police intelligence) and says why, and a recall also says which
alternatives were considered. Decisions are append-only: a decision later thought wrong is answered by another
decision, not edited.

A recall needs two more people: the line manager endorses the recommendation and the Head of Public Protection
countersigns it; nobody endorses or countersigns their own recommendation (CHECK constraints, as well as the
service). Only after countersignature is it "requested"; confirming it sets the case to recalled through
`supervision.services.closure.record_recall`. The recall and its workflow, data keyed by action
(`RECALL_TRANSITIONS`), are in `supervision.models.recalls`.

An unacceptable absence needs an enforcement decision within the number of days `EnforcementPolicy` gives; the
background job raises one `AbsenceDecisionFlag` per absence and due date (a unique constraint, so a repeat run or
a second worker adds nothing), tells the officer, and later the line manager.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

# Recall.Kind.EMERGENCY (supervision/models/recalls.py, which builds on this module).
EMERGENCY = "EMERGENCY"


class EnforcementPolicy(models.Model):
    """The deadlines administrators configure (one row). Read through `EnforcementPolicy.current()`."""

    unacceptable_absence_decision_days = models.PositiveSmallIntegerField(
        "days to decide on an unacceptable absence",
        default=7,
        help_text="An unacceptable absence needs an enforcement decision within this many days of being judged "
        "unacceptable.",
    )
    tell_line_manager_after_days = models.PositiveSmallIntegerField(
        "days overdue before the line manager is told", default=3
    )
    warning_in_force_days = models.PositiveSmallIntegerField(
        "days a warning stays in force", default=365, help_text="A warning or final warning counts for this long."
    )
    standard_recall_endorse_hours = models.PositiveSmallIntegerField(
        "hours to endorse a standard or fixed-term recall", default=24
    )
    standard_recall_countersign_hours = models.PositiveSmallIntegerField(
        "hours to countersign a standard or fixed-term recall", default=24
    )
    emergency_recall_endorse_hours = models.PositiveSmallIntegerField("hours to endorse an emergency recall", default=2)
    emergency_recall_countersign_hours = models.PositiveSmallIntegerField(
        "hours to countersign an emergency recall", default=2
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "enforcement policy"
        verbose_name_plural = "enforcement policy"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="enforcement_policy_is_one_row"),
            models.CheckConstraint(
                condition=Q(unacceptable_absence_decision_days__gte=1) & Q(warning_in_force_days__gte=1),
                name="enforcement_policy_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(emergency_recall_endorse_hours__lte=F("standard_recall_endorse_hours"))
                & Q(emergency_recall_countersign_hours__lte=F("standard_recall_countersign_hours"))
                & Q(emergency_recall_endorse_hours__gte=1)
                & Q(emergency_recall_countersign_hours__gte=1),
                name="enforcement_policy_emergency_recall_is_quicker",
            ),
        ]

    def __str__(self):
        return "Enforcement policy"

    @classmethod
    def current(cls) -> "EnforcementPolicy":
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy

    def endorse_within(self, recall_kind: str) -> timedelta:
        emergency = recall_kind == EMERGENCY
        return timedelta(hours=self.emergency_recall_endorse_hours if emergency else self.standard_recall_endorse_hours)

    def countersign_within(self, recall_kind: str) -> timedelta:
        emergency = recall_kind == EMERGENCY
        hours = self.emergency_recall_countersign_hours if emergency else self.standard_recall_countersign_hours
        return timedelta(hours=hours)


class EnforcementDecisionQuerySet(models.QuerySet):
    def warnings(self):
        return self.filter(kind__in=EnforcementDecision.WARNING_KINDS)

    def warnings_in_force(self, *, on):
        """Warnings and final warnings given on or before `on` that still count on that day."""
        return self.warnings().filter(decided_on__lte=on, in_force_until__gte=on)

    def recalls(self):
        return self.filter(kind__in=EnforcementDecision.RECALL_KINDS)


class EnforcementDecision(models.Model):
    """The officer's decision on non-compliance, with its evidence and rationale. Append-only."""

    class Kind(models.TextChoices):
        NO_FURTHER_ACTION = "NFA", "No further action"
        WARNING = "WARNING", "Warning"
        FINAL_WARNING = "FINAL", "Final warning"
        # Community and suspended sentence orders: the case goes back to court.
        BREACH = "BREACH", "Breach proceedings"
        # Licences and post-sentence supervision: a recommendation, which needs endorsement and countersignature.
        RECALL_STANDARD = "RECALL_STD", "Recall – standard"
        RECALL_FIXED_TERM = "RECALL_FT", "Recall – fixed-term"
        RECALL_EMERGENCY = "RECALL_EM", "Recall – emergency"

    WARNING_KINDS = (Kind.WARNING, Kind.FINAL_WARNING)
    RECALL_KINDS = (Kind.RECALL_STANDARD, Kind.RECALL_FIXED_TERM, Kind.RECALL_EMERGENCY)
    # Which decisions each kind of supervision allows (the service checks; the case's type is not on this row).
    LICENCE_KINDS = (Kind.NO_FURTHER_ACTION, *WARNING_KINDS, *RECALL_KINDS)
    ORDER_KINDS = (Kind.NO_FURTHER_ACTION, Kind.WARNING, Kind.FINAL_WARNING, Kind.BREACH)

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="enforcement_decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    decided_on = models.DateField()
    rationale = models.TextField("why this decision")
    alternatives_considered = models.TextField(
        "alternatives to recall considered", blank=True, help_text="Required for a recall."
    )
    # A warning counts until this day (decided_on + the policy's days when given); null for other kinds.
    in_force_until = models.DateField(null=True, blank=True)
    # The evidence.
    allegations = models.ManyToManyField("supervision.Allegation", blank=True, related_name="enforcement_decisions")
    contacts = models.ManyToManyField(
        "supervision.Contact",
        blank=True,
        related_name="enforcement_decisions",
        help_text="Failed or missed appointments and programme sessions, and unacceptable absences.",
    )
    police_intelligence = models.ManyToManyField(
        "supervision.PoliceIntelligence", blank=True, related_name="enforcement_decisions"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[])

    objects = EnforcementDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["case", "kind", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["NFA", "WARNING", "FINAL", "BREACH", "RECALL_STD", "RECALL_FT", "RECALL_EM"]),
                name="enforcement_decision_kind_known",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="enforcement_decision_has_a_rationale"),
            models.CheckConstraint(
                condition=~Q(kind__in=["RECALL_STD", "RECALL_FT", "RECALL_EM"]) | ~Q(alternatives_considered=""),
                name="enforcement_recall_considers_alternatives",
            ),
            # A warning is in force for a period that starts when it is given; nothing else has one.
            models.CheckConstraint(
                condition=Q(kind__in=["WARNING", "FINAL"], in_force_until__gt=F("decided_on"))
                | (~Q(kind__in=["WARNING", "FINAL"]) & Q(in_force_until__isnull=True)),
                name="enforcement_warning_in_force_for_a_period",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.case_id}, {self.decided_on}"

    @property
    def is_recall(self) -> bool:
        return self.kind in self.RECALL_KINDS

    @property
    def is_warning(self) -> bool:
        return self.kind in self.WARNING_KINDS

    def is_in_force_on(self, day) -> bool:
        return self.is_warning and self.decided_on <= day <= self.in_force_until


class AbsenceDecisionFlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class AbsenceDecisionFlag(models.Model):
    """An unacceptable absence still waiting for an enforcement decision past its due day. Raised by the job; one per
    absence and due day (a unique constraint), closed when a decision links the absence, the outcome is amended, or
    the case ends."""

    class Resolution(models.TextChoices):
        DECIDED = "DECIDED", "Enforcement decision recorded"
        OUTCOME_AMENDED = "AMENDED", "Outcome amended: no longer an unacceptable absence"
        CASE_CLOSED = "CASE_CLOSED", "Case closed"

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="absence_decision_flags")
    contact = models.ForeignKey("supervision.Contact", on_delete=models.PROTECT, related_name="absence_decision_flags")
    due_on = models.DateField(help_text="The day the enforcement decision was due.")
    opened_on = models.DateField(help_text="The day the job first found it outstanding.")
    created_at = models.DateTimeField(auto_now_add=True)
    officer_notified_at = models.DateTimeField(null=True, blank=True)
    line_manager_notified_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=11, choices=Resolution.choices, blank=True)
    decision = models.ForeignKey(
        EnforcementDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="absence_flags"
    )

    objects = AbsenceDecisionFlagQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "due_on"], name="one_absence_decision_flag_per_due_day"),
            models.CheckConstraint(condition=Q(opened_on__gt=F("due_on")), name="absence_flag_opened_after_due"),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolution="")
                | (Q(resolved_at__isnull=False) & Q(resolution__in=["DECIDED", "AMENDED", "CASE_CLOSED"])),
                name="absence_flag_resolved_with_when_and_why",
            ),
            models.CheckConstraint(
                condition=Q(resolution="DECIDED", decision__isnull=False)
                | (~Q(resolution="DECIDED") & Q(decision__isnull=True)),
                name="absence_flag_decision_only_when_decided",
            ),
        ]

    def __str__(self):
        return f"Enforcement decision due {self.due_on} on contact {self.contact_id}"
