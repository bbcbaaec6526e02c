"""The compliance summary: warnings in force, failures since the last warning, open allegations, programme
attendance and positive engagement, for one case in a fixed number of queries and for many cases in one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from supervision.demo.caseload import at
from supervision.models import Case, Contact, EnforcementDecision
from supervision.services import programmes
from supervision.services.compliance import compliance_summary, with_compliance_counts
from supervision.services.contacts import record_outcome
from supervision.tests.allegation_factories import decided_allegation, record_allegation
from supervision.tests.factories import CaseFactory, ContactFactory, ContactTypeFactory
from supervision.tests.programme_factories import enrol

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
Outcome = Contact.Outcome


@pytest.fixture
def case():
    return CaseFactory(started_on=TODAY - timedelta(days=200))


def warning(case, *, days_ago, kind=EnforcementDecision.Kind.WARNING, lasts=365):
    decided_on = TODAY - timedelta(days=days_ago)
    return EnforcementDecision.objects.create(
        case=case,
        kind=kind,
        decided_on=decided_on,
        in_force_until=decided_on + timedelta(days=lasts),
        rationale="Entered the exclusion zone.",
        decided_by=case.responsible_officer,
    )


def contact(case, *, days_ago, outcome=Outcome.ATTENDED_COMPLIED, appointment=True):
    absence = {"absence_judged_on": TODAY} if outcome == Outcome.UNACCEPTABLE_ABSENCE else {}
    return ContactFactory(
        case=case,
        starts_at=at(TODAY - timedelta(days=days_ago), 10),
        outcome=outcome,
        is_appointment=appointment,
        **absence,
    )


def test_warnings_in_force_are_listed_with_when_they_end_and_expired_ones_are_not(case):
    warning(case, days_ago=400)  # expired 35 days ago
    final = warning(case, days_ago=20, kind=EnforcementDecision.Kind.FINAL_WARNING)

    summary = compliance_summary(case, on=TODAY)

    assert summary.warnings == [final]
    assert summary.last_warning_on == final.decided_on


def test_failures_counted_are_those_after_the_day_of_the_last_warning(case):
    contact(case, days_ago=40, outcome=Outcome.UNACCEPTABLE_ABSENCE)  # before: what the warning answered
    warning(case, days_ago=30)
    contact(case, days_ago=30, outcome=Outcome.ATTENDED_FAILED_TO_COMPLY)  # on the day of the warning
    contact(case, days_ago=10, outcome=Outcome.UNACCEPTABLE_ABSENCE)
    contact(case, days_ago=5, outcome=Outcome.ATTENDED_FAILED_TO_COMPLY)
    contact(case, days_ago=4, outcome=Outcome.ACCEPTABLE_ABSENCE)  # a good reason is no failure

    assert compliance_summary(case, on=TODAY).failures_since_last_warning == 2


def test_with_no_warning_every_failure_counts(case):
    contact(case, days_ago=100, outcome=Outcome.UNACCEPTABLE_ABSENCE)
    contact(case, days_ago=10, outcome=Outcome.UNACCEPTABLE_ABSENCE)

    summary = compliance_summary(case, on=TODAY)

    assert summary.failures_since_last_warning == 2
    assert summary.last_warning_on is None and summary.warnings == []


def test_open_allegations_are_those_without_a_finding(case):
    record_allegation(case)
    decided_allegation(case)

    assert compliance_summary(case, on=TODAY).open_allegations == 1


def test_programme_attendance_counts_attended_and_missed_sessions_of_those_booked(case):
    enrolment = enrol(case)
    by = case.responsible_officer
    booked_at = timezone.now() - timedelta(days=20)
    sessions = programmes.book_sessions(
        enrolment, by=by, first_at=booked_at + timedelta(days=1), count=4, now=booked_at
    )
    record_outcome(sessions[0].contact, outcome=Outcome.ATTENDED_COMPLIED, by=by)
    record_outcome(sessions[1].contact, outcome=Outcome.FAILED_TO_ATTEND, by=by)
    record_outcome(sessions[2].contact, outcome=Outcome.ACCEPTABLE_ABSENCE, absence_reason="MEDICAL", by=by)

    summary = compliance_summary(case, on=TODAY)

    assert (summary.sessions_attended, summary.sessions_missed, summary.sessions_excused) == (1, 1, 1)
    assert summary.sessions_booked == 4 and summary.has_programme  # the last one still to come


def test_positive_engagement_appointments_kept_in_the_last_12_weeks_and_the_last_time_seen(case):
    contact(case, days_ago=100)  # before the last 12 weeks
    contact(case, days_ago=30)
    contact(case, days_ago=20, outcome=Outcome.UNACCEPTABLE_ABSENCE)
    seen = contact(case, days_ago=3)
    contact(case, days_ago=1, outcome=Outcome.FAILED_TO_ATTEND)  # not seen
    ContactFactory(case=case, contact_type=ContactTypeFactory(), starts_at=timezone.now() + timedelta(days=2))

    summary = compliance_summary(case, on=TODAY)

    assert summary.appointments_kept == 2
    assert summary.appointments_with_outcome == 4
    assert summary.last_contact == seen


def test_the_summary_costs_three_queries_however_much_the_case_holds(case, django_assert_num_queries):
    for days in range(1, 30):
        contact(case, days_ago=days, outcome=Outcome.UNACCEPTABLE_ABSENCE if days % 3 else Outcome.ATTENDED_COMPLIED)
    warning(case, days_ago=15)
    record_allegation(case)

    with django_assert_num_queries(3):
        summary = compliance_summary(case, on=TODAY)

    assert summary.failures_since_last_warning == 10  # days 1 to 14, less every third


def test_a_caseload_s_counts_come_in_one_query_each_case_its_own(django_assert_num_queries):
    quiet, troubled = CaseFactory(), CaseFactory()
    contact(troubled, days_ago=3, outcome=Outcome.UNACCEPTABLE_ABSENCE)
    contact(quiet, days_ago=3)
    record_allegation(troubled)

    with django_assert_num_queries(1):
        counts = {
            case.pk: (case.failures_since_last_warning, case.open_allegations, case.appointments_kept)
            for case in with_compliance_counts(Case.objects.all(), on=TODAY)
        }

    assert counts == {quiet.pk: (0, 0, 1), troubled.pk: (1, 1, 0)}
