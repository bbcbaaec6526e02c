"""The overdue-contacts job's record: right whatever order it runs in, honest about why a flag closed, and
telling the line manager once a day, including about a requirement missed week after week."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from supervision.models import Contact, Notification, OverdueFlag, OverdueFlagRun
from supervision.services.contacts import ContactDetails, record_contact
from supervision.services.overdue_contacts import flag_overdue_contacts
from supervision.tasks import flag_overdue_contacts as flag_overdue_contacts_task
from supervision.tests.contact_requirements.helpers import START, at, home_visit
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory
from supervision.tests.rule_factories import ContactRuleFactory
from supervision.tests.services.test_overdue_contacts import DUE, OVERDUE_DAY, officer_with_manager, overdue_case

pytestmark = pytest.mark.django_db


def day(n):
    return START + timedelta(days=n)


# Out-of-order runs


def test_a_run_for_an_earlier_day_writes_nothing_and_todays_rerun_notifies_no_one_again():
    overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=3))
    assert OverdueFlag.objects.open().count() == 1 and Notification.objects.count() == 1
    catch_up = flag_overdue_contacts(on=DUE - timedelta(days=5))  # the flag was not yet due that day
    assert (catch_up.is_written, catch_up.closed, catch_up.overdue) == (False, 0, 0)
    assert OverdueFlag.objects.open().count() == 1
    again = flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=3))
    assert (again.opened, again.closed, again.officers_notified) == (0, 0, 0)
    assert OverdueFlag.objects.count() == 1 and Notification.objects.count() == 1


def test_the_command_says_an_earlier_day_was_not_written(capsys):
    overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    call_command("flag_overdue_contacts", "--on", DUE.isoformat())
    assert f"Nothing written: the job has already run for {OVERDUE_DAY}" in capsys.readouterr().out


def test_each_day_run_is_recorded_once_with_what_it_did():
    overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    flag_overdue_contacts(on=OVERDUE_DAY)
    run = OverdueFlagRun.objects.get()
    assert (run.on, run.opened, run.officers_notified) == (OVERDUE_DAY, 1, 1)


# Rule edits


def test_raising_the_grace_days_closes_the_flag_as_rule_changed_credited_to_no_contact():
    case, _, _ = overdue_case()
    visit = home_visit(case, START)  # the visit that made it due on day 14
    flag_overdue_contacts(on=OVERDUE_DAY)
    flag = OverdueFlag.objects.get()
    assert flag.due_on == DUE
    flag.rule.grace_days = 5
    flag.rule.save()
    assert flag_overdue_contacts(on=OVERDUE_DAY).closed == 1
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by_contact) == (OverdueFlag.Resolution.RULE_CHANGED, None)
    assert visit.pk != flag.resolved_by_contact_id


def test_a_rule_added_today_flags_nothing_at_once():
    HomeVisitTypeFactory()
    officer, manager = officer_with_manager()
    CaseFactory(started_on=START, responsible_officer=officer)
    ContactRuleFactory(every_days=None, first_due_days=15, effective_from=day(73))
    assert flag_overdue_contacts(on=day(73)).opened == 0
    assert flag_overdue_contacts(on=day(89)).opened == 1
    assert OverdueFlag.objects.get().due_on == day(88)


# Recording a contact clears its flag at once


def test_recording_a_qualifying_contact_closes_its_open_flag_in_the_same_transaction():
    officer, _ = officer_with_manager()
    visit_type = HomeVisitTypeFactory()
    ContactRuleFactory(every_days=14)
    today = timezone.localdate()
    case = CaseFactory(started_on=today - timedelta(days=20), responsible_officer=officer)
    flag_overdue_contacts(on=today)
    details = ContactDetails(
        contact_type=visit_type, starts_at=timezone.now() - timedelta(hours=1), outcome=Contact.Outcome.CONTACT_MADE
    )
    contact = record_contact(case, details, by=officer)
    flag = OverdueFlag.objects.get()
    assert (flag.resolution, flag.resolved_by_contact, flag.resolved_on) == ("MET", contact, today)


def test_the_case_page_works_out_overdue_by_from_today_not_the_flags_stored_words(client):
    case, officer, _ = overdue_case()
    flag_overdue_contacts(on=OVERDUE_DAY)
    today = timezone.localdate()
    OverdueFlag.objects.update(due_on=today - timedelta(days=10), opened_on=today - timedelta(days=9))
    client.force_login(officer)
    text = client.get(reverse("supervision:case-contact-requirements", kwargs={"crn": case.crn})).text
    assert "overdue by 10 days today" in text
    assert "Overdue by 1 day." not in text


def test_a_case_past_its_expected_end_date_is_listed_for_its_officer_to_close_or_update(client):
    _, officer, manager = overdue_case()
    today = timezone.localdate()
    ended = CaseFactory(started_on=today - timedelta(days=400), expected_end_on=today, responsible_officer=officer)
    running = CaseFactory(started_on=today - timedelta(days=10), responsible_officer=officer)
    for user in (officer, manager):
        client.force_login(user)
        text = client.get(reverse("supervision:caseload")).text
        assert "Past its end date — close or update" in text
        section = text.split('id="past-end-date"')[1].split("</div>")[0]
        assert ended.crn in section and running.crn not in section


# The line manager's daily digest and chronic shortfall


def _seen_every_nine_days_against_weekly(case, last_day):
    """Seen late every week: a flag opens and closes each week, none stays open long."""
    for n in range(last_day + 1):
        if n % 9 == 0:
            home_visit(case, day(n), 8)
        flag_overdue_contacts(on=day(n))


def test_a_requirement_overdue_in_3_of_the_last_5_weeks_reaches_the_line_manager_once_in_a_digest():
    HomeVisitTypeFactory()
    ContactRuleFactory(
        every_days=7, notify_line_manager_after_days=None, chronic_overdue_periods=3, chronic_within_periods=5
    )
    officer, manager = officer_with_manager()
    case = CaseFactory(started_on=START, responsible_officer=officer)
    _seen_every_nine_days_against_weekly(case, 25)
    assert not Notification.objects.filter(recipient=manager).exists()
    flag_overdue_contacts(on=day(26))  # the third overdue week
    digest = Notification.objects.get(recipient=manager)
    assert digest.event_key == f"overdue-digest:{day(26).isoformat()}"
    assert f"{case.crn}" in digest.body and "overdue in 3 of the last 5 periods" in digest.body
    assert Notification.objects.filter(recipient=officer).count() == 3
    for n in range(27, 30):
        flag_overdue_contacts(on=day(n))
    assert Notification.objects.filter(recipient=manager).count() == 1


def test_flags_left_open_on_many_cases_reach_the_manager_in_one_message_a_day():
    _, officer, manager = overdue_case()
    second = CaseFactory(started_on=START, responsible_officer=officer)
    flag_overdue_contacts(on=OVERDUE_DAY)
    late = OVERDUE_DAY + timedelta(days=5)
    assert flag_overdue_contacts(on=late).line_managers_notified == 1
    flag_overdue_contacts(on=late)
    digest = Notification.objects.get(recipient=manager)
    assert second.crn in digest.body and digest.body.count("\n- ") == 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_manager_one_digest_for_a_chronic_shortfall(celery_worker):
    HomeVisitTypeFactory()
    rule = ContactRuleFactory(
        every_days=7, notify_line_manager_after_days=None, chronic_overdue_periods=2, chronic_within_periods=4
    )
    officer, manager = officer_with_manager()
    case = CaseFactory(started_on=START, responsible_officer=officer)
    home_visit(case, day(9))
    # Last week's flag, met late.
    OverdueFlag.objects.create(
        case=case,
        rule=rule,
        due_on=day(7),
        opened_on=day(8),
        explanation="Overdue.",
        resolved_at=at(day(9)),
        resolved_on=day(9),
        resolution=OverdueFlag.Resolution.MET,
        officer_notified_at=at(day(8)),
    )
    flag_overdue_contacts_task.delay(on=day(17).isoformat())
    celery_worker.wait_for(
        lambda: Notification.objects.filter(recipient=manager, emailed_at__isnull=False).exists(),
        message="the manager's digest e-mail",
    )
    emails = celery_worker.sent_emails()
    digest = [e for e in emails if manager.email in e]
    assert len(digest) == 1 and "daily summary" in digest[0]
    assert case.first_name not in digest[0]
    assert "overdue in 2 of the last 4 periods" in Notification.objects.get(recipient=manager).body


def test_the_case_overview_asks_for_a_case_past_its_end_date_to_be_closed_or_updated(client):
    _, officer, _ = overdue_case()
    today = timezone.localdate()
    ended = CaseFactory(started_on=today - timedelta(days=400), expected_end_on=today, responsible_officer=officer)
    client.force_login(officer)
    text = client.get(reverse("supervision:case-detail", kwargs={"crn": ended.crn})).text
    assert "Past its expected end date" in text and "close the case or update its end date" in text
