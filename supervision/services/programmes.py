"""Programmes: enrolling a case, booking its sessions as appointments, and the enrolment's start and end.

Every state change is one function here that locks the enrolment, looks its step up in the action table
(`supervision.models.programmes.ENROLMENT_TRANSITIONS`) and writes its event row and the new state in the same
transaction; taking a step the enrolment has already taken changes nothing, so a double submit records once. A
broken rule raises `RuleBroken` with the message the officer reads, before anything is written.

Attendance is not recorded here: each session is an appointment (`supervision.services.contacts`), and its
outcome is recorded on the contact like any other appointment's. When an enrolment ends (completed, terminated or
withdrawn) the sessions still booked after its end are cancelled in the same transaction
(`supervision.services.appointments`): they will not take place, and left booked they would wait for an outcome
and could be taken for absences.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caseworks.errors import InvalidTransition, RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision.models import (
    Case,
    Contact,
    ContactType,
    ProgrammeEnrolment,
    ProgrammeEnrolmentEvent,
    ProgrammeSession,
)
from supervision.models.programmes import ENROLMENT_TRANSITIONS
from supervision.services.appointments import cancel_locked
from supervision.services.contacts import ContactDetails, book_appointment

Action = ProgrammeEnrolmentEvent.Action
Status = ProgrammeEnrolment.Status

# The contact type every session is booked as (reference data: supervision.reference_data.catalogue).
PROGRAMME_SESSION_CODE = "CPRG"
# A run of sessions is booked a week apart, at most this many at once.
MOST_SESSIONS_AT_ONCE = 40

REFERRED_IN_THE_FUTURE = "The date of the referral must be today or in the past"
PROGRAMME_NOT_ACTIVE = "This programme is no longer offered: choose another"
REASON_REQUIRED = "Choose the licence condition that requires it, or enter why it is required"
CONDITION_NOT_ON_CASE = "Choose a licence condition on this case"
CONDITION_NOT_IN_FORCE = "{name} was not in force on {day:%-d %B %Y}, the date of the referral"
ALREADY_ENROLLED = "{case} is already enrolled on {programme}: complete, terminate or withdraw that enrolment first"
STARTED_BEFORE_REFERRAL = "The start date must be the same as or after the date of the referral"
STARTED_IN_THE_FUTURE = "The start date must be today or in the past"
ENDED_BEFORE_START = "The end date must be the same as or after the date it started"
ENDED_BEFORE_REFERRAL = "The end date must be the same as or after the date of the referral"
ENDED_IN_THE_FUTURE = "The end date must be today or in the past"
TERMINATION_REASON_REQUIRED = "Select why the programme was terminated"
END_DETAILS_REQUIRED = "Enter the details of why it ended"
WITHDRAWAL_REASON_REQUIRED = "Enter why the enrolment is being withdrawn"
NOT_STARTED = "The programme has not started: record its start first, or withdraw the referral"
ALREADY_ENDED = "This enrolment has ended: nothing more can be recorded on it"
SESSIONS_AWAITING_OUTCOME = "Record the outcome of every booked session before completing the programme"
SESSIONS_NOT_IN_PROGRESS = "Sessions can only be booked while the enrolment is in progress"
SESSION_COUNT = "Enter a number of sessions from 1 to {most}"
SESSION_NUMBER = "Enter a session number of 1 or more"

# Why an action cannot be taken from a state, in the officer's words (the table says whether it can).
_REFUSALS = {
    (Action.COMPLETED, Status.REFERRED): NOT_STARTED,
    (Action.TERMINATED, Status.REFERRED): NOT_STARTED,
}


def _today() -> date:
    return timezone.localdate()


def _lock(enrolment, expected_version: int | None = None) -> ProgrammeEnrolment:
    """The enrolment, locked for this change, and refused (`StaleEdit`) if the form was drawn from an older
    version: someone else may have ended it meanwhile."""
    locked = ProgrammeEnrolment.objects.select_for_update().select_related("case", "programme").get(pk=enrolment.pk)
    check_version(locked, expected_version)
    return locked


def _check_step(enrolment, action):
    step = ENROLMENT_TRANSITIONS[action]
    if enrolment.status not in step.from_states:
        message = _REFUSALS.get((action, enrolment.status))
        if message:
            raise RuleBroken(message)
        if enrolment.status in ProgrammeEnrolment.ENDED:
            raise RuleBroken(ALREADY_ENDED)
        raise InvalidTransition(enrolment.status, action)
    return step


def _record_event(enrolment, action, *, by, from_status, happened_on, reason="") -> ProgrammeEnrolmentEvent:
    return ProgrammeEnrolmentEvent.objects.create(
        enrolment=enrolment,
        action=action,
        from_status=from_status,
        to_status=enrolment.status,
        happened_on=happened_on,
        reason=reason,
        actor=by,
    )


def _move(enrolment, action, *, by, happened_on, reason="", fields=()) -> ProgrammeEnrolment:
    """Take the action's step on a locked enrolment: its event row and its new state, together."""
    step = _check_step(enrolment, action)
    from_status = enrolment.status
    enrolment.status = step.to
    enrolment._history_user = by
    enrolment.save(update_fields=["status", "updated_at", "version", *fields])
    _record_event(enrolment, action, by=by, from_status=from_status, happened_on=happened_on, reason=reason)
    return enrolment


