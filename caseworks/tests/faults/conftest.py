"""Fixtures for the fault tests: a real SMTP socket server and real Celery processes on Redis and the test
database. Each test needs `@pytest.mark.django_db(transaction=True)` (the processes see committed rows)."""

import os

import pytest

from caseworks.tests.faults.harness import Cluster, SmtpServer


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.close()


@pytest.fixture
def cluster(django_db_setup, settings, smtp):
    redis_url = os.environ.get("TEST_REDIS_URL")
    from django.db import connection

    if not redis_url or connection.vendor != "postgresql":
        if _in_ci():
            pytest.fail("CI=true but the fault tests have no Redis or PostgreSQL.")
        pytest.skip("The fault tests need PostgreSQL and Redis.")
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    from caseworks.celery import app

    app.control.purge()  # messages earlier tests queued with no worker running
    processes = Cluster(database_url=database_url, redis_url=redis_url, smtp_port=smtp.port)
    yield processes
    processes.stop()
