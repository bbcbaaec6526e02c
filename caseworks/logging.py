"""Log lines an operator can search and that hold no personal data.

In production each line is one JSON object (JsonFormatter): time in UTC, level, logger, message and the request's
reference, so a log service indexes them without parsing text. `LOG_FORMAT=text` (the default with DEBUG, as in
`make run`) keeps the one-line text format a developer reads in a terminal.

Two filters run on every line, whatever the format:
- a 4xx response (a 403 for a case outside the user's scope, a 404) is logged without its traceback: it is the
  service working as meant, and tracebacks are for 5xx, where someone has to act;
- query strings are removed from paths in messages (the development server's request lines, say): a search for a
  person's name ends up in the query string, and a log is no place for it.
"""

import json
import logging
import re
from datetime import UTC, datetime

# A path followed by a query string, as in `"GET /caseload/?q=Smith HTTP/1.1"`.
QUERY_STRING = re.compile(r"(/[^\s?]*)\?[^\s\"']*")


def without_query_strings(text: str) -> str:
    return QUERY_STRING.sub(r"\1", text)


class ClientErrorTracebackFilter(logging.Filter):
    """Drops the traceback of a record about a response below 500 (Django attaches one to every 403)."""

    def filter(self, record: logging.LogRecord) -> bool:
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int) and status_code < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class QueryStringFilter(logging.Filter):
    """Removes query strings from the record's message (its arguments are merged into it first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # a malformed call: leave it to the handler, which reports it without losing the line
        if "?" in message:
            record.msg = without_query_strings(message)
            record.args = ()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id; the status code when the
    record is about a response, and the traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int):
            line["status_code"] = status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)