def _broken_referral_rules(case, programme, referred_on, licence_condition, required_because):
    if referred_on > _today():
        yield RuleBroken(REFERRED_IN_THE_FUTURE, field="referred_on")
    if not programme.is_active:
        yield RuleBroken(PROGRAMME_NOT_ACTIVE, field="programme")
    if licence_condition is None and not required_because.strip():
        yield RuleBroken(REASON_REQUIRED, field="required_because")
    if licence_condition is not None:
        if licence_condition.case_id != case.pk:
            yield RuleBroken(CONDITION_NOT_ON_CASE, field="licence_condition")
        elif not case.licence_conditions.in_force(on=referred_on).filter(pk=licence_condition.pk).exists():
            name = licence_condition.condition_type.name
            yield RuleBroken(CONDITION_NOT_IN_FORCE.format(name=name, day=referred_on), field="licence_condition")


@transaction.atomic
def enrol(
    case,
    *,
    by,
    programme,
    referred_on: date,
    licence_condition=None,
    required_because: str = "",
    started_on: date | None = None,
) -> ProgrammeEnrolment:
    """Refer the case to a programme, as a licence condition (or, given in words, an order's requirement)
    requires; with a start date, record that it has started too. One enrolment in progress per programme: the
    case row is locked so two officers enrolling at once cannot both pass the check (a unique constraint is the
    backstop)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    broken = list(_broken_referral_rules(case, programme, referred_on, licence_condition, required_because))
    if started_on is not None:
        broken += _broken_start_rules(referred_on, started_on)
    raise_if_broken(broken)
    if case.programme_enrolments.in_progress().filter(programme=programme).exists():
        raise RuleBroken(ALREADY_ENROLLED.format(case=case.full_name, programme=programme.name), field="programme")
    enrolment = ProgrammeEnrolment(
        case=case,
        programme=programme,
        licence_condition=licence_condition,
        required_because=required_because.strip(),
        referred_on=referred_on,
        created_by=by,
    )
    enrolment._history_user = by
    enrolment.save()
    _record_event(enrolment, Action.REFERRED, by=by, from_status="", happened_on=referred_on)
    if started_on is not None:
        enrolment.started_on = started_on
        _move(enrolment, Action.STARTED, by=by, happened_on=started_on, fields=["started_on"])
    return enrolment


def _broken_start_rules(referred_on: date, started_on: date):
    if started_on < referred_on:
        yield RuleBroken(STARTED_BEFORE_REFERRAL, field="started_on")
    if started_on > _today():
        yield RuleBroken(STARTED_IN_THE_FUTURE, field="started_on")


@transaction.atomic
def start_enrolment(enrolment, *, by, started_on: date, expected_version: int | None = None) -> ProgrammeEnrolment:
    """The person has started the programme (their first session or assessment)."""
    enrolment = _lock(enrolment, expected_version)
    if enrolment.status == Status.STARTED:
        return enrolment  # a double click records nothing twice
    raise_if_broken(_broken_start_rules(enrolment.referred_on, started_on))
    enrolment.started_on = started_on
    return _move(enrolment, Action.STARTED, by=by, happened_on=started_on, fields=["started_on"])


def _sessions_after_the_end(enrolment, *, ended_on: date) -> list[Contact]:
    """The enrolment's sessions still booked, with no outcome, for after the day it ended or still to come:
    locked, to be cancelled with the end. Sessions before the end keep their outcomes to record."""
    now = timezone.now()
    after_end = timezone.make_aware(datetime.combine(ended_on + timedelta(days=1), time.min))
    return list(
        Contact.objects.booked_appointments()
        .filter(programme_session__enrolment=enrolment, outcome="")
        .filter(Q(starts_at__gt=now) | Q(starts_at__gte=after_end))
        .select_for_update(of=("self",))
        .order_by("pk")
    )


def _cancel_sessions(enrolment, sessions: list[Contact], *, by) -> int:
    """Cancel the sessions the end leaves booked ("Programme ended"), saying how it ended and when."""
    for contact in sessions:
        check_version(contact, None)
    detail = f"{enrolment.programme.name} {enrolment.get_status_display().lower()} on {enrolment.ended_on:%-d %B %Y}"
    return cancel_locked(sessions, by=by, reason=Contact.CancellationReason.PROGRAMME_ENDED, detail=detail)


def sessions_cancelled_by_the_end(enrolment) -> int:
    """How many of the enrolment's sessions were cancelled because it ended: what the officer is told."""
    return enrolment.sessions.filter(contact__cancellation_reason=Contact.CancellationReason.PROGRAMME_ENDED).count()


