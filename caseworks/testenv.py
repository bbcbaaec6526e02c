"""Test environment, loaded by pytest before Django (see pytest.ini `-p caseworks.testenv`).

Tests use PostgreSQL and Redis on 127.0.0.1 when they answer. With CI=true both are required and a
missing one stops the run with a clear message, never a silent fallback. Each variable can be set
beforehand to point the tests elsewhere (e.g. a second checkout using its own database name).
"""

import os
import socket


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _redis_database() -> int:
    """Database 13 for a plain run; under pytest-xdist each worker (gw0, gw1, ...) takes its own from 13 up,
    so one worker's Celery test never consumes another's messages."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return 13 + int(worker.removeprefix("gw") or 0)


def _configure() -> None:
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caseworks.settings")
    os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
    os.environ.setdefault("SECURE_COOKIES", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright's sync API
    if "DATABASE_URL" not in os.environ:
        if _answers("127.0.0.1", 5432):
            os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/caseworks"
        elif in_ci:
            raise SystemExit("CI=true but PostgreSQL is not answering on 127.0.0.1:5432.")
    if "TEST_REDIS_URL" not in os.environ:
        if _answers("127.0.0.1", 6379):
            os.environ["TEST_REDIS_URL"] = f"redis://127.0.0.1:6379/{_redis_database()}"
        elif in_ci:
            raise SystemExit("CI=true but Redis is not answering on 127.0.0.1:6379.")
    # Unit tests never need a broker: tasks queued on commit are captured or run by the worker fixture.
    os.environ.setdefault("CELERY_BROKER_URL", os.environ.get("TEST_REDIS_URL", "memory://"))


_configure()
