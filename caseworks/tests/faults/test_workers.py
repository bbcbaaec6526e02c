"""Fault tests through real Celery workers and beats, Redis, PostgreSQL and an SMTP socket server.

Each round makes work (rejected MAPPA referrals to escalate, notifications to e-mail, overdue contacts to
flag), breaks something while the sweeps run, lets things recover, and then counts: every escalation, flag,
notification and e-mail exists, and exists once. `make test` runs one round of each; `make soak` runs
SOAK_ROUNDS randomised rounds and prints the totals.
"""

import contextlib
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from caseworks.celery import app
from caseworks.queue import enqueue_on_commit
from caseworks.tests.faults.harness import WORKER_APPLICATION_NAME, Tally, report, rng, rounds, wait_until
from mappa.models import Escalation, Referral
from mappa.tests.factories import (
    MappaActionFactory,
    MappaMeetingFactory,
    RejectedMappaReferralFactory,
    managed_team,
)
from supervision.models import Notification, OutboxEmail, OverdueFlag
from supervision.services.notifications import notify
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DEAD_BROKER = "redis://127.0.0.1:9/0"
SWEEPS = ["mappa.tasks.escalate_rejected_referrals", "supervision.tasks.drain_outbox"]


@contextlib.contextmanager
def broker_down(is_down: bool):
    """This process's producer points at a port where no broker answers (the web app during an outage)."""
    saved = app.conf.broker_write_url
    if is_down:
        app.conf.broker_write_url, app._pool, app.amqp._producer_pool = DEAD_BROKER, None, None
    try:
        yield
    finally:
        if is_down:
            app.conf.broker_write_url, app._pool, app.amqp._producer_pool = saved, None, None


def make_work(r, tally, *, referrals: int, notifications: int):
    """Committed work, as users make it: rejected referrals for the sweep, notifications for the outbox."""
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    made = [RejectedMappaReferralFactory(case=case).pk for _ in range(referrals)]
    down = r.random() < 0.5
    if down:
        tally.faults["broker_down_while_recording"] += 1
    with broker_down(down):
        for n in range(notifications):
            with transaction.atomic():  # each like a user's request: the notification's e-mail queued on commit
                notify(case.responsible_officer, event_key=f"soak:{case.pk}:{n}", subject="Soak", body="B", case=case)
    return made, case


def run_sweeps():
    for name in SWEEPS:
        app.send_task(name)


def settled(referral_ids, case) -> bool:
    escalated = Escalation.objects.filter(referral_id__in=referral_ids).count() >= len(referral_ids)
    unsent = OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT)
    return escalated and not unsent.exists()