def _broken_end_rules(enrolment, ended_on: date):
    if ended_on > _today():
        yield RuleBroken(ENDED_IN_THE_FUTURE, field="ended_on")
    if enrolment.started_on and ended_on < enrolment.started_on:
        yield RuleBroken(ENDED_BEFORE_START, field="ended_on")
    elif ended_on < enrolment.referred_on:
        yield RuleBroken(ENDED_BEFORE_REFERRAL, field="ended_on")


@transaction.atomic
def complete_enrolment(
    enrolment, *, by, ended_on: date, notes: str = "", expected_version: int | None = None
) -> ProgrammeEnrolment:
    """The person has completed the programme. Every session booked up to the end must have its outcome first: a
    completion with sessions still open would hide whether they were attended. Sessions booked after it are
    cancelled."""
    enrolment = _lock(enrolment, expected_version)
    if enrolment.status == Status.COMPLETED:
        return enrolment
    _check_step(enrolment, Action.COMPLETED)
    raise_if_broken(_broken_end_rules(enrolment, ended_on))
    after_the_end = _sessions_after_the_end(enrolment, ended_on=ended_on)
    open_sessions = Contact.objects.booked_appointments().filter(programme_session__enrolment=enrolment, outcome="")
    if open_sessions.exclude(pk__in=[contact.pk for contact in after_the_end]).exists():
        raise RuleBroken(SESSIONS_AWAITING_OUTCOME)
    enrolment.ended_on = ended_on
    enrolment.end_reason = notes.strip()
    fields = ["ended_on", "end_reason"]
    _move(enrolment, Action.COMPLETED, by=by, happened_on=ended_on, reason=notes.strip(), fields=fields)
    _cancel_sessions(enrolment, after_the_end, by=by)
    return enrolment


