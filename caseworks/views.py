"""Caseworks' own error pages: 403, 404, 500 and 503, wired in caseworks/urls.py and caseworks/middleware.py.

Each page says in plain English what happened and what to do next, and shows the request's reference (the
X-Request-ID that caseworks.middleware.RequestIdMiddleware gives every request), so a member of staff can quote it
to the service desk and an operator can find the logged error. No page shows the exception, its message or
anything else from inside the service: an exception's text can hold SQL, a host name or a person's details.

The 500 and 503 pages are rendered without the request's context processors. They are shown when something has
already gone wrong, often the database: looking up the signed-in user or the navigation would fail again and
leave the member of staff with the web server's bare error instead of a page.
"""

import sys

from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from kombu.exceptions import OperationalError as BrokerOperationalError

# Failures of a service Caseworks depends on rather than of Caseworks itself: the database is down or refused
# the connection (Django wraps the driver's errors in these two), or the Celery broker could not be reached.
# Trying again later is the right advice, so they get the 503 page. PostgreSQL also reports a deadlock or a
# cancelled statement as an OperationalError; "try again later" is right for those too.
OUTAGES = (DatabaseOperationalError, InterfaceError, BrokerOperationalError)


def reference_of(request: HttpRequest) -> str:
    """The reference shown on an error page: the request id the middleware assigned."""
    return getattr(request, "request_id", "")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400, and caseworks.middleware.ControlCharactersMiddleware: a request no form or link makes."""
    return render(request, "errors/400.html", {"reference": reference_of(request)}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: a view raised PermissionDenied. The exception's text is never shown."""
    return render(request, "errors/403.html", {"reference": reference_of(request)}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: no such page, or (through cases_visible_to) a record outside the user's scope."""
    return render(request, "errors/404.html", {"reference": reference_of(request)}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an unhandled exception. Django logs it with its traceback at ERROR (the `django.request`
    logger), and the log line carries the same reference as the page.

    An outage raised outside a view (the session lookup in a middleware when the database is down) reaches here
    rather than ServiceUnavailableMiddleware, so it is told apart here and gets the 503 page too.
    """
    if isinstance(sys.exc_info()[1], OUTAGES):
        return service_unavailable(request)
    return _render_without_context_processors(request, "errors/500.html", status=500)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page: the database or the queue is unavailable."""
    return _render_without_context_processors(request, "errors/503.html", status=503)


def _render_without_context_processors(request: HttpRequest, template_name: str, *, status: int) -> HttpResponse:
    """Render with only the reference in the context: no user, navigation or messages, so no database query."""
    template = loader.get_template(template_name)
    return HttpResponse(template.render({"reference": reference_of(request)}), status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form posted without a valid token, most often one left open past the session or
    posted from an old tab. Nothing was saved; the member of staff can go back, reload and send it again."""
    return render(request, "errors/403_csrf.html", {"reference": reference_of(request)}, status=403)
