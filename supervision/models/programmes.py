"""Accredited programmes and structured interventions: the catalogue, a case's enrolments and their sessions.

A licence condition (or an order's requirement) can require the person to attend a programme such as Building
Better Relationships. The case is referred, then starts, and the enrolment ends as completed, terminated (with
the reason: non-attendance, non-compliance, deselected, other) or withdrawn. The workflow is data
(`ENROLMENT_TRANSITIONS`), keyed by action as allegations and recalls are; every step writes an append-only
`ProgrammeEnrolmentEvent`, which is also the enrolment's entry on the case chronology.

Sessions are appointments. A `ProgrammeSession` points at the `Contact` booked for it, so attendance is that
appointment's outcome, recorded like any other (attended, failed to attend, acceptable or unacceptable absence)
and an enforcement decision takes a missed session as evidence by linking its contact.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from supervision.models.contacts import Contact


class Programme(models.Model):
    """Reference data: a programme or intervention a case can be enrolled on."""

    class Kind(models.TextChoices):
        ACCREDITED = "ACCREDITED", "Accredited programme"
        STRUCTURED = "STRUCTURED", "Structured intervention"

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number_of_sessions = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(number_of_sessions__gte=1), name="programme_has_sessions"),
            models.CheckConstraint(condition=Q(kind__in=["ACCREDITED", "STRUCTURED"]), name="programme_kind_known"),
        ]

    def __str__(self):
        return self.name


class ProgrammeEnrolmentQuerySet(models.QuerySet):
    def in_progress(self):
        """Referred or started: not yet completed, terminated or withdrawn."""
        return self.filter(status__in=ProgrammeEnrolment.IN_PROGRESS)


class ProgrammeEnrolment(models.Model):
    """A case's place on a programme, and why it is required."""

    class Status(models.TextChoices):
        REFERRED = "REFERRED", "Referred"
        STARTED = "STARTED", "Started"
        COMPLETED = "COMPLETED", "Completed"
        TERMINATED = "TERMINATED", "Terminated"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    class TerminationReason(models.TextChoices):
        NON_ATTENDANCE = "NON_ATTENDANCE", "Non-attendance"
        NON_COMPLIANCE = "NON_COMPLIANCE", "Non-compliance"
        DESELECTED = "DESELECTED", "Deselected"
        OTHER = "OTHER", "Other"

    IN_PROGRESS = (Status.REFERRED, Status.STARTED)
    ENDED = (Status.COMPLETED, Status.TERMINATED, Status.WITHDRAWN)

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="programme_enrolments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    # What requires it: the licence condition, or (an order's requirement, a voluntary place) a reason in words.
    licence_condition = models.ForeignKey(
        "supervision.LicenceCondition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_enrolments",
    )
    required_because = models.TextField("why it is required", blank=True)
    referred_on = models.DateField()
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REFERRED)
    termination_reason = models.CharField(max_length=14, choices=TerminationReason.choices, blank=True)
    end_reason = models.TextField("why it ended", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = ProgrammeEnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-pk"]
        # A comparison with a missing date is unknown, which a CHECK lets through: each state that needs a date
        # says so with `__isnull=False` as well as comparing it.
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["REFERRED", "STARTED", "COMPLETED", "TERMINATED", "WITHDRAWN"]),
                name="programme_enrolment_status_known",
            ),
            models.CheckConstraint(
                condition=Q(licence_condition__isnull=False) | ~Q(required_because=""),
                name="programme_enrolment_says_why_required",
            ),
            # The backstop for two officers enrolling at once: one enrolment in progress per case and programme.
            models.UniqueConstraint(
                fields=["case", "programme"],
                condition=Q(status__in=["REFERRED", "STARTED"]),
                name="programme_enrolment_one_in_progress",
            ),
            # Each state has exactly the dates and reasons it implies.
            models.CheckConstraint(
                condition=~Q(status="REFERRED")
                | Q(started_on__isnull=True, ended_on__isnull=True, termination_reason="", end_reason=""),
                name="programme_enrolment_referred_has_not_started",
            ),
            models.CheckConstraint(
                condition=~Q(status="STARTED")
                | Q(
                    started_on__isnull=False,
                    started_on__gte=F("referred_on"),
                    ended_on__isnull=True,
                    termination_reason="",
                    end_reason="",
                ),
                name="programme_enrolment_started_on_a_day",
            ),
            models.CheckConstraint(
                condition=~Q(status="COMPLETED")
                | Q(
                    started_on__isnull=False,
                    ended_on__isnull=False,
                    ended_on__gte=F("started_on"),
                    termination_reason="",
                ),
                name="programme_enrolment_completed_after_starting",
            ),
            models.CheckConstraint(
                condition=~Q(status="TERMINATED")
                | (
                    Q(
                        started_on__isnull=False,
                        ended_on__isnull=False,
                        ended_on__gte=F("started_on"),
                        termination_reason__in=["NON_ATTENDANCE", "NON_COMPLIANCE", "DESELECTED", "OTHER"],
                    )
                    & ~Q(end_reason="")
                ),
                name="programme_enrolment_terminated_with_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="WITHDRAWN")
                | (
                    Q(ended_on__isnull=False, ended_on__gte=F("referred_on"), termination_reason="") & ~Q(end_reason="")
                ),
                name="programme_enrolment_withdrawn_with_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.programme} for {self.case_id}"

    @property
    def is_in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def required_by(self) -> str:
        if self.licence_condition_id:
            return f"Licence condition: {self.licence_condition.condition_type.name}"
        return self.required_because


class ProgrammeEnrolmentEvent(models.Model):
    """One step in an enrolment's life: who took it, on which day, from which state to which, and why.
    Append-only: these rows are the enrolment's history and its entries on the case chronology."""

    class Action(models.TextChoices):
        REFERRED = "REFERRED", "Referred"
        STARTED = "STARTED", "Started"
        COMPLETED = "COMPLETED", "Completed"
        TERMINATED = "TERMINATED", "Terminated"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    enrolment = models.ForeignKey(ProgrammeEnrolment, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    from_status = models.CharField(max_length=10, choices=ProgrammeEnrolment.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ProgrammeEnrolment.Status.choices)
    happened_on = models.DateField()
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="REFERRED", from_status="") | (~Q(action="REFERRED") & ~Q(from_status="")),
                name="programme_event_from_state_unless_referred",
            ),
            models.CheckConstraint(
                condition=~Q(action__in=["TERMINATED", "WITHDRAWN"]) | ~Q(reason=""),
                name="programme_event_ending_has_a_reason",
            ),
            # Each step is taken once: a double submit or a race cannot write it twice.
            models.UniqueConstraint(fields=["enrolment", "action"], name="programme_event_each_step_once"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} on enrolment {self.enrolment_id}"


