"""enqueue_on_commit: nothing before commit, nothing after a rollback, a broker failure logged not raised, and
in eager mode the task runs in-process."""

import logging

import pytest
from django.core import mail
from django.db import transaction

from caseworks.celery import app
from caseworks.queue import enqueue_on_commit
from supervision.services.outbox import queue_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_in_eager_mode_the_task_runs_in_process_after_commit(eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("a@example.org", "Subject", "Body")
        assert mail.outbox == []  # not before commit
    assert [m.subject for m in mail.outbox] == ["Subject"]


def test_a_rolled_back_transaction_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit("supervision.tasks.drain_outbox")
        raise RuntimeError
    assert callbacks == []


def test_a_broker_failure_is_logged_not_raised(django_capture_on_commit_callbacks, caplog):
    saved = app.conf.broker_write_url
    app.conf.broker_write_url, app._pool, app.amqp._producer_pool = "redis://127.0.0.1:9/0", None, None
    try:
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit("supervision.tasks.drain_outbox")
    finally:
        app.conf.broker_write_url, app._pool, app.amqp._producer_pool = saved, None, None
    assert "Could not enqueue supervision.tasks.drain_outbox" in caplog.text