@transaction.atomic
def terminate_enrolment(
    enrolment, *, by, ended_on: date, reason: str, details: str, expected_version: int | None = None
) -> ProgrammeEnrolment:
    """The provider ended the person's place: non-attendance, non-compliance, deselection or another reason,
    with the details (the missed sessions are on the case as unacceptable absences, for enforcement). Sessions
    booked after the end are cancelled."""
    enrolment = _lock(enrolment, expected_version)
    if enrolment.status == Status.TERMINATED:
        return enrolment
    _check_step(enrolment, Action.TERMINATED)
    broken = list(_broken_end_rules(enrolment, ended_on))
    if reason not in ProgrammeEnrolment.TerminationReason.values:
        broken.append(RuleBroken(TERMINATION_REASON_REQUIRED, field="reason"))
    if not details.strip():
        broken.append(RuleBroken(END_DETAILS_REQUIRED, field="details"))
    raise_if_broken(broken)
    enrolment.ended_on = ended_on
    enrolment.termination_reason = reason
    enrolment.end_reason = details.strip()
    _move(
        enrolment,
        Action.TERMINATED,
        by=by,
        happened_on=ended_on,
        reason=details.strip(),
        fields=["ended_on", "termination_reason", "end_reason"],
    )
    _cancel_sessions(enrolment, _sessions_after_the_end(enrolment, ended_on=ended_on), by=by)
    return enrolment


@transaction.atomic
def withdraw_enrolment(
    enrolment, *, by, ended_on: date, reason: str, expected_version: int | None = None
) -> ProgrammeEnrolment:
    """Withdraw the referral or place (the condition was varied, the person moved area), with the reason. Sessions
    booked after the end are cancelled."""
    enrolment = _lock(enrolment, expected_version)
    if enrolment.status == Status.WITHDRAWN:
        return enrolment
    _check_step(enrolment, Action.WITHDRAWN)
    broken = list(_broken_end_rules(enrolment, ended_on))
    if not reason.strip():
        broken.append(RuleBroken(WITHDRAWAL_REASON_REQUIRED, field="reason"))
    raise_if_broken(broken)
    enrolment.ended_on = ended_on
    enrolment.end_reason = reason.strip()
    fields = ["ended_on", "end_reason"]
    _move(enrolment, Action.WITHDRAWN, by=by, happened_on=ended_on, reason=reason.strip(), fields=fields)
    _cancel_sessions(enrolment, _sessions_after_the_end(enrolment, ended_on=ended_on), by=by)
    return enrolment


def next_session_number(enrolment) -> int:
    numbers = [session.session_number for session in enrolment.sessions.all()]
    return max(numbers, default=0) + 1


@transaction.atomic
def book_sessions(
    enrolment,
    *,
    by,
    first_at: datetime,
    count: int = 1,
    first_number: int | None = None,
    location: str = "",
    now=None,
) -> list[ProgrammeSession]:
    """Book one session, or a run of weekly sessions, each as a programme-session appointment on the case
    (in the future, like any appointment), numbered on from the last one booked unless a number is given."""
    enrolment = _lock(enrolment)
    broken = []
    if not enrolment.is_in_progress:
        broken.append(RuleBroken(SESSIONS_NOT_IN_PROGRESS))
    if not 1 <= count <= MOST_SESSIONS_AT_ONCE:
        broken.append(RuleBroken(SESSION_COUNT.format(most=MOST_SESSIONS_AT_ONCE), field="count"))
    if first_number is not None and first_number < 1:
        broken.append(RuleBroken(SESSION_NUMBER, field="first_number"))
    raise_if_broken(broken)
    number = first_number or next_session_number(enrolment)
    session_type = ContactType.objects.get(code=PROGRAMME_SESSION_CODE)
    sessions = []
    for index in range(count):
        details = ContactDetails(
            contact_type=session_type,
            starts_at=first_at + timedelta(weeks=index),
            location=location,
            notes=f"{enrolment.programme.name}: session {number + index}",
            licence_condition=enrolment.licence_condition,
        )
        contact = book_appointment(enrolment.case, details, by=by, now=now)
        sessions.append(
            ProgrammeSession.objects.create(
                enrolment=enrolment, session_number=number + index, contact=contact, booked_by=by
            )
        )
    return sessions
