"""Shared pytest fixtures for background work (loaded by pytest.ini `-p caseworks.pytest_fixtures`).

`celery_worker` starts a real Celery worker process against Redis and the test database, so a test can
prove that a task queued after commit is picked up and does its work. Use it with
`@pytest.mark.django_db(transaction=True)` (the worker must see committed rows) and mark the test
`@pytest.mark.worker`.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


class WorkerProcess:
    def __init__(self, process: subprocess.Popen, mail_dir: Path, log_path: Path):
        self.process = process
        self.mail_dir = mail_dir
        self.log_path = log_path

    def sent_emails(self) -> list[str]:
        """Messages the worker has sent, as raw text (the worker uses Django's file-based mail backend)."""
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]

    def wait_for(self, condition, timeout: float = 30, interval: float = 0.2, message: str = "condition"):
        """Poll until `condition()` is truthy; fail with the worker's log if it never is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            if self.process.poll() is not None:
                break
            time.sleep(interval)
        pytest.fail(f"Timed out waiting for {message}. Worker log:\n{self.log_path.read_text()[-4000:]}")


@pytest.fixture
def celery_worker(request, django_db_setup, django_db_blocker, settings):
    """A real `celery worker` process on Redis, using this test run's database: one process (the solo pool), or a
    prefork pool of N processes when parametrised indirectly: `@pytest.mark.parametrize("celery_worker", [2],
    indirect=True)`."""
    processes = getattr(request, "param", None)
    pool = ["--pool=solo"] if processes is None else ["--pool=prefork", f"--concurrency={processes}"]
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        if _in_ci():
            pytest.fail("CI=true but no Redis: the worker tests must run.")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    from django.db import connection

    if connection.vendor != "postgresql":
        if _in_ci():
            pytest.fail("CI=true but the tests are not on PostgreSQL.")
        pytest.skip("The worker test needs PostgreSQL (a second process cannot see an in-memory SQLite).")

    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    workdir = Path(tempfile.mkdtemp(prefix="caseworks-worker-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    log_path = workdir / "worker.log"

    from caseworks.celery import app

    app.control.purge()  # drop messages queued by earlier tests that had no worker
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "caseworks",
                "worker",
                *pool,
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    worker = WorkerProcess(process, mail_dir, log_path)
    worker.wait_for(lambda: "ready." in log_path.read_text(), timeout=60, message="the worker to start")
    try:
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
