"""The overdue sweep spread over workers: a real Celery worker with a result backend runs it as a chord of
chunk tasks and a summary, and writes exactly what the single-process run writes."""

import os
import re
from datetime import timedelta

import pytest
from django.db import transaction

from supervision import tasks
from supervision.models import Notification, OverdueFlag
from supervision.services import sweeps
from supervision.tests.contact_requirements.helpers import START, home_visit
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory, StaffFactory
from supervision.tests.rule_factories import ContactRuleFactory

OVERDUE_DAY = START + timedelta(days=20)


def _world():
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Home visit every 14 days", every_days=14)
    officers = StaffFactory.create_batch(3)
    cases = [CaseFactory(started_on=START, responsible_officer=officers[i % 3]) for i in range(10)]
    for case in cases[::4]:
        home_visit(case, START + timedelta(days=10))  # not overdue yet on OVERDUE_DAY


def _written():
    flags = set(OverdueFlag.objects.values_list("case_id", "rule_id", "due_on", "opened_on", "explanation"))
    notes = set(Notification.objects.values_list("recipient_id", "event_key", "case_id"))
    return flags, {(r, k.split(":")[0], c) for r, k, c in notes}


class Rollback(Exception):
    pass


@pytest.fixture
def result_backend(monkeypatch):
    """The worker started next gets a Redis result backend, which a chord needs."""
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        monkeypatch.setenv("CELERY_RESULT_BACKEND", redis_url)
    monkeypatch.setenv("OVERDUE_SCAN_CHUNK_SIZE", "3")


def test_the_beat_task_runs_the_chunks_in_turn_without_a_result_backend(db, settings):
    settings.CELERY_RESULT_BACKEND = None
    _world()
    run = tasks.flag_overdue_contacts.apply(kwargs={"on": OVERDUE_DAY.isoformat()}).get()
    assert run["opened"] == 7 and run["chunks"] == 1


def test_the_chunks_are_fanned_out_only_with_a_result_backend(settings):
    settings.CELERY_RESULT_BACKEND = "redis://127.0.0.1:6379/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert tasks.fans_out()
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert not tasks.fans_out()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_sweep_as_a_chord_and_writes_what_one_process_writes(result_backend, celery_worker):
    _world()
    try:
        with transaction.atomic():
            single = sweeps.flag_overdue_contacts_in_chunks(on=OVERDUE_DAY, chunk_size=3)
            expected = _written()
            raise Rollback
    except Rollback:
        pass
    assert single["chunks"] == 4 and single["opened"] == 7
    assert not OverdueFlag.objects.exists()

    tasks.flag_overdue_contacts.delay(on=OVERDUE_DAY.isoformat())
    log = celery_worker.log_path
    summary = re.compile(r"summarise_overdue_contacts\[[^\]]+\] succeeded in [^:]+: (.*)")
    found = celery_worker.wait_for(lambda: summary.search(log.read_text()), timeout=120, message="the chord's summary")
    assert "'opened': 7" in found.group(1) and "'chunks': 4" in found.group(1)
    assert len(re.findall(r"flag_overdue_contacts_chunk\[[^\]]+\] succeeded", log.read_text())) == 4
    assert _written() == expected
