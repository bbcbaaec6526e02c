"""Multi-agency work: referrals to other agencies, the MAPPA escalation queue, and MAPPA meetings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Agency(models.Model):
    """Reference data: an agency Caseworks refers to or liaises with."""

    class Kind(models.TextChoices):
        POLICE = "POLICE", "Police"
        CHILDRENS_SOCIAL_CARE = "CSC", "Children's social care"
        ADULT_SOCIAL_CARE = "ASC", "Adult social care"
        MARAC = "MARAC", "MARAC"
        MAPPA_UNIT = "MAPPA", "MAPPA unit"
        VICTIM_LIAISON = "VLU", "Victim liaison unit"
        HEALTH = "HEALTH", "Health"
        HOUSING = "HOUSING", "Housing"
        OTHER = "OTHER", "Other"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class Referral(models.Model):
    """A referral from a case to another agency, and that agency's response or decision."""

    class Kind(models.TextChoices):
        MAPPA_LEVEL_2 = "MAPPA2", "MAPPA level 2"
        MAPPA_LEVEL_3 = "MAPPA3", "MAPPA level 3"
        MARAC = "MARAC", "MARAC"
        CHILDRENS_SOCIAL_CARE = "CSC", "Children's social care"
        ADULT_SAFEGUARDING = "ASG", "Adult safeguarding"
        POLICE_INTELLIGENCE = "POLINT", "Police intelligence check"
        POLICE_DOMESTIC_ABUSE = "POLDA", "Police domestic abuse check"
        DVDS = "DVDS", "Clare's Law / DVDS disclosure"
        OTHER = "OTHER", "Other agency"

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draft"
        AWAITING_ENDORSEMENT = "AWAITING", "Awaiting line manager endorsement"
        SENT = "SENT", "Sent"
        ACKNOWLEDGED = "ACK", "Acknowledged"
        ACCEPTED = "ACCEPTED", "Accepted"
        REJECTED = "REJECTED", "Rejected"
        RESPONDED = "RESPONDED", "Response received"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    class Decision(models.TextChoices):
        ACCEPTED_LEVEL_2 = "ACC2", "Accepted at level 2"
        ACCEPTED_LEVEL_3 = "ACC3", "Accepted at level 3"
        REJECTED_REMAIN_LEVEL_1 = "REJ1", "Rejected – remain at level 1"
        REJECTED_NOT_MAPPA = "REJN", "Rejected – not MAPPA-managed"

    MAPPA_KINDS = (Kind.MAPPA_LEVEL_2, Kind.MAPPA_LEVEL_3)

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="referrals")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.DRAFT)
    reason = models.TextField()
    information_shared = models.TextField(blank=True)
    mappa_category = models.PositiveSmallIntegerField("MAPPA category", null=True, blank=True)
    level_justification = models.TextField(blank=True, help_text="For level 3: what level 2 cannot deliver.")
    sent_on = models.DateField(null=True, blank=True)
    response_due_on = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=4, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by_name = models.CharField(max_length=150, blank=True, help_text="Who at the agency decided.")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_due_on__isnull=True)
                | Q(sent_on__isnull=True)
                | Q(response_due_on__gte=F("sent_on")),
                name="referral_response_due_after_sent",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} referral for {self.case.crn}"

    @property
    def is_mappa(self):
        return self.kind in self.MAPPA_KINDS


class ReferralEvent(models.Model):
    """One row per status change: both the audit trail and the case chronology."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=9, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(max_length=9, choices=Referral.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(blank=True)
    happened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_at", "pk"]

    def __str__(self):
        return f"{self.referral}: {self.from_status or '—'} → {self.to_status}"


class Escalation(models.Model):
    """A dispute over a rejected MAPPA referral, in a manager's queue."""

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
        REJECTION_UPHELD = "UPHELD", "Rejection upheld"
        OVERTURNED = "OVERTURNED", "Rejection overturned"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="escalations")
    level = models.CharField(max_length=4, choices=Level.choices)
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

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "level"],
                condition=~Q(status="CLOSED"),
                name="one_open_escalation_per_referral_and_level",
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} escalation of {self.referral}"


class MappaMeeting(models.Model):
    """A MAPPA level 2 or 3 meeting about a case."""

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="mappa_meetings")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    held_on = models.DateField()
    level = models.PositiveSmallIntegerField(choices=[(2, "Level 2"), (3, "Level 3")])
    chair = models.CharField(max_length=150)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="meetings")
    attendees = models.TextField(help_text="People present, one per line, with their role.")
    information_shared = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=F("held_on")),
                name="mappa_meeting_review_after_meeting",
            )
        ]

    def __str__(self):
        return f"MAPPA level {self.level} meeting on {self.held_on:%d %b %Y} ({self.case.crn})"


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description[:60]
