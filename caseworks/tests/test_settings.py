"""Production-safe defaults: a server without configuration refuses to start rather than run insecurely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def _settings_with(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SECURE_COOKIES"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.TIME_ZONE)",
        ],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "caseworks.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_stops_production_start_up_with_a_clear_message():
    result = _settings_with({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_defaults_are_secure():
    result = _settings_with({"SECRET_KEY": "x" * 50})
    assert result.stdout.split() == ["False", "True", "Europe/London"]


def test_debug_runs_without_a_secret_key():
    assert _settings_with({"DEBUG": "true"}).returncode == 0


def test_database_connections_are_checked_before_reuse():
    """A kept-alive connection the database dropped is replaced, not handed to a request that then fails."""
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_the_worker_logs_through_the_same_json_handler_as_the_web_app():
    from django.conf import settings

    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False
    assert settings.LOGGING["root"]["handlers"] == ["console"]


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit_compilation():
    """The dashboards' one-statement counts took seconds compiling to machine code; the connection turns JIT off."""
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (DATABASE_URL).")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_behind_pgbouncer_no_startup_options_are_sent():
    """PgBouncer refuses a startup `options` parameter: there the role carries jit = off instead."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', 'none'))",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_PGBOUNCER": "true", "DJANGO_SETTINGS_MODULE": "caseworks.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "none"
