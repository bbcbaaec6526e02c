"""JSON log lines (caseworks/logging.py, settings.LOGGING): one object per line with the request id; tracebacks
only for 5xx; no query strings."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path

from caseworks.logging import ClientErrorTracebackFilter, JsonFormatter, QueryStringFilter, without_query_strings
from caseworks.middleware import RequestIdLogFilter

BASE_DIR = Path(__file__).resolve().parents[2]


def _console():
    [console] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(log_filter, RequestIdLogFilter) for log_filter in handler.filters)
    ]
    return console


@pytest.fixture
def log_lines():
    """What the console handler writes, as parsed JSON lines."""
    console = _console()
    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(console.format(record)))

    capture = Capture()
    capture.filters = list(console.filters)
    root = logging.getLogger()
    root.addHandler(capture)
    yield lines
    root.removeHandler(capture)


def test_a_log_line_is_one_json_object_with_time_level_logger_message_and_request_id():
    record = logging.LogRecord("supervision.services", logging.WARNING, __file__, 1, "Flag %s raised", (7,), None)
    RequestIdLogFilter().filter(record)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    parsed = json.loads(line)
    assert set(parsed) == {"time", "level", "logger", "message", "request_id"}
    assert parsed["time"].endswith("+00:00")
    assert (parsed["level"], parsed["logger"], parsed["message"], parsed["request_id"]) == (
        "WARNING",
        "supervision.services",
        "Flag 7 raised",
        "-",
    )


def test_query_strings_are_removed_from_messages():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s', ("GET /caseload/?q=Smith+Jones HTTP/1.1", "200"), None
    )

    QueryStringFilter().filter(record)

    assert record.getMessage() == '"GET /caseload/ HTTP/1.1" 200'
    assert without_query_strings("Is this a question? Yes") == "Is this a question? Yes"


def test_a_4xx_record_loses_its_traceback_and_a_5xx_keeps_it():
    try:
        raise PermissionError("not yours")
    except PermissionError:
        exc_info = sys.exc_info()
    forbidden = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", (), exc_info)
    forbidden.status_code = 403
    failed = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), exc_info)
    failed.status_code = 500

    ClientErrorTracebackFilter().filter(forbidden)
    ClientErrorTracebackFilter().filter(failed)

    assert "exception" not in json.loads(JsonFormatter().format(forbidden))
    assert "PermissionError: not yours" in json.loads(JsonFormatter().format(failed))["exception"]


def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("forbidden/", _forbidden), path("broken/", _broken)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_through_a_request_a_403_is_logged_without_traceback_and_a_500_with_one(client, admin_user, log_lines):
    client.force_login(admin_user)
    client.raise_request_exception = False

    forbidden = client.get("/forbidden/?name=Smith")
    broken = client.get("/broken/?name=Smith")

    by_status = {line.get("status_code"): line for line in log_lines if line["logger"] == "django.request"}
    assert "exception" not in by_status[403]
    assert by_status[403]["request_id"] == forbidden["X-Request-ID"]
    assert "RuntimeError: a bug" in by_status[500]["exception"]
    assert by_status[500]["request_id"] == broken["X-Request-ID"]
    assert not any("Smith" in json.dumps(line) for line in log_lines)


@pytest.mark.parametrize(
    ("env", "expected"), [({}, "json"), ({"LOG_FORMAT": "text"}, "text"), ({"DEBUG": "true"}, "text")]
)
def test_log_format_is_json_unless_asked_for_text(env, expected):
    clean = {k: v for k, v in os.environ.items() if k not in {"LOG_FORMAT", "DEBUG"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.LOGGING['handlers']['console']['formatter'])",
        ],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "caseworks.settings", "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == expected, result.stderr


def test_a_malformed_log_call_is_left_to_the_handler_rather_than_raised():
    record = logging.LogRecord("supervision", logging.INFO, __file__, 1, "%s and %s", ("one",), None)

    assert QueryStringFilter().filter(record)
