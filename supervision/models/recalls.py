"""A recall recommendation on its way to custody: recommended → endorsed (the line manager) → requested (countersigned
by the Head of Public Protection) → confirmed, or refused or withdrawn on the way. The recommendation itself is an
`EnforcementDecision` of a recall kind (supervision.models.enforcement); nobody endorses or countersigns their own
recommendation (CHECK constraints, as well as the service). The workflow is data, keyed by action
(`RECALL_TRANSITIONS`); `supervision.services.recalls` takes every step through it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from supervision.models.enforcement import EMERGENCY, EnforcementDecision


class RecallQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(status__in=Recall.IN_PROGRESS)

    def awaiting_endorsement(self):
        return self.filter(status=Recall.Status.RECOMMENDED)

    def awaiting_countersignature(self):
        return self.filter(status=Recall.Status.ENDORSED)

    def late(self, *, now):
        """Recalls whose endorsement or countersignature is past its deadline."""
        return self.filter(
            Q(status=Recall.Status.RECOMMENDED, endorse_by__lt=now)
            | Q(status=Recall.Status.ENDORSED, countersign_by__lt=now)
        )


class Recall(models.Model):
    """A recall recommendation on its way to custody: recommended → endorsed → requested → confirmed."""

    class Kind(models.TextChoices):
        STANDARD = "STANDARD", "Standard"
        FIXED_TERM = "FIXED_TERM", "Fixed-term"
        EMERGENCY = EMERGENCY, "Emergency"

    class Status(models.TextChoices):
        RECOMMENDED = "RECOMMENDED", "Awaiting line manager's endorsement"
        ENDORSED = "ENDORSED", "Awaiting Head of Public Protection's countersignature"
        REQUESTED = "REQUESTED", "Recall requested"
        CONFIRMED = "CONFIRMED", "Recall confirmed"
        NOT_ENDORSED = "NOT_ENDORSED", "Not endorsed"
        NOT_COUNTERSIGNED = "NOT_COUNTERSIGNED", "Not countersigned"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    IN_PROGRESS = (Status.RECOMMENDED, Status.ENDORSED, Status.REQUESTED)
    KIND_FOR_DECISION = {
        EnforcementDecision.Kind.RECALL_STANDARD: Kind.STANDARD,
        EnforcementDecision.Kind.RECALL_FIXED_TERM: Kind.FIXED_TERM,
        EnforcementDecision.Kind.RECALL_EMERGENCY: Kind.EMERGENCY,
    }

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="recalls")
    decision = models.OneToOneField(EnforcementDecision, on_delete=models.PROTECT, related_name="recall")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=17, choices=Status.choices, default=Status.RECOMMENDED)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField()
    endorse_by = models.DateTimeField(help_text="The line manager's deadline (shorter for an emergency recall).")
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    countersign_by = models.DateTimeField(null=True, blank=True, help_text="Set when the recall is endorsed.")
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    confirmed_on = models.DateField(null=True, blank=True, help_text="The day the recall was confirmed.")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = RecallQuerySet.as_manager()

    class Meta:
        ordering = ["-recommended_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["STANDARD", "FIXED_TERM", "EMERGENCY"]), name="recall_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "RECOMMENDED",
                        "ENDORSED",
                        "REQUESTED",
                        "CONFIRMED",
                        "NOT_ENDORSED",
                        "NOT_COUNTERSIGNED",
                        "WITHDRAWN",
                    ]
                ),
                name="recall_status_known",
            ),
            models.CheckConstraint(condition=Q(endorse_by__gt=F("recommended_at")), name="recall_endorse_by_after"),
            # Nobody endorses or countersigns their own recommendation, and the countersignature is a third person.
            models.CheckConstraint(
                condition=Q(endorsed_by__isnull=True) | ~Q(endorsed_by=F("recommended_by")),
                name="recall_not_endorsed_by_its_recommender",
            ),
            models.CheckConstraint(
                condition=Q(countersigned_by__isnull=True)
                | (~Q(countersigned_by=F("recommended_by")) & ~Q(countersigned_by=F("endorsed_by"))),
                name="recall_countersigned_by_a_third_person",
            ),
            # Each state carries what reaching it took: endorsed ⇒ who, when and the countersignature deadline;
            # requested or confirmed ⇒ also countersigned; confirmed ⇔ a confirmation day.
            models.CheckConstraint(
                condition=~Q(status__in=["ENDORSED", "REQUESTED", "CONFIRMED", "NOT_COUNTERSIGNED"])
                | Q(endorsed_by__isnull=False, endorsed_at__isnull=False, countersign_by__isnull=False),
                name="recall_endorsed_states_have_an_endorsement",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["REQUESTED", "CONFIRMED"], countersigned_by__isnull=False)
                | (~Q(status__in=["REQUESTED", "CONFIRMED"]) & Q(countersigned_by__isnull=True)),
                name="recall_requested_only_when_countersigned",
            ),
            models.CheckConstraint(
                condition=Q(countersigned_by__isnull=True, countersigned_at__isnull=True)
                | Q(countersigned_by__isnull=False, countersigned_at__isnull=False),
                name="recall_countersignature_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(status="CONFIRMED", confirmed_on__isnull=False)
                | (~Q(status="CONFIRMED") & Q(confirmed_on__isnull=True)),
                name="recall_confirmed_has_a_day",
            ),
            # One recall in progress per case: a double submit or a second officer cannot start another.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["RECOMMENDED", "ENDORSED", "REQUESTED"]),
                name="one_recall_in_progress_per_case",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} recall on {self.case_id} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("supervision:recall-detail", kwargs={"crn": self.case.crn, "pk": self.pk})

    @property
    def is_in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    def waits_for(self) -> tuple[str, object]:
        """What a recall in progress waits for, in words, and by when (None: no deadline)."""
        if self.status == self.Status.RECOMMENDED:
            return "waiting for the line manager's endorsement", self.endorse_by
        if self.status == self.Status.ENDORSED:
            return "waiting for the Head of Public Protection's countersignature", self.countersign_by
        return "requested: record the confirmation when the person is returned to custody", None


class RecallEvent(models.Model):
    """One step in a recall's life: who took it, when, from which state to which, and why. Append-only: these rows
    are the recall's history and its entries on the case chronology."""

    class Action(models.TextChoices):
        RECOMMENDED = "RECOMMENDED", "Recall recommended"
        ENDORSED = "ENDORSED", "Endorsed by the line manager"
        ENDORSEMENT_REFUSED = "NOT_ENDORSED", "Not endorsed by the line manager"
        COUNTERSIGNED = "COUNTERSIGNED", "Countersigned by the Head of Public Protection: recall requested"
        COUNTERSIGNATURE_REFUSED = "NOT_COUNTERSIGNED", "Not countersigned by the Head of Public Protection"
        CONFIRMED = "CONFIRMED", "Recall confirmed"
        WITHDRAWN = "WITHDRAWN", "Recommendation withdrawn"

    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=17, choices=Action.choices)
    from_status = models.CharField(max_length=17, choices=Recall.Status.choices, blank=True)
    to_status = models.CharField(max_length=17, choices=Recall.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    happened_at = models.DateTimeField()

    class Meta:
        ordering = ["happened_at", "pk"]
        constraints = [
            # Refusing and withdrawing say why.
            models.CheckConstraint(
                condition=~Q(action__in=["NOT_ENDORSED", "NOT_COUNTERSIGNED", "WITHDRAWN"]) | ~Q(reason=""),
                name="recall_refusal_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(action="RECOMMENDED", from_status="") | (~Q(action="RECOMMENDED") & ~Q(from_status="")),
                name="recall_event_from_state_unless_recommended",
            ),
            # Each step happens at most once in a recall's life: the backstop for two people acting at once.
            models.UniqueConstraint(fields=["recall", "action"], name="recall_step_taken_once"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} on recall {self.recall_id}"


@dataclass(frozen=True)
class RecallStep:
    from_states: frozenset
    to: str


RecallStatus = Recall.Status
RecallAction = RecallEvent.Action

# Keyed by action, so an action only ever uses its own edge: nothing is countersigned before it is endorsed, and
# only a countersigned recall can be confirmed.
RECALL_TRANSITIONS = {
    RecallAction.ENDORSED: RecallStep(frozenset({RecallStatus.RECOMMENDED}), RecallStatus.ENDORSED),
    RecallAction.ENDORSEMENT_REFUSED: RecallStep(frozenset({RecallStatus.RECOMMENDED}), RecallStatus.NOT_ENDORSED),
    RecallAction.COUNTERSIGNED: RecallStep(frozenset({RecallStatus.ENDORSED}), RecallStatus.REQUESTED),
    RecallAction.COUNTERSIGNATURE_REFUSED: RecallStep(
        frozenset({RecallStatus.ENDORSED}), RecallStatus.NOT_COUNTERSIGNED
    ),
    RecallAction.CONFIRMED: RecallStep(frozenset({RecallStatus.REQUESTED}), RecallStatus.CONFIRMED),
    RecallAction.WITHDRAWN: RecallStep(
        frozenset({RecallStatus.RECOMMENDED, RecallStatus.ENDORSED}), RecallStatus.WITHDRAWN
    ),
}
