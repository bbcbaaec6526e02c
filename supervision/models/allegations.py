"""Allegations of breach and police intelligence.

An allegation is a third party's (or the person's own) report that a licence condition was broken. It is
investigated through accounts (what each person says) and verification steps (what was checked, and the contacts
that did the checking), and reaches a finding. Findings are append-only: revisiting one adds a new finding that
points at the one it replaces, with a reason, so the history of how the decision changed is never lost.

Police intelligence is a report of an offence or concerning behaviour that is not itself an allegation of
breach (driving while disqualified, say); it sits with the case's risk information and may be linked to an
allegation. An enforcement decision (a later feature) takes allegations and intelligence as its evidence by
pointing at these rows, so nothing here needs to know about enforcement.

The workflow is data, as in `mappa.models.workflow`: for each action, the states it may be taken from and the
state it leads to. `supervision.services.allegations` takes every step through it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class AllegationQuerySet(models.QuerySet):
    def open(self):
        """Still being dealt with: no finding yet and not withdrawn."""
        return self.filter(status__in=Allegation.OPEN_STATES)

    def awaiting_first_response(self):
        return self.filter(status=Allegation.Status.RECEIVED)

    def past_due(self, *, on):
        """Received allegations nobody has started to investigate by their first-response due date."""
        return self.awaiting_first_response().filter(first_response_due_on__lt=on)


class Allegation(models.Model):
    """A report that the person broke one or more of their licence conditions."""

    class ReportedBy(models.TextChoices):
        VICTIM = "VICTIM", "Victim"
        VLO = "VLO", "Victim liaison officer"
        POLICE = "POLICE", "Police"
        PARTNER = "PARTNER", "Partner"
        FAMILY = "FAMILY", "Family member"
        OTHER_AGENCY = "AGENCY", "Other agency"
        ANONYMOUS = "ANON", "Anonymous"
        PERSON = "PERSON", "The person on probation"

    class Channel(models.TextChoices):
        PHONE = "PHONE", "Phone"
        EMAIL = "EMAIL", "E-mail"
        IN_PERSON = "IN_PERSON", "In person"
        LETTER = "LETTER", "Letter"
        POLICE_REPORT = "POLICE", "Police report"
        VLO_REFERRAL = "VLO", "Passed on by the victim liaison officer"
        OTHER = "OTHER", "Other"

    class Urgency(models.TextChoices):
        IMMEDIATE = "IMMEDIATE", "Immediate"
        URGENT = "URGENT", "Urgent"
        ROUTINE = "ROUTINE", "Routine"

    class Status(models.TextChoices):
        RECEIVED = "RECEIVED", "Received"
        INVESTIGATING = "INVESTIGATING", "Under investigation"
        FINDING_MADE = "FINDING", "Finding made"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    OPEN_STATES = (Status.RECEIVED, Status.INVESTIGATING)

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="allegations")
    received_on = models.DateField()
    reported_by = models.CharField(max_length=7, choices=ReportedBy.choices)
    reporter_name = models.CharField(max_length=200, blank=True, help_text="Who reported it, if known.")
    channel = models.CharField("how it arrived", max_length=9, choices=Channel.choices)
    conditions = models.ManyToManyField("supervision.LicenceCondition", related_name="allegations")
    description = models.TextField("what is alleged")
    alleged_on = models.DateField("date of the alleged event")
    location = models.CharField("where it allegedly happened", max_length=255, blank=True)
    urgency = models.CharField(max_length=9, choices=Urgency.choices)
    first_response_due_on = models.DateField()
    status = models.CharField(max_length=13, choices=Status.choices, default=Status.RECEIVED)
    # The current finding's outcome, kept on the row so lists and CHECK constraints read it without a join;
    # the findings themselves (with rationale and history) are AllegationFinding rows.
    finding = models.CharField(max_length=13, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = AllegationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(alleged_on__lte=F("received_on")), name="allegation_event_before_it_was_reported"
            ),
            models.CheckConstraint(
                condition=Q(first_response_due_on__gte=F("received_on")),
                name="allegation_response_due_after_received",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="allegation_says_what_is_alleged"),
            models.CheckConstraint(
                condition=Q(status__in=["RECEIVED", "INVESTIGATING", "FINDING", "WITHDRAWN"]),
                name="allegation_status_known",
            ),
            # A finding is made exactly when the allegation is in the "finding made" state.
            models.CheckConstraint(
                condition=Q(status="FINDING", finding__in=["SUBSTANTIATED", "NOT_SUBST", "UNABLE"])
                | (~Q(status="FINDING") & Q(finding="")),
                name="allegation_finding_only_when_made",
            ),
        ]

    def __str__(self):
        return f"Allegation received {self.received_on} on {self.case_id}"

    def get_absolute_url(self):
        return reverse("supervision:allegation-detail", kwargs={"crn": self.case.crn, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    def is_past_due_on(self, day) -> bool:
        return self.status == self.Status.RECEIVED and self.first_response_due_on < day

    def get_finding_display(self) -> str:
        return AllegationFinding.Outcome(self.finding).label if self.finding else ""


class AllegationEvent(models.Model):
    """One step in an allegation's life: who took it, when, from which state to which, and why. Append-only:
    these rows are the allegation's history and its entries on the case chronology."""

    class Action(models.TextChoices):
        RECEIVED = "RECEIVED", "Allegation recorded"
        INVESTIGATION_STARTED = "INVESTIGATING", "Investigation started"
        FINDING_RECORDED = "FINDING", "Finding recorded"
        FINDING_REVISITED = "REVISITED", "Finding revisited"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    allegation = models.ForeignKey(Allegation, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=13, choices=Action.choices)
    from_status = models.CharField(max_length=13, choices=Allegation.Status.choices, blank=True)
    to_status = models.CharField(max_length=13, choices=Allegation.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    happened_at = models.DateTimeField()

    class Meta:
        ordering = ["-happened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="WITHDRAWN") | ~Q(reason=""), name="allegation_withdrawal_has_a_reason"
            ),
            models.CheckConstraint(
                condition=~Q(action="REVISITED") | ~Q(reason=""), name="allegation_revisit_has_a_reason"
            ),
            # Recording happens once; each later step starts from a state.
            models.CheckConstraint(
                condition=Q(action="RECEIVED", from_status="") | (~Q(action="RECEIVED") & ~Q(from_status="")),
                name="allegation_event_from_state_unless_recorded",
            ),
            models.UniqueConstraint(
                fields=["allegation"], condition=Q(action="RECEIVED"), name="allegation_recorded_once"
            ),
            models.UniqueConstraint(
                fields=["allegation"], condition=Q(action="INVESTIGATING"), name="allegation_investigation_starts_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} on allegation {self.allegation_id}"


@dataclass(frozen=True)
class Step:
    from_states: frozenset
    to: str


Status = Allegation.Status
Action = AllegationEvent.Action

# Keyed by action, so an action can only ever use its own edge: revisiting cannot make a first finding, and
# nothing reaches a decision from a withdrawn allegation.
ALLEGATION_TRANSITIONS = {
    Action.INVESTIGATION_STARTED: Step(frozenset({Status.RECEIVED}), Status.INVESTIGATING),
    Action.FINDING_RECORDED: Step(frozenset({Status.INVESTIGATING}), Status.FINDING_MADE),
    Action.FINDING_REVISITED: Step(frozenset({Status.FINDING_MADE}), Status.FINDING_MADE),
    Action.WITHDRAWN: Step(frozenset({Status.RECEIVED, Status.INVESTIGATING}), Status.WITHDRAWN),
}


class AllegationFinding(models.Model):
    """A finding on an allegation, with its rationale. Append-only: revisiting a finding adds a new one that
    `replaces` it, with the reason; the allegation's current finding is the latest."""

    class Outcome(models.TextChoices):
        SUBSTANTIATED = "SUBSTANTIATED", "Substantiated"
        NOT_SUBSTANTIATED = "NOT_SUBST", "Not substantiated"
        UNABLE_TO_DETERMINE = "UNABLE", "Unable to determine – conflicting accounts"

    allegation = models.ForeignKey(Allegation, on_delete=models.PROTECT, related_name="findings")
    outcome = models.CharField(max_length=13, choices=Outcome.choices)
    rationale = models.TextField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by")
    revisit_reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        get_latest_by = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="allegation_finding_has_a_rationale"),
            models.CheckConstraint(
                condition=Q(outcome__in=["SUBSTANTIATED", "NOT_SUBST", "UNABLE"]), name="allegation_finding_known"
            ),
            # A revisit says why; a first finding has nothing to revisit.
            models.CheckConstraint(
                condition=Q(replaces__isnull=True, revisit_reason="")
                | (Q(replaces__isnull=False) & ~Q(revisit_reason="")),
                name="allegation_finding_revisit_has_a_reason",
            ),
            # The backstop for two people deciding at once: one first finding per allegation (and a finding is
            # replaced at most once, by the one-to-one above).
            models.UniqueConstraint(
                fields=["allegation"], condition=Q(replaces__isnull=True), name="allegation_one_first_finding"
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} on allegation {self.allegation_id}"


class AllegationAccount(models.Model):
    """What one person says happened, when they said it and how it was checked."""

    class GivenBy(models.TextChoices):
        PERSON = "PERSON", "The person on probation"
        VICTIM = "VICTIM", "Victim"
        WITNESS = "WITNESS", "Witness"
        POLICE = "POLICE", "Police"
        PARTNER = "PARTNER", "Partner"
        FAMILY = "FAMILY", "Family member"
        VLO = "VLO", "Victim liaison officer"
        OTHER_AGENCY = "AGENCY", "Other agency"
        OTHER = "OTHER", "Other"

    allegation = models.ForeignKey(Allegation, on_delete=models.PROTECT, related_name="accounts")
    given_by = models.CharField(max_length=7, choices=GivenBy.choices)
    giver_name = models.CharField(max_length=200, blank=True)
    given_on = models.DateField()
    account = models.TextField("what they say")
    how_checked = models.TextField("how it was checked", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["given_on", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(account=""), name="allegation_account_says_something")]

    def __str__(self):
        return f"Account by {self.get_given_by_display()} on {self.given_on}"

    # Accounts that carry a victim's own words (given by the victim, or passed on by the victim liaison officer):
    # read only by those who may read sensitive contacts (`permissions.may_see_sensitive_contacts`).
    VICTIM_INFORMATION = (GivenBy.VICTIM, GivenBy.VLO)

    @property
    def is_victim_information(self) -> bool:
        return self.given_by in self.VICTIM_INFORMATION

    @property
    def giver(self) -> str:
        label = self.get_given_by_display()
        return f"{self.giver_name} ({label})" if self.giver_name else label


class VerificationStep(models.Model):
    """A check made on an allegation (a police check, a home visit, electronic monitoring data, CCTV, liaison
    with another agency), what it found, and the case's contacts that did the checking."""

    class Kind(models.TextChoices):
        POLICE_CHECK = "POLICE", "Police check"
        HOME_VISIT = "HOME_VISIT", "Home visit"
        ELECTRONIC_MONITORING = "EM", "Electronic monitoring data"
        CCTV = "CCTV", "CCTV"
        AGENCY_LIAISON = "LIAISON", "Agency liaison"
        OTHER = "OTHER", "Other"

    allegation = models.ForeignKey(Allegation, on_delete=models.PROTECT, related_name="verification_steps")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    carried_out_on = models.DateField()
    result = models.TextField("what it found")
    contacts = models.ManyToManyField("supervision.Contact", blank=True, related_name="verification_steps")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["carried_out_on", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(result=""), name="verification_step_says_what_it_found")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.carried_out_on}"


