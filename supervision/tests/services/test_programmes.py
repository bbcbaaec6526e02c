"""Programme enrolments: each step of the workflow, the rules that refuse a step with a message and write
nothing, a double submit recording once, and sessions booked as appointments whose outcomes are attendance."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.submissions import StaleEdit
from supervision.models import Contact, ProgrammeEnrolment, ProgrammeEnrolmentEvent, ProgrammeSession
from supervision.models.programmes import attendance_of
from supervision.services import programmes as services
from supervision.services.contacts import record_outcome
from supervision.tests.factories import CaseFactory
from supervision.tests.programme_factories import bbr, enrol, programme_condition, programme_session_type

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
Status = ProgrammeEnrolment.Status
Action = ProgrammeEnrolmentEvent.Action


@pytest.fixture
def case():
    return CaseFactory(started_on=TODAY - timedelta(days=60))


def actions(enrolment):
    return list(enrolment.events.order_by("pk").values_list("action", flat=True))


def test_enrolling_as_the_licence_condition_requires_records_the_referral(case):
    condition = programme_condition(case)

    enrolment = services.enrol(
        case, by=case.responsible_officer, programme=bbr(), referred_on=TODAY, licence_condition=condition
    )

    assert enrolment.status == Status.REFERRED
    assert enrolment.required_by == "Licence condition: Attend a programme"
    assert actions(enrolment) == [Action.REFERRED]


def test_enrolling_with_a_start_date_records_the_referral_and_the_start(case):
    enrolment = enrol(case, started=True)

    assert enrolment.status == Status.STARTED
    assert actions(enrolment) == [Action.REFERRED, Action.STARTED]


def test_an_enrolment_no_condition_requires_must_say_why(case):
    with pytest.raises(RuleBroken) as refused:
        services.enrol(case, by=case.responsible_officer, programme=bbr(), referred_on=TODAY)

    assert refused.value.message == services.REASON_REQUIRED
    assert not ProgrammeEnrolment.objects.exists()


def test_an_order_requirement_given_in_words_is_reason_enough(case):
    enrolment = enrol(case, required_because="Accredited programme requirement of the community order")

    assert enrolment.licence_condition is None
    assert enrolment.required_by.startswith("Accredited programme requirement")


def test_another_case_s_condition_is_refused(case):
    other = programme_condition(CaseFactory())

    with pytest.raises(RuleBroken, match="Choose a licence condition on this case"):
        services.enrol(case, by=case.responsible_officer, programme=bbr(), referred_on=TODAY, licence_condition=other)


def test_one_enrolment_in_progress_per_case_and_programme(case):
    enrol(case)

    with pytest.raises(RuleBroken, match="already enrolled on Building Better Relationships"):
        enrol(case)
    assert ProgrammeEnrolment.objects.count() == 1


def test_the_database_refuses_a_second_enrolment_in_progress_whatever_the_service_checks(case):
    first = enrol(case)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeEnrolment.objects.create(
            case=case,
            programme=first.programme,
            referred_on=TODAY,
            required_because="A race",
            created_by=case.responsible_officer,
        )


def test_a_case_can_be_enrolled_again_once_the_last_enrolment_ended(case):
    first = enrol(case)
    services.withdraw_enrolment(first, by=case.responsible_officer, ended_on=TODAY, reason="Condition varied")

    again = enrol(case, licence_condition=first.licence_condition)

    assert again.status == Status.STARTED


def test_starting_twice_records_the_start_once(case):
    enrolment = enrol(case, started=False)

    services.start_enrolment(enrolment, by=case.responsible_officer, started_on=TODAY)
    services.start_enrolment(enrolment, by=case.responsible_officer, started_on=TODAY)

    enrolment.refresh_from_db()
    assert enrolment.status == Status.STARTED
    assert actions(enrolment) == [Action.REFERRED, Action.STARTED]


def test_a_start_before_the_referral_is_refused(case):
    enrolment = enrol(case, started=False)

    with pytest.raises(RuleBroken, match="same as or after the date of the referral"):
        day_before = enrolment.referred_on - timedelta(days=1)
        services.start_enrolment(enrolment, by=case.responsible_officer, started_on=day_before)


def test_a_referral_that_never_started_cannot_be_completed_or_terminated_only_withdrawn(case):
    enrolment = enrol(case, started=False)
    by = case.responsible_officer

    with pytest.raises(RuleBroken, match="has not started"):
        services.complete_enrolment(enrolment, by=by, ended_on=TODAY)
    with pytest.raises(RuleBroken, match="has not started"):
        services.terminate_enrolment(enrolment, by=by, ended_on=TODAY, reason="DESELECTED", details="Not suitable")
    services.withdraw_enrolment(enrolment, by=by, ended_on=TODAY, reason="Moved out of the area")

    enrolment.refresh_from_db()
    assert enrolment.status == Status.WITHDRAWN
    assert actions(enrolment) == [Action.REFERRED, Action.WITHDRAWN]


def test_nothing_more_is_recorded_on_an_enrolment_that_has_ended(case):
    enrolment = enrol(case)
    by = case.responsible_officer
    services.complete_enrolment(enrolment, by=by, ended_on=TODAY)

    with pytest.raises(RuleBroken, match="has ended"):
        services.withdraw_enrolment(enrolment, by=by, ended_on=TODAY, reason="Too late")
    with pytest.raises(RuleBroken, match="while the enrolment is in progress"):
        services.book_sessions(enrolment, by=by, first_at=timezone.now() + timedelta(days=1))


def test_completion_waits_for_every_session_s_outcome_up_to_the_end(case):
    enrolment = enrol(case)
    by = case.responsible_officer
    booked_at = timezone.now() - timedelta(days=3)
    [session] = services.book_sessions(enrolment, by=by, first_at=booked_at + timedelta(hours=1), now=booked_at)

    with pytest.raises(RuleBroken, match="outcome of every booked session"):
        services.complete_enrolment(enrolment, by=by, ended_on=TODAY)

    record_outcome(session.contact, outcome=Contact.Outcome.ATTENDED_COMPLIED, by=by)
    services.complete_enrolment(enrolment, by=by, ended_on=TODAY, notes="All sessions done")
    services.complete_enrolment(enrolment, by=by, ended_on=TODAY, notes="All sessions done")
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED
    assert actions(enrolment).count(Action.COMPLETED) == 1


def test_termination_says_why_and_records_once(case):
    enrolment = enrol(case)
    by = case.responsible_officer

    with pytest.raises(RuleBroken) as refused:
        services.terminate_enrolment(enrolment, by=by, ended_on=TODAY, reason="", details=" ")
    assert {rule.field for rule in refused.value.every_rule} == {"reason", "details"}

    for _ in range(2):
        services.terminate_enrolment(
            enrolment, by=by, ended_on=TODAY, reason="NON_ATTENDANCE", details="Missed three sessions"
        )
    enrolment.refresh_from_db()
    assert enrolment.status == Status.TERMINATED
    assert enrolment.termination_reason == ProgrammeEnrolment.TerminationReason.NON_ATTENDANCE
    assert actions(enrolment) == [Action.REFERRED, Action.STARTED, Action.TERMINATED]


def test_an_end_before_the_start_is_refused(case):
    enrolment = enrol(case, days_ago=10)

    with pytest.raises(RuleBroken, match="same as or after the date it started"):
        services.complete_enrolment(enrolment, by=case.responsible_officer, ended_on=TODAY - timedelta(days=20))


def test_a_form_drawn_before_someone_else_ended_it_is_refused_as_stale(case):
    enrolment = enrol(case)
    drawn_at = ProgrammeEnrolment.objects.get(pk=enrolment.pk).version
    services.withdraw_enrolment(enrolment, by=case.responsible_officer, ended_on=TODAY, reason="Varied")

    with pytest.raises(StaleEdit):
        services.terminate_enrolment(
            enrolment,
            by=case.responsible_officer,
            ended_on=TODAY,
            reason="OTHER",
            details="x",
            expected_version=drawn_at,
        )


def test_a_run_of_weekly_sessions_is_booked_as_programme_appointments_numbered_on(case):
    enrolment = enrol(case)
    by = case.responsible_officer
    first_at = timezone.now() + timedelta(days=2)
    services.book_sessions(enrolment, by=by, first_at=first_at)

    run = services.book_sessions(enrolment, by=by, first_at=first_at + timedelta(weeks=1), count=3)

    assert [session.session_number for session in run] == [2, 3, 4]
    assert [session.contact.starts_at for session in run] == [first_at + timedelta(weeks=week) for week in (1, 2, 3)]
    contact = run[0].contact
    assert contact.is_appointment and contact.contact_type.code == services.PROGRAMME_SESSION_CODE
    assert contact.licence_condition == enrolment.licence_condition
    assert "Building Better Relationships: session 2" in contact.notes


def test_a_session_in_the_past_is_refused_like_any_appointment(case):
    enrolment = enrol(case)

    with pytest.raises(RuleBroken, match="The appointment must be in the future"):
        services.book_sessions(enrolment, by=case.responsible_officer, first_at=timezone.now() - timedelta(hours=1))
    assert not ProgrammeSession.objects.exists()


def test_a_run_too_long_is_refused(case):
    enrolment = enrol(case)

    with pytest.raises(RuleBroken, match="from 1 to 40"):
        services.book_sessions(enrolment, by=case.responsible_officer, first_at=timezone.now(), count=41)


def test_attendance_is_the_sessions_appointment_outcomes(case):
    programme_session_type()
    enrolment = enrol(case)
    by = case.responsible_officer
    booked_at = timezone.now() - timedelta(days=22)
    sessions = services.book_sessions(enrolment, by=by, first_at=booked_at + timedelta(days=1), count=5, now=booked_at)
    outcomes = [Contact.Outcome.ATTENDED_COMPLIED, Contact.Outcome.ACCEPTABLE_ABSENCE, Contact.Outcome.FAILED_TO_ATTEND]
    for session, outcome in zip(sessions, outcomes, strict=False):
        record_outcome(session.contact, outcome=outcome, absence_reason="MEDICAL" if outcome == "AA" else "", by=by)
    record_outcome(
        sessions[2].contact, outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE, reason="No good reason given", by=by
    )

    contacts = [session.contact for session in ProgrammeSession.objects.select_related("contact")]
    attendance = attendance_of(contacts, now=timezone.now())

    assert (attendance.attended, attendance.acceptable_absence, attendance.unacceptable_absence) == (1, 1, 1)
    assert attendance.awaiting_outcome == 1 and attendance.upcoming == 1 and attendance.booked == 5
    assert [contact.pk for contact in attendance.missed_contacts] == [sessions[2].contact_id]


def sessions_either_side_of_today(enrolment, by):
    """Two sessions last week and the week before (their time passed, one attended) and two still to come."""
    booked_at = timezone.now() - timedelta(days=15)
    past = services.book_sessions(enrolment, by=by, first_at=booked_at + timedelta(days=1), count=2, now=booked_at)
    record_outcome(past[0].contact, outcome=Contact.Outcome.ATTENDED_COMPLIED, by=by)
    future = services.book_sessions(enrolment, by=by, first_at=timezone.now() + timedelta(days=1), count=2)
    return [session.contact for session in past], [session.contact for session in future]


def test_termination_cancels_the_sessions_still_to_come_only(case):
    enrolment = enrol(case, days_ago=20)
    by = case.responsible_officer
    past, future = sessions_either_side_of_today(enrolment, by)

    services.terminate_enrolment(enrolment, by=by, ended_on=TODAY, reason="NON_ATTENDANCE", details="Missed two")

    cancelled = Contact.objects.cancelled()
    assert sorted(cancelled.values_list("pk", flat=True)) == [contact.pk for contact in future]
    assert {(c.cancellation_reason, c.cancelled_by_id) for c in cancelled} == {("PROGRAMME", by.pk)}
    assert cancelled[0].cancellation_detail == f"Building Better Relationships terminated on {TODAY:%-d %B %Y}"
    # The past session awaiting its outcome still awaits it: whether it was attended is for the officer to record.
    assert list(Contact.objects.awaiting_outcome(now=timezone.now())) == [past[1]]
    assert services.sessions_cancelled_by_the_end(enrolment) == 2


def test_sessions_after_an_earlier_end_date_are_cancelled_too(case):
    enrolment = enrol(case, days_ago=20)
    by = case.responsible_officer
    past, future = sessions_either_side_of_today(enrolment, by)
    ended_on = timezone.localdate(past[1].starts_at) - timedelta(days=1)

    services.withdraw_enrolment(enrolment, by=by, ended_on=ended_on, reason="Moved area")

    assert set(Contact.objects.cancelled()) == {past[1], *future}
    assert not Contact.objects.awaiting_outcome(now=timezone.now()).exists()


def test_completion_cancels_sessions_booked_beyond_it_and_a_repeat_cancels_nothing_more(case):
    enrolment = enrol(case, days_ago=20)
    by = case.responsible_officer
    past, future = sessions_either_side_of_today(enrolment, by)
    record_outcome(past[1], outcome=Contact.Outcome.ATTENDED_COMPLIED, by=by)

    for _ in range(2):
        services.complete_enrolment(enrolment, by=by, ended_on=TODAY, notes="All done")

    assert set(Contact.objects.cancelled()) == set(future)
    assert all(contact.history.filter(cancelled_at__isnull=False).count() == 1 for contact in future)
    contacts = [session.contact for session in ProgrammeSession.objects.select_related("contact")]
    attendance = attendance_of(contacts, now=timezone.now())
    assert (attendance.attended, attendance.cancelled, attendance.upcoming, attendance.booked) == (2, 2, 0, 2)
