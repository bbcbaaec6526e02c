"""Multi-agency work: referrals to other agencies, the MAPPA escalation queue, and MAPPA meetings."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
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


class ReferralQuerySet(models.QuerySet):
    def mappa(self):
        return self.filter(kind__in=Referral.MAPPA_KINDS)

    def awaiting_response(self):
        return self.filter(status__in=[Referral.Status.SENT, Referral.Status.ACKNOWLEDGED])

    def late_on(self, day: date):
        """Sent referrals whose response is overdue: the agency has not answered by the date it was due."""
        return self.awaiting_response().filter(response_due_on__lt=day)

    def rejected_without_escalation(self):
        """Rejected MAPPA referrals that have never been to a line manager: the sweep's work list."""
        return (
            self.mappa()
            .filter(status=Referral.Status.REJECTED)
            .exclude(escalations__level=Escalation.Level.LINE_MANAGER)
        )


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
    ACCEPTED_DECISIONS = (Decision.ACCEPTED_LEVEL_2, Decision.ACCEPTED_LEVEL_3)

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
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    submission_token = models.UUIDField(
        null=True, blank=True, unique=True, editable=False, help_text="From the form: a double submit adds nothing."
    )
    meeting_due_on = models.DateField(
        null=True, blank=True, help_text="When a rejection is overturned: the MAPPA meeting must be held by this date."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ReferralQuerySet.as_manager()

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

    @property
    def mappa_category_display(self) -> str:
        from supervision.models import Case

        return Case.MappaCategory(self.mappa_category).label if self.mappa_category else ""

    @property
    def is_overturned(self) -> bool:
        """Accepted only because the Head of Public Protection overturned the MAPPA unit's rejection."""
        return self.meeting_due_on is not None

    @property
    def level_requested(self) -> int | None:
        return {self.Kind.MAPPA_LEVEL_2: 2, self.Kind.MAPPA_LEVEL_3: 3}.get(self.kind)

    def is_late_on(self, day: date) -> bool:
        return (
            self.status in (self.Status.SENT, self.Status.ACKNOWLEDGED)
            and self.response_due_on is not None
            and self.response_due_on < day
        )


class ReferralEvent(models.Model):
    """One row per step (a status change, an endorsement, an escalation step): the audit trail and chronology."""

    class Action(models.TextChoices):
        CREATED = "CREATED", "Referral drafted"
        SUBMITTED_FOR_ENDORSEMENT = "SUBMITTED", "Submitted for line manager endorsement"
        ENDORSED = "ENDORSED", "Endorsed by line manager"
        RETURNED = "RETURNED", "Returned by line manager"
        SENT = "SENT", "Sent"
        ACKNOWLEDGED = "ACK", "Acknowledged"
        RESPONDED = "RESPONDED", "Response received"
        ACCEPTED = "ACCEPTED", "Accepted"
        REJECTED = "REJECTED", "Rejected"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"
        CHASED = "CHASED", "Late response chased"
        ESCALATED_TO_LINE_MANAGER = "ESC_SPO", "Rejection sent to the line manager's escalation queue"
        MORE_INFORMATION_REQUESTED = "INFO_REQ", "More information requested from the responsible officer"
        INFORMATION_PROVIDED = "INFO_GIVEN", "More information provided"
        REJECTION_ACCEPTED = "REJ_ACC", "Rejection accepted by line manager"
        ESCALATED_TO_HOPP = "ESC_HOPP", "Escalated to the Head of Public Protection"
        STEPPED_UP = "STEP_UP", "Not acted on by its due date: escalated to the Head of Public Protection"
        REJECTION_UPHELD = "UPHELD", "Rejection upheld by the Head of Public Protection"
        OVERTURNED = "OVERTURN", "Rejection overturned by the Head of Public Protection"
        MAPPA_LEVEL_CHANGED = "LEVEL", "Case MAPPA level changed"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=9, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(max_length=9, choices=Referral.Status.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(blank=True)
    happened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["happened_at", "pk"]

    def __str__(self):
        return f"{self.referral}: {self.get_action_display()}"


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
        OVERTURNED = "OVERTURNED", "Rejection overturned"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="escalations")
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
        ]

    def __str__(self):
        return f"{self.get_level_display()} escalation of {self.referral}"

    def is_overdue_on(self, day: date) -> bool:
        return self.status != self.Status.CLOSED and self.due_on < day


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
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
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


class MappaActionQuerySet(models.QuerySet):
    def overdue_on(self, day: date):
        """Actions not done by their due date."""
        return self.filter(done_on__isnull=True, due_on__lt=day)


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
