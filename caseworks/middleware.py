"""Request references, and the "service unavailable" page when the database or the queue is down.

Every request gets a short id: it is sent back in the X-Request-ID header, shown on error pages as the
"reference", and added to every log line written while the request is handled (RequestIdLogFilter, wired in
settings.LOGGING). A member of staff quotes the reference from the error page; an operator searches the logs for
`reference=<id>` and finds the error with its traceback.
"""

import contextvars
import logging
import re
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from caseworks import views

REQUEST_ID_HEADER = "X-Request-ID"
# Crockford's base32 alphabet has no I, L, O or U, so a reference read out over the phone is not misheard.
REQUEST_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# 8 characters (40 bits): short enough to read out, and with the log's timestamp no two requests are confused.
REQUEST_ID_LENGTH = 8

logger = logging.getLogger(__name__)
_current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def new_request_id() -> str:
    return "".join(secrets.choice(REQUEST_ID_ALPHABET) for _ in range(REQUEST_ID_LENGTH))


class RequestIdMiddleware:
    """Give the request a new id, as `request.request_id` and in the response's X-Request-ID header.

    An X-Request-ID sent by the client is ignored: the id is shown on pages and written to logs, so it must be
    one Caseworks made. First in MIDDLEWARE, so every response has the header, error pages included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = new_request_id()
        token = _current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class ServiceUnavailableMiddleware:
    """A view that fails because the database or the Celery broker is down gets the 503 page, not the 500.

    "Sorry, the service is unavailable, try again later" is the truth for an outage; "there is a problem with the
    service" would send staff to report a bug. The error is logged at ERROR with its traceback and the reference.
    An outage outside a view (in a middleware) is caught by caseworks.views.server_error instead.

    With DEBUG on, Django's debug page is left to show the error: on SQLite (`make run`) a migration not yet
    applied ("no such table") is an OperationalError too, and a developer needs the traceback, not "try later".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG or not isinstance(exception, views.OUTAGES):
            return None
        logger.error(
            "Service unavailable: %s %s failed because a service it depends on is down",
            request.method,
            request.path,
            exc_info=exception,
            extra={"request": request, "status_code": 503},
        )
        return views.service_unavailable(request)


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every log record, for the log format's `reference=%(request_id)s`.

    Taken from the record's request when it has one (Django's `django.request` records, which are written after
    the middleware has finished), otherwise from the request being handled; "-" outside a request.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or _current_request_id.get() or "-"
        return True


# C0 control characters and DEL. A path never has one; PostgreSQL refuses a NUL in a string, so "/cases/X%00/"
# would reach the database and fail there with a 500. Tab, line feed and carriage return are allowed in a query
# string: a search pasted from a document can carry them.
PATH_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
QUERY_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ControlCharactersMiddleware:
    """A path with a control character is a page that cannot exist (404); a query string with one is a bad request
    (400). Both answered with the GOV.UK page before any view sees them, so no view needs to guard against them.

    After AuthenticationMiddleware, so the 404 page shows the signed-in user's navigation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if PATH_CONTROL_CHARACTERS.search(request.path):
            return views.page_not_found(request)
        if any(
            QUERY_CONTROL_CHARACTERS.search(key) or any(QUERY_CONTROL_CHARACTERS.search(value) for value in values)
            for key, values in request.GET.lists()
        ):
            return views.bad_request(request)
        return self.get_response(request)