class PoliceIntelligence(models.Model):
    """A police report of an offence or concerning behaviour that is not an allegation of breach."""

    class Relevance(models.TextChoices):
        HIGH = "HIGH", "High – raises risk of serious harm"
        MEDIUM = "MEDIUM", "Medium – relevant to risk"
        LOW = "LOW", "Low – noted, little bearing on risk"

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="police_intelligence")
    received_on = models.DateField()
    source = models.CharField(max_length=200)
    description = models.TextField("what was reported")
    relevance = models.CharField("assessed relevance to risk", max_length=6, choices=Relevance.choices)
    assessment = models.TextField("why it matters to risk", blank=True)
    allegation = models.ForeignKey(
        Allegation, on_delete=models.PROTECT, null=True, blank=True, related_name="police_intelligence"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name_plural = "police intelligence"
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="police_intelligence_says_what"),
            models.CheckConstraint(condition=~Q(source=""), name="police_intelligence_has_a_source"),
        ]

    def __str__(self):
        return f"Police intelligence received {self.received_on} on {self.case_id}"


def open_allegations_past_due(cases_qs, *, on):
    """Allegations on these cases that nobody has started to investigate by their first-response due date,
    oldest due first, with their case: one query whatever the number of cases (for "My work" and managers'
    views; the case's own open work reads the same rule)."""
    return (
        Allegation.objects.past_due(on=on)
        .filter(case__in=cases_qs)
        .select_related("case", "case__responsible_officer")
        .order_by("first_response_due_on", "pk")
    )