def recover(referral_ids, case, cluster, *, timeout=120):
    """What beat does: run the sweeps again until everything is done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if settled(referral_ids, case):
            return
        run_sweeps()
        time.sleep(1.5)
    pytest.fail(f"Work not done after {timeout} s.\n{cluster.log_text()[-6000:]}")


def count_effects(referral_ids, smtp, tally):
    """Every escalation once; its manager's notification once; each notification's e-mail row once, sent, and
    delivered once (a second delivery is allowed only for a row claimed again after its sender vanished)."""
    for referral_id in referral_ids:
        escalations = list(Escalation.objects.filter(referral_id=referral_id))
        tally.effects_checked += 1
        tally.lost += not escalations
        tally.duplicated += max(0, len(escalations) - 1)
        for escalation in escalations:
            told = Notification.objects.filter(event_key=f"escalation:{escalation.pk}").count()
            tally.effects_checked += 1
            tally.lost += told == 0
            tally.duplicated += max(0, told - 1)
    delivered = smtp.counts()
    for notification in Notification.objects.all():
        rows = list(OutboxEmail.objects.filter(notification=notification))
        tally.effects_checked += 1
        tally.lost += not rows or rows[0].status != OutboxEmail.Status.SENT
        for row in rows:
            copies = delivered[row.pk]
            tally.effects_checked += 1
            tally.lost += copies == 0
            extra = max(0, copies - 1)
            window = min(extra, row.attempts - 1)
            tally.resent_in_window += window
            tally.duplicated += extra - window


def inject(fault, r, cluster, smtp, referral_ids, tally):
    """Break something while the sweeps run."""

    def part_done():
        done = Escalation.objects.filter(referral_id__in=referral_ids).count()
        return 0 < done < len(referral_ids) or done == len(referral_ids)

    if fault in ("kill_worker", "kill_pool_child", "terminate_database"):
        wait_until(part_done, timeout=30, interval=0.02, message="the sweep to start", logs=cluster.logs.values())
        time.sleep(r.uniform(0, 0.2))
    if fault == "kill_worker":
        cluster.kill("worker")
        cluster.start_worker("worker")
    elif fault == "kill_pool_child":
        cluster.kill_pool_child("worker")
    elif fault == "terminate_database":
        end = time.monotonic() + r.uniform(0.2, 1.0)
        with connection.cursor() as cursor:
            while time.monotonic() < end:
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = %s",
                    [WORKER_APPLICATION_NAME],
                )
                tally.faults["database_sessions_terminated"] += cursor.fetchone()[0]
                time.sleep(0.02)
    elif fault in ("smtp_refuse", "smtp_hang"):
        time.sleep(r.uniform(0.5, 2.5))
    smtp.mode = "accept"


FAULTS = ["kill_worker", "kill_pool_child", "terminate_database", "smtp_refuse", "smtp_hang"]


def test_killed_workers_dead_connections_and_mail_server_outages_lose_and_double_nothing(cluster, smtp, capsys):
    r = rng()
    tally = Tally()
    cluster.start_worker("worker")
    # One round of each fault in `make test`; the soak draws them at random.
    plan = FAULTS if rounds() == 1 else [r.choice(FAULTS) for _ in range(rounds())]
    for fault in plan:
        smtp.mode = {"smtp_refuse": "refuse", "smtp_hang": "hang"}.get(fault, "accept")
        # Small in `make test` (a hanging mail server costs EMAIL_TIMEOUT per e-mail); larger in the soak.
        size = r.randint(3, 6) if rounds() == 1 else r.randint(5, 30)
        referral_ids, case = make_work(r, tally, referrals=size, notifications=r.randint(1, 4))
        run_sweeps()
        inject(fault, r, cluster, smtp, referral_ids, tally)
        tally.faults[fault] += 1
        recover(referral_ids, case, cluster)
        tally.rounds += 1
    all_referrals = list(Referral.objects.values_list("pk", flat=True))
    count_effects(all_referrals, smtp, tally)
    report(tally, "workers killed, database connections killed, mail server refusing and hanging", capsys)
    assert (tally.lost, tally.duplicated) == (0, 0), tally.line("faults")


def _every_second(task_names):
    second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(task__in=task_names).update(interval=second, crontab=None, enabled=True)


def test_two_workers_and_two_beats_at_once_add_each_effect_once(cluster, smtp, capsys):
    r = rng()
    tally = Tally()
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Home visit every 14 days", every_days=14, notify_line_manager_after_days=5)
    started = timezone.localdate() - timedelta(days=60)
    _every_second([*SWEEPS, "supervision.tasks.flag_overdue_contacts", "mappa.tasks.flag_overdue_mappa_actions"])
    for name in ("worker-a", "worker-b"):
        cluster.start_worker(name, pool="solo", wait=False)
    for name in ("worker-a", "worker-b"):
        cluster.wait_ready(name)
    for n in range(rounds()):
        referral_ids, case = make_work(r, tally, referrals=r.randint(5, 20), notifications=r.randint(1, 4))
        overdue = [
            CaseFactory(started_on=started, responsible_officer=case.responsible_officer, team=case.team).pk
            for _ in range(r.randint(2, 6))
        ]
        late = timezone.localdate() - timedelta(days=3)
        actions = [
            f"mappa-action-overdue:{MappaActionFactory(meeting=MappaMeetingFactory(case=case), due_on=late).pk}:{late}"
            for _ in range(r.randint(1, 3))
        ]
        if n == 0:
            cluster.start_beat("beat-a")
            cluster.start_beat("beat-b")
        wait_until(
            lambda ids=overdue, rids=referral_ids, c=case, keys=actions: (
                OverdueFlag.objects.filter(case_id__in=ids).count() == len(ids)
                and Notification.objects.filter(event_key__in=keys).count() >= len(keys)
                and settled(rids, c)
            ),
            timeout=120,
            message="the beats' sweeps to do the work",
            logs=cluster.logs.values(),
        )
        for case_id in overdue:
            flags = OverdueFlag.objects.filter(case_id=case_id).count()
            officer_told = Notification.objects.filter(case_id=case_id, event_key__startswith="overdue-flag:").count()
            tally.effects_checked += 2
            tally.lost += (flags == 0) + (officer_told == 0)
            tally.duplicated += max(0, flags - 1) + max(0, officer_told - 1)
        for key in actions:  # the MAPPA action sweep tells the officer's line manager once per action
            told = Notification.objects.filter(event_key=key).count()
            tally.effects_checked += 1
            tally.lost += told == 0
            tally.duplicated += max(0, told - 1)
        tally.rounds += 1
    time.sleep(2)  # a few more ticks of both beats: nothing new may appear
    wait_until(lambda: not OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists(), timeout=60)
    count_effects(list(Referral.objects.values_list("pk", flat=True)), smtp, tally)
    tally.faults["two_workers_two_beats"] += tally.rounds
    report(tally, "two workers and two beats", capsys)
    assert (tally.lost, tally.duplicated) == (0, 0), tally.line("two workers and two beats")


def test_a_task_queued_in_a_transaction_that_rolls_back_never_runs(cluster):
    cluster.start_worker("worker", pool="solo")
    with contextlib.suppress(RuntimeError), transaction.atomic():
        enqueue_on_commit("supervision.tasks.send_notification_email", 424242)
        raise RuntimeError("the user's change failed")
    with transaction.atomic():
        enqueue_on_commit("supervision.tasks.drain_outbox")  # a marker, queued behind it if it had been queued
    wait_until(
        lambda: (
            "supervision.tasks.drain_outbox[" in cluster.logs["worker"].read_text()
            and " succeeded in " in cluster.logs["worker"].read_text()
        ),
        timeout=60,
        message="the marker task",
        logs=[cluster.logs["worker"]],
    )
    assert "send_notification_email[" not in cluster.logs["worker"].read_text()  # never received, never run
