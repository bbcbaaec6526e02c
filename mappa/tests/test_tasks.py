"""The escalation task: thin, scheduled, runnable by hand, and proven through a real worker."""

from datetime import date

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from mappa import tasks
from mappa.models import Escalation, Referral
from mappa.schedules import SCHEDULES, ensure_periodic_tasks
from mappa.services import coordinators
from mappa.tests.factories import MappaReferralFactory, RejectedMappaReferralFactory, managed_team
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected():
    team = managed_team()
    return RejectedMappaReferralFactory(case=CaseFactory(responsible_officer=team["officer"], team=team["team"]))


def test_the_task_takes_an_iso_date_and_returns_how_many_it_added(rejected):
    assert tasks.escalate_rejected_referrals.apply(kwargs={"on": "2026-03-02"}).get() == 1
    assert Escalation.objects.get().due_on == date(2026, 3, 9)
    assert tasks.escalate_rejected_referrals.apply(kwargs={"on": "2026-03-02"}).get() == 0


def test_the_command_runs_the_sweep_and_the_step_up(rejected, capsys):
    call_command("escalate_rejected_referrals", "--on", "2026-03-02")
    assert "1 rejected MAPPA referral(s) added" in capsys.readouterr().out
    call_command("escalate_rejected_referrals", "--on", "2026-03-20", "--step-up")
    assert "1 overdue escalation(s) stepped up" in capsys.readouterr().out
    assert Escalation.objects.filter(level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION).count() == 1


def test_beat_schedules_exist_after_migrate_and_an_admins_edit_survives():
    names = {name for name, *_ in SCHEDULES}
    assert names <= set(PeriodicTask.objects.values_list("name", flat=True))
    sweep = PeriodicTask.objects.get(task="mappa.tasks.escalate_rejected_referrals")
    sweep.enabled = False
    sweep.save()
    ensure_periodic_tasks()
    assert PeriodicTask.objects.filter(task="mappa.tasks.escalate_rejected_referrals").count() == 1
    assert PeriodicTask.objects.get(pk=sweep.pk).enabled is False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_rejection_reaches_the_line_managers_queue_through_a_real_worker(celery_worker):
    team = managed_team()
    referral = MappaReferralFactory(case=CaseFactory(responsible_officer=team["officer"], team=team["team"]))
    coordinators.decide_referral(
        referral,
        by=team["coordinator"],
        decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1,
        reason="The officer is communicating sufficiently.",
    )
    escalation = celery_worker.wait_for(
        lambda: Escalation.objects.filter(referral=referral).first(), message="the escalation"
    )
    assert escalation.assigned_to == team["manager"]
    # The officer is told of the decision too; the line manager's e-mail is the one about the queue.
    emails = celery_worker.wait_for(
        lambda: [e for e in celery_worker.sent_emails() if "escalation queue" in e], message="the line manager's e-mail"
    )
    assert referral.case.last_name not in emails[0]
