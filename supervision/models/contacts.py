"""Contacts: every interaction with or about the person. Append-only: corrections are amendments."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import DateField, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from simple_history.models import HistoricalRecords


class ContactType(models.Model):
    """Reference data: the contact types practitioners record, with the codes they know."""

    class Group(models.TextChoices):
        APPOINTMENT = "APPOINTMENT", "Appointments"
        HOME_VISIT = "HOME_VISIT", "Home visits"
        PHONE_AND_MESSAGES = "MESSAGES", "Phone and messages"
        OTHER_AGENCY = "AGENCY", "Other agencies"
        KEY_INDIVIDUAL = "KEY_INDIVIDUAL", "Key individuals"

    class Channel(models.TextChoices):
        OFFICE = "OFFICE", "Office"
        HOME = "HOME", "Home"
        PHONE = "PHONE", "Phone"
        VIDEO = "VIDEO", "Video"
        MESSAGE = "MESSAGE", "Text or e-mail"
        AGENCY = "AGENCY", "Agency liaison"
        OTHER = "OTHER", "Other"

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=100)
    group = models.CharField(max_length=14, choices=Group.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    is_home_visit = models.BooleanField("counts as a home visit", default=False)
    is_enforceable = models.BooleanField(
        "enforceable", default=False, help_text="National-standard contact that counts towards compliance."
    )
    is_outcome_required = models.BooleanField("outcome required", default=False)
    is_bookable = models.BooleanField("can be booked as an appointment", default=False)
    is_active = models.BooleanField(default=True)
    display_order = models.PositiveSmallIntegerField(default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class ContactQuerySet(models.QuerySet):
    def happened(self, *, now):
        """Contacts at or before `now`, including appointments whose time has passed (not those cancelled)."""
        return self.not_cancelled().filter(starts_at__lte=now)

    def cancelled(self):
        return self.filter(cancelled_at__isnull=False)

    def not_cancelled(self):
        """Every contact but cancelled appointments, which never took place and count for nothing."""
        return self.filter(cancelled_at__isnull=True)

    def booked_appointments(self):
        """Appointments still booked: a cancelled one is kept on the record but is no longer expected to happen."""
        return self.not_cancelled().filter(is_appointment=True)

    def upcoming_appointments(self, *, now):
        return self.booked_appointments().filter(starts_at__gt=now)

    def awaiting_outcome(self, *, now):
        """Appointments whose time has passed with no outcome recorded: the RO must record one."""
        return self.booked_appointments().filter(starts_at__lte=now, outcome="")

    def awaiting_enforcement_decision(self, *, decision_days: int):
        """Unacceptable absences on active cases that no enforcement decision links yet, annotated with
        `decision_due_on`: the day the absence was judged unacceptable plus `decision_days`
        (`EnforcementPolicy.unacceptable_absence_decision_days`). Any decision linking the absence counts, whatever
        it decided: no further action is a decision too."""
        decided = Contact.enforcement_decisions.through.objects.filter(contact_id=OuterRef("pk"))
        return (
            self.filter(outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE, case__status="ACTIVE")  # Case.Status.ACTIVE
            .filter(~Exists(decided))
            .annotate(decision_due_on=Cast(F("absence_judged_on") + timedelta(days=decision_days), DateField()))
        )

    def enforcement_decision_outstanding(self, *, on: date, decision_days: int):
        """Unacceptable absences whose enforcement decision was due before `on` and has not been recorded: the one
        computation behind the outstanding-decision job, My work and the managers' list."""
        return self.awaiting_enforcement_decision(decision_days=decision_days).filter(
            absence_judged_on__lt=on - timedelta(days=decision_days)
        )


