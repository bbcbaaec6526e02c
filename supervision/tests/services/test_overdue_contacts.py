"""The overdue-contacts job: one flag per case, requirement and due date; cleared by the visit; people told once."""

import threading
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from supervision import roles
from supervision.models import Notification, OverdueFlag, StaffProfile
from supervision.schedules import OVERDUE_CONTACTS_TASK_NAME
from supervision.services.overdue_contacts import flag_overdue_contacts
from supervision.services.overdue_notifications import requirements_url
from supervision.tasks import flag_overdue_contacts as flag_overdue_contacts_task
from supervision.tests.contact_requirements.helpers import START, at
from supervision.tests.factories import CaseFactory, ContactFactory, HomeVisitTypeFactory, StaffFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db

DUE = START + timedelta(days=14)
OVERDUE_DAY = DUE + timedelta(days=1)


def officer_with_manager():
    officer = StaffFactory()
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=officer.profile.team)
    StaffProfile.objects.filter(user=officer).update(line_manager=manager)
    officer.refresh_from_db()
    return officer, manager


def overdue_case(**kwargs):
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Home visit every 14 days", every_days=14, notify_line_manager_after_days=5)
    officer, manager = officer_with_manager()
    case = CaseFactory(started_on=START, responsible_officer=officer, **kwargs)
    return case, officer, manager


def test_an_overdue_requirement_is_flagged_once_with_its_explanation_and_the_officer_told_once(
    django_capture_on_commit_callbacks,
):
    case, officer, _ = overdue_case()
    with django_capture_on_commit_callbacks() as callbacks:
        run = flag_overdue_contacts(on=OVERDUE_DAY)
    assert (run.opened, run.closed, run.officers_notified) == (1, 0, 1)
    flag = OverdueFlag.objects.get()
    assert (flag.case, flag.due_on, flag.opened_on) == (case, DUE, OVERDUE_DAY)
    assert flag.explanation.endswith("No home visit recorded yet. Overdue by 1 day.")
    notification = Notification.objects.get()
    assert notification.recipient == officer
    assert notification.url == f"/cases/{case.crn}/contact-requirements/"
    assert len(callbacks) == 1  # the e-mail is queued after commit

    with django_capture_on_commit_callbacks() as callbacks:
        again = flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=1))
    assert (again.opened, again.closed, again.officers_notified) == (0, 0, 0)
    assert OverdueFlag.objects.count() == 1 and Notification.objects.count() == 1
    assert callbacks == []


def test_a_second_run_writes_nothing():
    overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    with CaptureQueriesContext(connection) as queries:
        flag_overdue_contacts(on=OVERDUE_DAY)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


def test_nothing_is_flagged_on_the_due_date_itself():
    overdue_case()
    assert flag_overdue_contacts(on=DUE).opened == 0
    assert not OverdueFlag.objects.exists()


def test_a_home_visit_clears_the_flag_and_records_the_visit_that_met_it():
    case, _, _ = overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    visit = ContactFactory(case=case, contact_type=HomeVisitTypeFactory(), starts_at=at(OVERDUE_DAY, 9))
    run = flag_overdue_contacts(on=OVERDUE_DAY)
    assert (run.opened, run.closed) == (0, 1)
    flag = OverdueFlag.objects.get()
    assert flag.resolution == OverdueFlag.Resolution.MET
    assert flag.resolved_by_contact == visit
    assert flag.resolved_on == OVERDUE_DAY


def test_a_missed_visit_later_is_a_new_flag_with_a_new_due_date():
    case, officer, _ = overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    ContactFactory(case=case, contact_type=HomeVisitTypeFactory(), starts_at=at(OVERDUE_DAY))
    flag_overdue_contacts(on=OVERDUE_DAY)
    flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=15))
    assert list(OverdueFlag.objects.open().values_list("due_on", flat=True)) == [OVERDUE_DAY + timedelta(days=14)]
    assert Notification.objects.filter(recipient=officer).count() == 2


def test_deactivating_a_rule_closes_its_flags():
    overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    OverdueFlag.objects.get().rule.__class__.objects.update(is_active=False)
    assert flag_overdue_contacts(on=OVERDUE_DAY).closed == 1
    assert OverdueFlag.objects.get().resolution == OverdueFlag.Resolution.NO_LONGER_APPLIES


def test_editing_a_rules_period_moves_the_flag_to_the_new_due_date():
    overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    rule = OverdueFlag.objects.get().rule
    rule.every_days = 10
    rule.save()
    run = flag_overdue_contacts(on=OVERDUE_DAY)
    assert (run.opened, run.closed) == (1, 1)
    old, new = OverdueFlag.objects.order_by("pk")
    assert old.resolution == OverdueFlag.Resolution.DUE_DATE_CHANGED
    assert new.due_on == START + timedelta(days=10) and new.resolved_at is None


