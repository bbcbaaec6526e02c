"""The outstanding-enforcement-decision job: an unacceptable absence with no decision past its due day is flagged
once, its officer told once and, some days later, their line manager once; the flag closes when decided, amended or
the case ends."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from supervision.models import AbsenceDecisionFlag, Case, Contact, EnforcementPolicy, Notification, UnroutedItem
from supervision.schedules import ABSENCE_DECISIONS_TASK_NAME
from supervision.services import closure
from supervision.services.absence_decisions import flag_outstanding_absence_decisions, outstanding_absence_decisions
from supervision.tasks import flag_outstanding_absence_decisions as flag_task
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory
from supervision.tests.services.absence_helpers import (
    DUE_ON,
    FIRST_LATE_DAY,
    JUDGED_ON,
    MANAGER_DAY,
    case_with_absence,
    decide,
    unacceptable_absence,
)

pytestmark = pytest.mark.django_db

Resolution = AbsenceDecisionFlag.Resolution


def waiting_case(team):
    return CaseFactory(
        responsible_officer=None,
        awaiting_allocation_since=timezone.now(),
        team=team["team"],
        started_on=JUDGED_ON - timedelta(days=60),
    )


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]


def test_an_absence_is_outstanding_only_after_the_policys_days_have_passed():
    _, _, absence = case_with_absence()
    assert list(outstanding_absence_decisions(on=DUE_ON)) == []
    assert list(outstanding_absence_decisions(on=FIRST_LATE_DAY)) == [absence]
    assert outstanding_absence_decisions(on=FIRST_LATE_DAY).get().decision_due_on == DUE_ON


def test_the_days_come_from_the_enforcement_policy():
    _, _, absence = case_with_absence()
    EnforcementPolicy.objects.update_or_create(pk=1, defaults={"unacceptable_absence_decision_days": 2})
    assert list(outstanding_absence_decisions(on=JUDGED_ON + timedelta(days=3))) == [absence]


def test_a_decision_of_any_kind_linking_the_absence_means_it_is_no_longer_outstanding():
    team, _, absence = case_with_absence()
    decide(absence, by=team["officer"], kind="NFA")
    assert list(outstanding_absence_decisions(on=FIRST_LATE_DAY)) == []


def test_an_overdue_decision_is_flagged_once_and_the_officer_told_once(django_capture_on_commit_callbacks):
    team, case, absence = case_with_absence()
    assert flag_outstanding_absence_decisions(on=DUE_ON).opened == 0

    with django_capture_on_commit_callbacks() as callbacks:
        run = flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)

    assert (run.opened, run.closed, run.officers_notified, run.line_managers_notified) == (1, 0, 1, 0)
    flag = AbsenceDecisionFlag.objects.get()
    assert (flag.case, flag.contact, flag.due_on, flag.opened_on) == (case, absence, DUE_ON, FIRST_LATE_DAY)
    assert flag.officer_notified_at is not None and flag.line_manager_notified_at is None
    notification = Notification.objects.get()
    assert notification.recipient == team["officer"]
    assert notification.subject == "Enforcement decision overdue on your case"
    assert "An enforcement decision was due by 9 March 2026." in notification.body
    assert notification.url == f"/cases/{case.crn}/contacts/{absence.pk}/"
    assert len(callbacks) == 1  # its e-mail, after commit

    again = flag_outstanding_absence_decisions(on=FIRST_LATE_DAY + timedelta(days=1))
    assert (again.opened, again.officers_notified) == (0, 0)
    assert AbsenceDecisionFlag.objects.count() == 1 and Notification.objects.count() == 1


def test_a_repeat_run_issues_no_insert_update_or_delete():
    case_with_absence()
    flag_outstanding_absence_decisions(on=MANAGER_DAY)
    with CaptureQueriesContext(connection) as queries:
        run = flag_outstanding_absence_decisions(on=MANAGER_DAY)
    assert writes(queries) == []
    assert (run.opened, run.closed, run.officers_notified, run.line_managers_notified) == (0, 0, 0, 0)


def test_the_line_manager_is_told_once_the_policys_further_days_have_passed():
    team, case, _ = case_with_absence()
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    flag_outstanding_absence_decisions(on=MANAGER_DAY - timedelta(days=1))
    assert not Notification.objects.filter(recipient=team["manager"]).exists()

    assert flag_outstanding_absence_decisions(on=MANAGER_DAY).line_managers_notified == 1
    flag_outstanding_absence_decisions(on=MANAGER_DAY + timedelta(days=1))

    notification = Notification.objects.get(recipient=team["manager"])
    assert notification.subject == "Enforcement decision overdue on a case in your team"
    assert case.crn in notification.body
    assert AbsenceDecisionFlag.objects.get().line_manager_notified_at is not None
    assert Notification.objects.filter(recipient=team["officer"]).count() == 1


def test_an_absent_line_managers_deputy_is_told_instead():
    team, _, _ = case_with_absence()
    profile = team["manager"].profile
    profile.absent_from, profile.absent_until = MANAGER_DAY - timedelta(days=1), MANAGER_DAY + timedelta(days=5)
    profile.save()
    flag_outstanding_absence_decisions(on=MANAGER_DAY)
    assert Notification.objects.filter(recipient=team["deputy"]).count() == 1
    assert not Notification.objects.filter(recipient=team["manager"]).exists()


def test_a_case_waiting_for_an_officer_goes_to_its_teams_line_manager_at_once():
    team = managed_team()
    case = waiting_case(team)
    unacceptable_absence(case)
    run = flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    assert (run.officers_notified, run.line_managers_notified) == (1, 1)
    notification = Notification.objects.get()
    assert notification.recipient in (team["manager"], team["deputy"])
    assert notification.subject == "Enforcement decision overdue on a case waiting for an officer"
    assert flag_outstanding_absence_decisions(on=MANAGER_DAY).line_managers_notified == 0
    assert Notification.objects.count() == 1


def test_when_nobody_can_be_told_the_work_is_recorded_as_unrouted_and_tried_again_later():
    team = managed_team()
    for person in (team["manager"], team["deputy"], team["head"]):
        person.is_active = False
        person.save()
    case = waiting_case(team)
    unacceptable_absence(case)
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    assert UnroutedItem.objects.open().get().kind == UnroutedItem.Kind.ABSENCE_DECISION_ALERT
    assert AbsenceDecisionFlag.objects.get().officer_notified_at is None

    team["manager"].is_active = True
    team["manager"].save()
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY + timedelta(days=1))
    assert Notification.objects.get().recipient == team["manager"]
    assert not UnroutedItem.objects.open().exists()


def test_a_decision_linking_the_absence_closes_the_flag_as_decided_with_that_decision():
    team, _, absence = case_with_absence()
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    decision = decide(absence, by=team["officer"])
    run = flag_outstanding_absence_decisions(on=FIRST_LATE_DAY + timedelta(days=1))
    assert run.closed == 1
    flag = AbsenceDecisionFlag.objects.get()
    assert (flag.resolution, flag.decision) == (Resolution.DECIDED, decision)
    assert flag_outstanding_absence_decisions(on=MANAGER_DAY).line_managers_notified == 0


def test_an_outcome_amended_to_acceptable_absence_closes_the_flag_as_amended():
    _, _, absence = case_with_absence()
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    Contact.objects.filter(pk=absence.pk).update(
        outcome=Contact.Outcome.ACCEPTABLE_ABSENCE, absence_reason=Contact.AbsenceReason.MEDICAL, absence_judged_on=None
    )
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    flag = AbsenceDecisionFlag.objects.get()
    assert (flag.resolution, flag.decision) == (Resolution.OUTCOME_AMENDED, None)


def test_a_case_no_longer_active_has_its_flag_closed_by_the_job():
    _, case, _ = case_with_absence()
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closure_reason=Case.ClosureReason.DIED, closed_on=FIRST_LATE_DAY
    )
    assert flag_outstanding_absence_decisions(on=MANAGER_DAY).closed == 1
    assert AbsenceDecisionFlag.objects.get().resolution == Resolution.CASE_CLOSED
    assert not Notification.objects.filter(subject__contains="in your team").exists()


def test_closing_the_case_closes_its_open_flags_in_the_same_step():
    team, case, _ = case_with_absence()
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    closure.close_case(
        case,
        closure_reason=Case.ClosureReason.TRANSFERRED_OUT,
        closed_on=FIRST_LATE_DAY,
        reason="Moved to Scotland.",
        by=team["manager"],
    )
    flag = AbsenceDecisionFlag.objects.get()
    assert flag.resolution == Resolution.CASE_CLOSED and flag.resolved_at is not None


def test_a_recall_closes_the_cases_open_flags():
    team, case, _ = case_with_absence()
    flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    closure.record_recall(case, recalled_on=FIRST_LATE_DAY, reason="Recall confirmed.", by=team["head"])
    assert AbsenceDecisionFlag.objects.get().resolution == Resolution.CASE_CLOSED


def test_after_a_crash_the_next_run_finishes_the_work_without_telling_anyone_twice():
    """A run that died after the flag and the officer's notification were written, before the flag was marked (as
    if its last statement never ran): the next run marks it, and adds no flag and no second notification."""
    team, case, absence = case_with_absence()
    flag = AbsenceDecisionFlag.objects.create(case=case, contact=absence, due_on=DUE_ON, opened_on=FIRST_LATE_DAY)
    Notification.objects.create(
        recipient=team["officer"], event_key=f"absence-decision:{flag.pk}", subject="Earlier", case=case
    )
    run = flag_outstanding_absence_decisions(on=FIRST_LATE_DAY)
    assert run.opened == 0
    assert Notification.objects.count() == 1
    flag.refresh_from_db()
    assert flag.officer_notified_at is not None


@pytest.mark.parametrize("absences", [3, 30])
def test_the_job_takes_the_same_number_of_queries_however_many_absences(absences, django_assert_num_queries):
    team, case, _ = case_with_absence()
    for _ in range(absences - 1):
        unacceptable_absence(CaseFactory(responsible_officer=team["officer"], team=team["team"]))
    # Flags opened, the officer and the line manager told about each, in a fixed number of queries.
    with django_assert_num_queries(28):
        assert flag_outstanding_absence_decisions(on=MANAGER_DAY).opened == absences
    assert Notification.objects.count() == 2 * absences


def test_the_task_takes_an_iso_date():
    case_with_absence()
    assert flag_task(on=FIRST_LATE_DAY.isoformat())["opened"] == 1


def test_beat_runs_the_job_hourly_from_a_schedule_administrators_can_edit():
    task = PeriodicTask.objects.get(name=ABSENCE_DECISIONS_TASK_NAME)
    assert task.task == "supervision.tasks.flag_outstanding_absence_decisions"
    assert (task.interval.every, task.interval.period) == (1, "hours")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_add_one_flag_and_one_notification_per_absence():
    team, _, _ = case_with_absence()
    for _ in range(4):
        unacceptable_absence(CaseFactory(responsible_officer=team["officer"], team=team["team"]))
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            flag_outstanding_absence_decisions(on=MANAGER_DAY)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AbsenceDecisionFlag.objects.count() == 5
    assert Notification.objects.filter(recipient=team["officer"]).count() == 5
    assert Notification.objects.filter(recipient=team["manager"]).count() == 5


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_job_and_emails_the_officer_without_case_details(celery_worker):
    team, case, _ = case_with_absence()
    flag_task.delay(on=FIRST_LATE_DAY.isoformat())
    celery_worker.wait_for(lambda: AbsenceDecisionFlag.objects.filter(case=case).exists(), message="the flag")
    emails = celery_worker.wait_for(celery_worker.sent_emails, message="the officer's e-mail")
    assert "Subject: Caseworks: Enforcement decision overdue on your case" in emails[0]
    assert team["officer"].email in emails[0]
    assert case.last_name not in emails[0]


def test_the_command_runs_the_job_for_a_given_day(capsys):
    case_with_absence()
    call_command("flag_outstanding_absence_decisions", "--on", FIRST_LATE_DAY.isoformat())
    assert "1 flag(s) opened, 0 closed; notified 1 officer(s) and 0 line manager(s)." in capsys.readouterr().out
    assert AbsenceDecisionFlag.objects.get().opened_on == FIRST_LATE_DAY