class Contact(models.Model):
    """An interaction that happened, or an appointment booked for the future.

    Never deleted and never silently overwritten: a correction is a ContactAmendment that keeps who
    changed what, when and why, alongside the values as first recorded.
    """

    class MadeBy(models.TextChoices):
        RESPONSIBLE_OFFICER = "RO", "The responsible officer"
        OTHER_OFFICER = "OFFICER", "Another probation officer"
        POLICE = "POLICE", "A police officer"
        AGENCY_WORKER = "AGENCY", "Another agency's worker"

    class Outcome(models.TextChoices):
        ATTENDED_COMPLIED = "ATTC", "Attended – complied"
        ATTENDED_FAILED_TO_COMPLY = "ATFC", "Attended – failed to comply"
        ATTENDED_SENT_HOME = "ATSH", "Attended – sent home"
        FAILED_TO_ATTEND = "FTA", "Failed to attend"
        ACCEPTABLE_ABSENCE = "AA", "Acceptable absence"
        UNACCEPTABLE_ABSENCE = "UA", "Unacceptable absence"
        RESCHEDULED = "RESC", "Rescheduled"
        CONTACT_MADE = "MADE", "Contact made"
        NO_CONTACT = "NONE", "No contact made"

    class CancellationReason(models.TextChoices):
        PROBATION_CANCELLED = "PROBATION", "Probation cancelled"
        PROGRAMME_ENDED = "PROGRAMME", "Programme ended"
        OFFICE_CLOSED = "OFFICE", "Office closed"
        OTHER = "OTHER", "Other"

    class AbsenceReason(models.TextChoices):
        MEDICAL = "MEDICAL", "Medical"
        COURT = "COURT", "Court"
        EMPLOYMENT = "EMPLOYMENT", "Employment"
        FAMILY = "FAMILY", "Family emergency"
        RELIGIOUS = "RELIGIOUS", "Religious observance"
        OTHER = "OTHER", "Other"

    # Outcomes in which the person was actually seen or spoken to: what contact-frequency rules count.
    SEEN_OUTCOMES = (
        Outcome.ATTENDED_COMPLIED,
        Outcome.ATTENDED_FAILED_TO_COMPLY,
        Outcome.ATTENDED_SENT_HOME,
        Outcome.CONTACT_MADE,
    )

    case = models.ForeignKey("supervision.Case", on_delete=models.PROTECT, related_name="contacts")
    contact_type = models.ForeignKey(ContactType, on_delete=models.PROTECT, related_name="contacts")
    starts_at = models.DateTimeField(help_text="When it happened, or for an appointment when it is booked.")
    is_appointment = models.BooleanField(default=False, help_text="Booked in advance.")
    made_by = models.CharField(max_length=8, choices=MadeBy.choices, default=MadeBy.RESPONSIBLE_OFFICER)
    made_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    made_by_name = models.CharField(max_length=150, blank=True)
    made_by_identifier = models.CharField(
        max_length=30, blank=True, help_text="A police officer's collar or warrant number."
    )
    made_by_agency = models.CharField(max_length=150, blank=True)
    location = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(max_length=4, choices=Outcome.choices, blank=True)
    absence_reason = models.CharField(max_length=10, choices=AbsenceReason.choices, blank=True)
    evidence_due_on = models.DateField(
        null=True, blank=True, help_text="After a failure to attend: when the person's evidence is due."
    )
    # The day the absence was judged unacceptable: an enforcement decision is due a set number of days after it
    # (supervision.models.enforcement.EnforcementPolicy).
    absence_judged_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    is_sensitive = models.BooleanField("sensitive", default=False)
    key_individual = models.ForeignKey(
        "supervision.KeyIndividual", on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    licence_condition = models.ForeignKey(
        "supervision.LicenceCondition", on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A cancelled appointment is kept, with who called it off, when and why: it never took place, so it has no
    # outcome and counts as neither a contact nor an absence (supervision.services.appointments). The database
    # default lets bulk SQL inserts (supervision/scale) leave these out.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.CharField(
        max_length=10, choices=CancellationReason.choices, blank=True, default="", db_default=""
    )
    cancellation_detail = models.TextField(blank=True, default="", db_default="")
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one on each edit; an edit form saved from an older version is refused (caseworks.submissions).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "starts_at"]),
            # The latest seen contacts of a type on a case, read by the overdue computation
            # (supervision/contact_requirements/latest_contacts.py) without touching older rows.
            models.Index(
                fields=["case", "contact_type", "-starts_at", "-id"],
                condition=Q(outcome__in=["ATTC", "ATFC", "ATSH", "MADE"]),  # SEEN_OUTCOMES (a test checks)
                name="contact_qualifying_idx",
            ),
            # Unacceptable absences, read by the outstanding-decision job, My work and the managers' dashboards:
            # a few in a hundred contacts, which without this index meant reading every contact in scope.
            models.Index(
                fields=["case", "absence_judged_on"],
                condition=Q(outcome="UA"),
                name="contact_absence_ua_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(absence_reason="") | Q(outcome="AA"),
                name="contact_absence_reason_only_for_acceptable_absence",
            ),
            # Recording the outcome sets the reason; an acceptable absence without one is a guess.
            models.CheckConstraint(
                condition=~Q(outcome="AA") | ~Q(absence_reason=""),
                name="contact_acceptable_absence_has_a_reason",
            ),
            # Failed to attend is a holding state: evidence is due by a date, and only then.
            models.CheckConstraint(
                condition=Q(outcome="FTA", evidence_due_on__isnull=False)
                | (~Q(outcome="FTA") & Q(evidence_due_on__isnull=True)),
                name="contact_evidence_due_only_after_failure_to_attend",
            ),
            models.CheckConstraint(
                condition=Q(outcome="UA", absence_judged_on__isnull=False)
                | (~Q(outcome="UA") & Q(absence_judged_on__isnull=True)),
                name="contact_unacceptable_absence_judged_on_a_day",
            ),
            # Someone other than the responsible officer is named; a police officer with their number, an
            # agency's worker with their agency.
            models.CheckConstraint(
                condition=Q(made_by="RO") | ~Q(made_by_name=""), name="contact_made_by_someone_else_is_named"
            ),
            models.CheckConstraint(
                condition=~Q(made_by="POLICE") | ~Q(made_by_identifier=""),
                name="contact_by_police_has_an_identifier",
            ),
            models.CheckConstraint(
                condition=~Q(made_by="AGENCY") | ~Q(made_by_agency=""), name="contact_by_agency_worker_has_an_agency"
            ),
            # A cancellation is an appointment's, and says when, by whom and why (any "Other" reason in words);
            # an appointment not cancelled carries none of it.
            models.CheckConstraint(
                condition=Q(
                    cancelled_at__isnull=True, cancelled_by__isnull=True, cancellation_reason="", cancellation_detail=""
                )
                | (
                    Q(
                        is_appointment=True,
                        cancelled_at__isnull=False,
                        cancelled_by__isnull=False,
                        cancellation_reason__in=["PROBATION", "PROGRAMME", "OFFICE", "OTHER"],
                    )
                    & (~Q(cancellation_reason="OTHER") | ~Q(cancellation_detail=""))
                ),
                name="contact_cancellation_is_complete",
            ),
            # A cancelled appointment did not take place: it has no outcome.
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | Q(outcome=""), name="contact_cancelled_has_no_outcome"
            ),
        ]

    def __str__(self):
        return f"{self.contact_type} for {self.case_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def is_awaiting_outcome_at(self, now):
        return self.is_appointment and not self.is_cancelled and not self.outcome and self.starts_at <= now

    def is_upcoming_at(self, now):
        """Booked for later and not cancelled."""
        return self.is_appointment and not self.is_cancelled and self.starts_at > now

    @property
    def made_by_description(self):
        if self.made_by == self.MadeBy.POLICE:
            number = f" ({self.made_by_identifier})" if self.made_by_identifier else ""
            return f"{self.made_by_name or 'Police officer'}{number}, police"
        if self.made_by == self.MadeBy.AGENCY_WORKER:
            agency = f", {self.made_by_agency}" if self.made_by_agency else ""
            return f"{self.made_by_name or 'Agency worker'}{agency}"
        if self.made_by_user_id:
            return self.made_by_user.get_full_name() or self.made_by_user.username
        return self.made_by_name or self.get_made_by_display()


class ContactAmendment(models.Model):
    """A correction to a contact: what changed (old and new values), who changed it, when and why."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="amendments")
    changes = models.JSONField(help_text='{"field": {"from": old, "to": new}, ...}')
    reason = models.TextField()
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["amended_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="contact_amendment_has_a_reason"),
        ]

    def __str__(self):
        return f"Amendment to contact {self.contact_id} at {self.amended_at:%Y-%m-%d %H:%M}"