def test_case_level_requirements_are_flagged_too():
    officer, _ = officer_with_manager()
    case = CaseFactory(started_on=START, responsible_officer=officer)
    requirement = CaseContactRequirementFactory(case=case, every_days=7, set_by=officer)
    flag_overdue_contacts(on=START + timedelta(days=8))
    flag = OverdueFlag.objects.get()
    assert (flag.case_requirement, flag.rule, flag.due_on) == (requirement, None, START + timedelta(days=7))


def test_the_line_manager_is_told_once_when_a_flag_stays_open_for_the_rules_number_of_days():
    case, officer, manager = overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=4))
    assert not Notification.objects.filter(recipient=manager).exists()
    run = flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=5))
    assert run.line_managers_notified == 1
    flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=6))
    notification = Notification.objects.get(recipient=manager)
    assert "daily summary" in notification.subject and case.crn in notification.body
    assert "flagged 5 days ago and still open" in notification.body
    assert Notification.objects.filter(recipient=officer).count() == 1


def test_a_closed_case_has_its_flags_closed():
    case, _, _ = overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    case.status, case.closed_on, case.closure_reason = case.Status.CLOSED, OVERDUE_DAY, case.ClosureReason.DIED
    case.save()
    flag_overdue_contacts(on=OVERDUE_DAY)
    assert OverdueFlag.objects.get().resolution == OverdueFlag.Resolution.NO_LONGER_APPLIES


def test_management_command_runs_the_job_for_a_given_day():
    overdue_case()
    call_command("flag_overdue_contacts", "--on", OVERDUE_DAY.isoformat(), verbosity=0)
    assert OverdueFlag.objects.get().opened_on == OVERDUE_DAY


def test_task_takes_an_iso_date():
    overdue_case()
    assert flag_overdue_contacts_task(on=OVERDUE_DAY.isoformat())["opened"] == 1


def test_beat_runs_the_job_hourly_from_a_schedule_administrators_can_edit():
    task = PeriodicTask.objects.get(name=OVERDUE_CONTACTS_TASK_NAME)
    assert task.task == "supervision.tasks.flag_overdue_contacts"
    assert (task.interval.every, task.interval.period) == (1, "hours")
    assert task.enabled


@pytest.mark.parametrize("case_count", [10, 500])
def test_the_job_takes_the_same_number_of_queries_at_10_and_500_cases(case_count, django_assert_num_queries):
    case, officer, _ = overdue_case()
    CaseFactory.create_batch(case_count - 1, started_on=START, responsible_officer=officer, team=case.team)
    # First run: every case flagged and its officer notified (the access check: one visible_pairs).
    with django_assert_num_queries(30):
        assert flag_overdue_contacts(on=OVERDUE_DAY).opened == case_count
    # A later day: every flag still open and the line manager told about each, in one digest (its cases checked
    # in one visible_pairs).
    with django_assert_num_queries(37):
        assert flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=5)).line_managers_notified == 1
    digest = Notification.objects.get(event_key__startswith="overdue-digest:")
    assert digest.body.count("\n- ") == case_count
    # Steady state: nothing new.
    with django_assert_num_queries(17):
        flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=6))


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_job_at_once_add_one_flag_and_one_notification_per_event():
    overdue_case()
    for _ in range(5):
        CaseFactory(started_on=START, responsible_officer=CaseFactory._meta.model.objects.first().responsible_officer)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            flag_overdue_contacts(on=OVERDUE_DAY)
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
    assert OverdueFlag.objects.count() == 6
    assert Notification.objects.count() == 6


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_job_and_emails_the_officer(celery_worker):
    case, officer, _ = overdue_case()
    flag_overdue_contacts_task.delay(on=OVERDUE_DAY.isoformat())
    celery_worker.wait_for(lambda: OverdueFlag.objects.filter(case=case).exists(), message="the overdue flag")
    emails = celery_worker.wait_for(celery_worker.sent_emails, message="the officer's e-mail")
    assert "Subject: Caseworks: Home visit overdue on one of your cases" in emails[0]
    assert officer.email in emails[0]
    assert case.first_name not in emails[0]


def test_start_is_a_monday():
    assert date(2026, 1, 5) == START


@pytest.mark.parametrize("crn", ["X123456", "A000001", "odd crn é%"])
def test_requirements_url_is_what_reverse_gives(crn):
    assert requirements_url(crn) == reverse("supervision:case-contact-requirements", kwargs={"crn": crn})
