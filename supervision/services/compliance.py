"""The case's compliance at a glance: warnings in force, failures since the last warning, open allegations,
programme attendance, and the positive side too (appointments kept, sessions attended, the last contact).

The counts are one set-based rule, `with_compliance_counts(cases, on=)`, an annotation over any queryset of cases
(each count a correlated subquery, so counts never multiply through joins): the case page reads it for one case
and a dashboard can read it for a caseload in one query. `compliance_summary(case, on=)` adds the few records the
case page names (the warnings themselves and the last contact): four queries whatever the case holds.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from supervision.models import Allegation, Case, Contact, EnforcementDecision, ProgrammeEnrolment
from supervision.models.programmes import ATTENDED_OUTCOMES

Outcome = Contact.Outcome

# Positive engagement is counted over this recent stretch: long enough to show a pattern, short enough to be now.
ENGAGEMENT_WEEKS = 12
# Failures that count against the person: absences judged unacceptable, and attending but not complying.
FAILURE_OUTCOMES = (Outcome.UNACCEPTABLE_ABSENCE, Outcome.ATTENDED_FAILED_TO_COMPLY)
MISSED_SESSION_OUTCOMES = (Outcome.FAILED_TO_ATTEND, Outcome.UNACCEPTABLE_ABSENCE)
NO_WARNING_YET = date(1900, 1, 1)


def _count(queryset):
    """The number of rows of `queryset` for the outer case, as a subquery (0 when there are none)."""
    counted = queryset.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def with_compliance_counts(cases, *, on: date):
    """`cases` annotated with their compliance counts on the day `on`: one query for any number of cases."""
    end_of_day = _start_of(on + timedelta(days=1))
    last_warning_on = Coalesce(
        Subquery(
            EnforcementDecision.objects.warnings()
            .filter(case=OuterRef("pk"), decided_on__lte=on)
            .order_by("-decided_on")
            .values("decided_on")[:1],
            output_field=DateField(),
        ),
        Value(NO_WARNING_YET),
    )
    # Failures after the day of the last warning (on that day they were what the warning answered).
    failures = Contact.objects.filter(
        outcome__in=FAILURE_OUTCOMES, starts_at__date__gt=OuterRef("last_warning_on"), starts_at__lt=end_of_day
    )
    # A cancelled session was never going to take place: it is not booked, attended or missed.
    sessions = Contact.objects.not_cancelled().filter(programme_session__isnull=False)
    since = end_of_day - timedelta(weeks=ENGAGEMENT_WEEKS)
    appointments = Contact.objects.filter(is_appointment=True, starts_at__gte=since, starts_at__lt=end_of_day)
    return cases.annotate(last_warning_on=last_warning_on).annotate(
        warnings_in_force=_count(EnforcementDecision.objects.warnings_in_force(on=on)),
        failures_since_last_warning=_count(failures),
        open_allegations=_count(Allegation.objects.open()),
        # Booked: every session not moved to another date, those still to come included.
        sessions_booked=_count(sessions.exclude(outcome=Outcome.RESCHEDULED)),
        sessions_attended=_count(sessions.filter(outcome__in=ATTENDED_OUTCOMES)),
        sessions_missed=_count(sessions.filter(outcome__in=MISSED_SESSION_OUTCOMES)),
        sessions_excused=_count(sessions.filter(outcome=Outcome.ACCEPTABLE_ABSENCE)),
        programmes_completed=_count(ProgrammeEnrolment.objects.filter(status=ProgrammeEnrolment.Status.COMPLETED)),
        appointments_kept=_count(appointments.filter(outcome=Outcome.ATTENDED_COMPLIED)),
        appointments_with_outcome=_count(appointments.exclude(outcome__in=["", Outcome.RESCHEDULED])),
    )


@dataclass
class ComplianceSummary:
    on: date
    warnings: list = field(default_factory=list)  # in force on `on`, newest first
    last_warning_on: date | None = None
    failures_since_last_warning: int = 0
    open_allegations: int = 0
    sessions_booked: int = 0
    sessions_attended: int = 0
    sessions_missed: int = 0
    sessions_excused: int = 0
    programmes_completed: int = 0
    appointments_kept: int = 0
    appointments_with_outcome: int = 0
    last_contact: Contact | None = None  # the last time the person was seen or spoken to

    @property
    def has_programme(self) -> bool:
        return bool(self.sessions_booked or self.programmes_completed)


def compliance_summary(case, *, on: date | None = None) -> ComplianceSummary:
    """The case's compliance on the day `on` (today by default): four queries."""
    on = on or timezone.localdate()
    counts = with_compliance_counts(Case.objects.filter(pk=case.pk), on=on).values(
        "last_warning_on",
        "failures_since_last_warning",
        "open_allegations",
        "sessions_booked",
        "sessions_attended",
        "sessions_missed",
        "sessions_excused",
        "programmes_completed",
        "appointments_kept",
        "appointments_with_outcome",
    )[0]
    last_warning_on = counts.pop("last_warning_on")
    warnings = list(case.enforcement_decisions.warnings_in_force(on=on).order_by("-decided_on", "-pk"))
    # The last time the person was seen or spoken to.
    last_contact = (
        case.contacts.filter(starts_at__lt=_start_of(on + timedelta(days=1)), outcome__in=Contact.SEEN_OUTCOMES)
        .select_related("contact_type")
        .order_by("-starts_at", "-pk")
        .first()
    )
    return ComplianceSummary(
        on=on,
        warnings=warnings,
        last_warning_on=None if last_warning_on == NO_WARNING_YET else last_warning_on,
        last_contact=last_contact,
        **counts,
    )