@dataclass(frozen=True)
class Step:
    from_states: frozenset
    to: str


Status = ProgrammeEnrolment.Status
Action = ProgrammeEnrolmentEvent.Action

# Keyed by action, so no action reaches a state through another action's edge: a referral that never started
# is withdrawn, not terminated or completed, and nothing moves an enrolment that has ended.
ENROLMENT_TRANSITIONS = {
    Action.STARTED: Step(frozenset({Status.REFERRED}), Status.STARTED),
    Action.COMPLETED: Step(frozenset({Status.STARTED}), Status.COMPLETED),
    Action.TERMINATED: Step(frozenset({Status.STARTED}), Status.TERMINATED),
    Action.WITHDRAWN: Step(frozenset({Status.REFERRED, Status.STARTED}), Status.WITHDRAWN),
}


class ProgrammeSession(models.Model):
    """A session of the programme, booked as an appointment: attendance is the appointment's outcome."""

    enrolment = models.ForeignKey(ProgrammeEnrolment, on_delete=models.PROTECT, related_name="sessions")
    session_number = models.PositiveSmallIntegerField()
    contact = models.OneToOneField("supervision.Contact", on_delete=models.PROTECT, related_name="programme_session")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_number", "pk"]
        constraints = [models.CheckConstraint(condition=Q(session_number__gte=1), name="programme_session_numbered")]

    def __str__(self):
        return f"Session {self.session_number} of enrolment {self.enrolment_id}"


# How a session's appointment outcome counts towards attendance. Failed to attend is a holding state (evidence is
# awaited); a rescheduled session is counted by the session booked in its place.
Outcome = Contact.Outcome
ATTENDED_OUTCOMES = (Outcome.ATTENDED_COMPLIED, Outcome.ATTENDED_FAILED_TO_COMPLY, Outcome.ATTENDED_SENT_HOME)
ACCEPTABLE_ABSENCE = Outcome.ACCEPTABLE_ABSENCE
UNACCEPTABLE_ABSENCE = Outcome.UNACCEPTABLE_ABSENCE
FAILED_TO_ATTEND = Outcome.FAILED_TO_ATTEND
RESCHEDULED = Outcome.RESCHEDULED


@dataclass
class Attendance:
    """Counts of a programme's sessions by what happened at each."""

    attended: int = 0
    acceptable_absence: int = 0
    unacceptable_absence: int = 0
    failed_to_attend: int = 0
    awaiting_outcome: int = 0
    upcoming: int = 0
    rescheduled: int = 0
    cancelled: int = 0
    missed_contacts: list = field(default_factory=list)

    @property
    def booked(self) -> int:
        """Sessions booked and not moved to another date."""
        return (
            self.attended
            + self.acceptable_absence
            + self.unacceptable_absence
            + self.failed_to_attend
            + self.awaiting_outcome
            + self.upcoming
        )


def attendance_of(contacts, *, now) -> Attendance:
    """Attendance over the sessions' contacts, already fetched (no queries)."""
    attendance = Attendance()
    for contact in contacts:
        if contact.outcome in ATTENDED_OUTCOMES:
            attendance.attended += 1
        elif contact.outcome == ACCEPTABLE_ABSENCE:
            attendance.acceptable_absence += 1
        elif contact.outcome == UNACCEPTABLE_ABSENCE:
            attendance.unacceptable_absence += 1
            attendance.missed_contacts.append(contact)
        elif contact.outcome == FAILED_TO_ATTEND:
            attendance.failed_to_attend += 1
            attendance.missed_contacts.append(contact)
        elif contact.outcome == RESCHEDULED:
            attendance.rescheduled += 1
        elif contact.is_cancelled:
            attendance.cancelled += 1
        elif contact.starts_at > now:
            attendance.upcoming += 1
        else:
            attendance.awaiting_outcome += 1
    return attendance
