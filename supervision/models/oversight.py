"""Management oversight: a manager's record of reviewing a case, the direction given, and the actions set for the
officer.

An oversight record is append-only: what a manager reviewed and decided on a day is evidence an inspector reads
("was management oversight effective?"), so it is never edited; a later review adds a new record. Each action
set for the officer has a small state of its own (open, then done with a note), changed only through
`supervision.services.oversight`, which looks the step up in `OVERSIGHT_ACTION_TRANSITIONS` and writes an
`OversightActionEvent` beside the new state.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import Q, Value, When


class OversightRecord(models.Model):
    """What a line manager (or the Head of Public Protection) reviewed on a case, and what they decided."""

    class Area(models.TextChoices):
        CONTACTS = "CONTACTS", "Contacts and home visits"
        RISK = "RISK", "Risk assessment and risk flags"
        ENFORCEMENT = "ENFORCEMENT", "Allegations and enforcement"
        REFERRALS = "REFERRALS", "Referrals to other agencies"
        MAPPA = "MAPPA", "MAPPA"
        VICTIMS = "VICTIMS", "Victims and key individuals"

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="oversight_records")
    reviewed_on = models.DateField()
    areas = models.JSONField("areas reviewed", default=list, blank=True)
    what_was_reviewed = models.TextField()
    decision = models.TextField("decision and direction")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(what_was_reviewed=""), name="oversight_says_what_was_reviewed"),
            models.CheckConstraint(condition=~Q(decision=""), name="oversight_has_a_decision"),
        ]

    def __str__(self):
        return f"Management oversight on {self.reviewed_on} ({self.case_id})"

    def area_labels(self) -> list[str]:
        labels = dict(self.Area.choices)
        return [labels[area] for area in self.areas if area in labels]


class OversightActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=OversightAction.Status.OPEN)

    def overdue(self, *, on):
        """Open actions past their due date."""
        return self.open().filter(due_on__lt=on)

    def with_overdue(self, *, on):
        """Each action marked `is_overdue` in SQL, so a list and its count read the same rule."""
        return self.annotate(
            is_overdue=SqlCase(
                When(status=OversightAction.Status.OPEN, due_on__lt=on, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class OversightAction(models.Model):
    """An action a manager set for the officer, with the day it is due; done when the officer says so, with a
    note of what was done."""

    class Status(models.TextChoices):
        OPEN = "OPEN", "To do"
        DONE = "DONE", "Done"

    record = models.ForeignKey(OversightRecord, on_delete=models.PROTECT, related_name="actions")
    # The record's case, kept on the action so that the officer's work and the dashboard count actions across
    # many cases in one indexed query; the service sets it from the record.
    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="oversight_actions")
    description = models.TextField()
    due_on = models.DateField()
    status = models.CharField(max_length=4, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OversightActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="oversight_action_says_what"),
            models.CheckConstraint(condition=Q(status__in=["OPEN", "DONE"]), name="oversight_action_status_known"),
            # Done exactly when it has the day and a note of what was done.
            models.CheckConstraint(
                condition=Q(status="OPEN", done_on__isnull=True, done_note="")
                | (Q(status="DONE", done_on__isnull=False) & ~Q(done_note="")),
                name="oversight_action_done_with_day_and_note",
            ),
        ]
        indexes = [models.Index(fields=["case", "status", "due_on"])]

    def __str__(self):
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue_on(self, day) -> bool:
        return self.is_open and self.due_on < day


class OversightActionEvent(models.Model):
    """One step in an action's life: set by the manager, then done. Append-only."""

    class Action(models.TextChoices):
        SET = "SET", "Action set"
        MARKED_DONE = "DONE", "Marked done"

    action = models.ForeignKey(OversightAction, on_delete=models.PROTECT, related_name="events")
    step = models.CharField(max_length=4, choices=Action.choices)
    from_status = models.CharField(max_length=4, choices=OversightAction.Status.choices, blank=True)
    to_status = models.CharField(max_length=4, choices=OversightAction.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    happened_at = models.DateTimeField()

    class Meta:
        ordering = ["happened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(step="SET", from_status="") | (~Q(step="SET") & ~Q(from_status="")),
                name="oversight_event_from_state_unless_set",
            ),
            models.CheckConstraint(condition=~Q(step="DONE") | ~Q(note=""), name="oversight_done_has_a_note"),
            models.UniqueConstraint(fields=["action"], condition=Q(step="SET"), name="oversight_action_set_once"),
            # The backstop for two people marking it done at once.
            models.UniqueConstraint(fields=["action"], condition=Q(step="DONE"), name="oversight_action_done_once"),
        ]

    def __str__(self):
        return f"{self.get_step_display()} on oversight action {self.action_id}"


@dataclass(frozen=True)
class Step:
    from_states: frozenset
    to: str


# Keyed by action: marking done is the only change an action's state can take.
OVERSIGHT_ACTION_TRANSITIONS = {
    OversightActionEvent.Action.MARKED_DONE: Step(
        frozenset({OversightAction.Status.OPEN}), OversightAction.Status.DONE
    ),
}


def open_oversight_actions(cases_qs, *, on):
    """Open actions from management oversight on these cases, due soonest first, each marked `is_overdue`, with
    its case and officer: one query whatever the number of cases (My work, the dashboards' counts)."""
    return (
        OversightAction.objects.open()
        .filter(case__in=cases_qs)
        .with_overdue(on=on)
        .select_related("case", "case__responsible_officer", "record__recorded_by")
        .order_by("due_on", "pk")
    )
