"""Request ids (caseworks/middleware.py): a new one per request, in the response header and in the log lines."""

import json
import logging
from types import SimpleNamespace

from django.http import HttpResponse

from caseworks.middleware import REQUEST_ID_ALPHABET, RequestIdLogFilter, RequestIdMiddleware, new_request_id


def _record(name="supervision.services", message="Something to note"):
    return logging.LogRecord(name, logging.WARNING, __file__, 1, message, (), None)


def test_request_ids_are_eight_characters_that_cannot_be_misread():
    ids = {new_request_id() for _ in range(200)}

    assert len(ids) == 200
    assert all(len(request_id) == 8 and set(request_id) <= set(REQUEST_ID_ALPHABET) for request_id in ids)
    assert not set("ILOU") & set(REQUEST_ID_ALPHABET)


def test_the_request_and_its_response_carry_the_same_id(rf):
    seen = []

    def view(request):
        seen.append(request.request_id)
        return HttpResponse()

    response = RequestIdMiddleware(view)(rf.get("/"))

    assert seen == [response["X-Request-ID"]]


def test_log_lines_written_while_a_request_is_handled_carry_its_reference(rf):
    seen = []

    def view(request):
        record = _record()
        RequestIdLogFilter().filter(record)
        seen.append(record.request_id)
        return HttpResponse()

    response = RequestIdMiddleware(view)(rf.get("/"))
    after = _record()
    RequestIdLogFilter().filter(after)

    assert seen == [response["X-Request-ID"]]
    assert after.request_id == "-"


def test_the_console_log_line_shows_the_reference_of_djangos_request_records():
    """settings.LOGGING: the filter and the request id are on the handler operators read (JSON by default)."""
    [console] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(log_filter, RequestIdLogFilter) for log_filter in handler.filters)
    ]
    record = _record("django.request", "Internal Server Error: /cases/X123456/")
    record.levelname = "ERROR"
    record.request = SimpleNamespace(request_id="K3F9QX2M")

    assert console.filter(record)
    line = json.loads(console.format(record))
    assert line["request_id"] == "K3F9QX2M"
    assert line["logger"] == "django.request"
    assert line["message"] == "Internal Server Error: /cases/X123456/"
