"""The fan-out bench's claim on small data (caseworks/bench/fanout.py): the overdue sweep sent to a worker with two
pool processes, as a chord of chunks shared between them, writes exactly the flags and notifications the
single-process sweep writes; and its report says so, or fails the run."""

import os
from datetime import timedelta

import pytest
from django.db import transaction

from caseworks.bench import fanout_report
from caseworks.bench.fanout import Run, Written, celery_client, pool_shares, sweep_through_celery, written
from supervision.models import OverdueFlag
from supervision.services import sweeps
from supervision.tests.contact_requirements.helpers import START, home_visit
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory, StaffFactory
from supervision.tests.rule_factories import ContactRuleFactory

OVERDUE_DAY = START + timedelta(days=20)
CHUNK_SIZE = 2


class Rollback(Exception):
    pass


@pytest.fixture
def chord_settings(monkeypatch):
    """The worker started next gets a Redis result backend (a chord needs one) and chunks of two cases."""
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        monkeypatch.setenv("CELERY_RESULT_BACKEND", redis_url)
    monkeypatch.setenv("OVERDUE_SCAN_CHUNK_SIZE", str(CHUNK_SIZE))
    return redis_url


def _cases():
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Home visit every 14 days", every_days=14)
    officers = StaffFactory.create_batch(3)
    cases = [CaseFactory(started_on=START, responsible_officer=officers[i % 3]) for i in range(12)]
    for case in cases[::3]:
        home_visit(case, START + timedelta(days=10))  # not overdue yet on OVERDUE_DAY
    return cases


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("celery_worker", [2], indirect=True)
def test_two_worker_processes_write_exactly_what_one_process_writes(chord_settings, celery_worker):
    _cases()
    try:
        with transaction.atomic():
            single = sweeps.flag_overdue_contacts_in_chunks(on=OVERDUE_DAY, chunk_size=CHUNK_SIZE)
            expected = written()
            raise Rollback
    except Rollback:
        pass
    assert single["chunks"] == 6 and single["opened"] == 8 and single["officers_notified"] == 8
    assert len(expected.flags) == 8 and len(expected.notifications) == 8
    assert not OverdueFlag.objects.exists()

    client = celery_client(broker=chord_settings, backend=chord_settings)
    try:
        _, summary = sweep_through_celery(client, OVERDUE_DAY)
        shares = [int(share) for share in pool_shares(client, "celery@").split(",")]
    finally:
        client.close()
    assert summary == single
    # The flags' ids differ from the rolled-back run's; `written` compares them by case, rule and due day.
    assert written() == expected
    assert len(shares) == 2 and all(shares), f"both pool processes took chunks: {shares}"


def _run(processes: int, seconds: float, flags: set, chunk_seconds: float = 0.0) -> Run:
    return Run(
        label=f"{processes} processes",
        processes=processes,
        seconds=seconds,
        summary={"chunks": 2, "opened": len(flags), "officers_notified": 0, "line_managers_notified": 0},
        written=Written(frozenset(flags), frozenset()),
        cpu={"sweep": seconds / 2, "database": seconds / 4, "machine": seconds * 2},
        task_seconds={"flag_overdue_contacts_chunk": chunk_seconds},
    )


def test_the_report_gives_the_speed_up_and_fails_a_run_that_wrote_something_else(tmp_path, monkeypatch):
    monkeypatch.setattr(fanout_report.report, "DOCS", tmp_path)
    flags = {(1, 1, None, OVERDUE_DAY)}
    same = [_run(0, 4.0, flags), _run(1, 10.0, flags, 8.0), _run(2, 5.0, flags, 8.0)]
    path, identical = fanout_report.write(size="ci", machine=[], active=2, chunk_size=1, copied="", runs=same)
    text = path.read_text()
    assert identical and "identical to the single-process run: yes" in text
    assert "Speed-up from one worker process to two: 2.00×" in text

    other = [*same[:2], _run(2, 5.0, flags | {(2, 1, None, OVERDUE_DAY)}, 8.0)]
    _, identical = fanout_report.write(size="ci", machine=[], active=2, chunk_size=1, copied="", runs=other)
    assert not identical
    assert "2 processes: 1 open flags and 0 notifications differ" in path.read_text()
