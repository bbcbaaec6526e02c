"""Multi-agency work: referrals to other agencies, the MAPPA escalation queue, and MAPPA meetings."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mappa.models.agencies import Agency
from mappa.models.escalations import Escalation


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
        AWAITING_INFORMATION = "INFO", "More information requested by the MAPPA co-ordinator"
        ACCEPTED = "ACCEPTED", "Accepted"
        REJECTED = "REJECTED", "Rejected"
        UNDER_REVIEW = "REVIEW", "Disputed: awaiting the MAPPA co-ordinator's revised decision"
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
            ),
            # A MAPPA referral names its category (the rule for making one); no other referral has one. (NULL IN
            # (...) is not false, so the category is also said to be present.)
            models.CheckConstraint(
                condition=Q(
                    kind__in=["MAPPA2", "MAPPA3"], mappa_category__isnull=False, mappa_category__in=[1, 2, 3, 4]
                )
                | (~Q(kind__in=["MAPPA2", "MAPPA3"]) & Q(mappa_category__isnull=True)),
                name="referral_mappa_category_only_on_mappa",
            ),
            models.CheckConstraint(
                condition=~Q(kind="MAPPA3") | ~Q(level_justification=""),
                name="referral_level_3_is_justified",
            ),
            # A decision says when it was made; accepted and rejected each have a decision that fits.
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_at__isnull=False), name="referral_decision_is_dated"
            ),
            models.CheckConstraint(
                condition=~Q(status="ACCEPTED") | Q(decision__in=["ACC2", "ACC3"]),
                name="referral_accepted_has_an_acceptance",
            ),
            # A disputed rejection keeps the rejection until the co-ordinator revises it.
            models.CheckConstraint(
                condition=~Q(status__in=["REJECTED", "REVIEW"]) | Q(decision__in=["REJ1", "REJN"]),
                name="referral_rejected_has_a_rejection",
            ),
            models.CheckConstraint(
                condition=~Q(status="RESPONDED") | Q(decided_at__isnull=False),
                name="referral_response_is_dated",
            ),
            # Sent means a date it was sent; acknowledged, a date it was acknowledged.
            models.CheckConstraint(
                condition=~Q(status__in=["SENT", "ACK", "INFO", "ACCEPTED", "REJECTED", "REVIEW", "RESPONDED"])
                | Q(sent_on__isnull=False),
                name="referral_sent_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["ACK", "INFO"]) | Q(acknowledged_on__isnull=False),
                name="referral_acknowledged_has_a_date",
            ),
            # Endorsement is a second person's check, recorded with who and when.
            models.CheckConstraint(
                condition=Q(endorsed_by__isnull=True, endorsed_at__isnull=True)
                | Q(endorsed_by__isnull=False, endorsed_at__isnull=False) & ~Q(endorsed_by=F("created_by")),
                name="referral_endorsed_by_someone_else_with_when",
            ),
            # A meeting is due only once a disputed rejection has been revised to an acceptance.
            models.CheckConstraint(
                condition=Q(meeting_due_on__isnull=True) | Q(status="ACCEPTED"),
                name="referral_meeting_due_only_when_accepted",
            ),
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
        COORDINATOR_ASKED = "UNIT_ASKED", "More information requested by the MAPPA co-ordinator"
        COORDINATOR_ANSWERED = "UNIT_ANS", "More information given to the MAPPA co-ordinator"
        DISPUTED = "DISPUTED", "Rejection disputed: the Head of Public Protection met the MAPPA co-ordinator"
        REVISED_ACCEPTED = "REV_ACC", "Revised decision: accepted"
        REVISED_REJECTED = "REV_REJ", "Revised decision: the rejection stands"

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
