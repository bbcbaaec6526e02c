"""The 403, 404, 500 and 503 pages (caseworks/views.py, caseworks/middleware.py), with DEBUG off as in production.

Each is the GOV.UK page with a plain-English heading, what to do next and the request's reference, and shows
nothing from inside the service. The failing views are in caseworks/tests/urls.py.
"""

import logging
import re

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils.functional import SimpleLazyObject

from caseworks import views
from caseworks.middleware import RequestIdLogFilter
from caseworks.tests.urls import SECRET
from supervision.tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("caseworks.tests.urls")]

REFERENCE = re.compile(r"[0-9A-HJKMNP-TV-Z]{8}")
# Words that would mean the page shows the exception, the code or the configuration.
INTERNAL_TEXT = [
    "caseworks_secret",
    "db.internal",
    "SELECT",
    "Traceback",
    "OperationalError",
    "InterfaceError",
    "RuntimeError",
    "PermissionDenied",
    "SECRET_KEY",
    "DATABASE",
]
SERVICE_UNAVAILABLE = "Sorry, the service is unavailable"
SERVER_ERROR = "Sorry, there is a problem with the service"


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@pytest.fixture
def anonymous():
    """A client that gets the error page, as a browser would, instead of the exception re-raised in the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def officer():
    return StaffFactory(first_name="Asha", last_name="Patel")


@pytest.fixture
def officer_client(officer):
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    return client


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def assert_error_page(response, *, status: int, heading: str) -> str:
    """The GOV.UK error page with the heading, and the reference from the X-Request-ID header. Returns the HTML."""
    html = response.content.decode()
    assert response.status_code == status
    reference = response["X-Request-ID"]
    assert REFERENCE.fullmatch(reference)
    assert f'<strong id="error-reference">{reference}</strong>' in html
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert f"<title>{heading} – Caseworks</title>" in html
    assert 'class="govuk-generic-header"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    for text in INTERNAL_TEXT:
        assert text not in html, f"the {status} page shows {text!r}"
    return html


def test_permission_denied_shows_the_403_page_with_the_users_navigation(officer_client):
    response = officer_client.get("/test/permission-denied/")

    html = assert_error_page(response, status=403, heading="You do not have permission to use this page")
    assert "ask your line manager or Caseworks administrator" in html
    assert 'aria-label="Menu"' in html and "My caseload" in html
    assert "Sign out" in html


def test_a_page_the_admin_refuses_shows_the_403_page(anonymous):
    staff = User.objects.create_user("admin.clerk", password="a-long-test-password-42", is_staff=True)
    anonymous.force_login(staff)

    response = anonymous.get(reverse("admin:auth_user_add"))

    assert_error_page(response, status=403, heading="You do not have permission to use this page")


def test_staff_without_a_case_role_still_get_supervisions_own_403_page(anonymous):
    anonymous.force_login(User.objects.create_user("no.role"))

    response = anonymous.get(reverse("home"))

    assert response.status_code == 403
    assert "You cannot use these pages yet" in response.content.decode()


def test_a_form_sent_without_its_security_token_shows_the_form_expired_page(officer):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(officer)

    response = client.post(reverse("supervision:caseload"), {"anything": "x"})

    html = assert_error_page(response, status=403, heading="Your form could not be sent")
    assert "Nothing was saved" in html
    assert "CSRF" not in html


def test_an_unknown_address_shows_the_404_page(anonymous):
    response = anonymous.get("/no-such-page/")

    html = assert_error_page(response, status=404, heading="Page not found")
    assert "check you copied the entire address" in html
    assert "Sign out" not in html


def test_an_unknown_address_shows_the_404_page_signed_in(officer_client):
    response = officer_client.get("/cases/X999999/")

    html = assert_error_page(response, status=404, heading="Page not found")
    assert "Asha Patel" in html


def test_an_unhandled_exception_shows_the_500_page(anonymous):
    response = anonymous.get("/test/crash/")

    html = assert_error_page(response, status=500, heading=SERVER_ERROR)
    assert "Try again later." in html


@pytest.mark.parametrize("url", ["/test/database-down/", "/test/database-connection-lost/", "/test/broker-down/"])
def test_a_database_or_broker_outage_in_a_view_shows_the_503_page(url, anonymous):
    response = anonymous.get(url)

    html = assert_error_page(response, status=503, heading=SERVICE_UNAVAILABLE)
    assert "Try again later." in html


def test_an_outage_is_a_503_without_the_test_client_re_raising_it(client):
    """The middleware answers the outage itself, so Django never treats it as an unhandled exception."""
    assert client.get("/test/database-down/").status_code == 503


def test_with_debug_on_an_outage_is_left_to_djangos_debug_page(anonymous, settings):
    """A developer on SQLite whose migrations are not applied gets an OperationalError and needs its traceback."""
    settings.DEBUG = True

    response = anonymous.get("/test/database-down/")

    assert response.status_code == 500
    assert "OperationalError" in response.content.decode()


def test_the_500_page_renders_while_the_database_refuses_every_query(anonymous):
    with connection.execute_wrapper(refuse_every_query):
        response = anonymous.get("/test/crash/")

    assert_error_page(response, status=500, heading=SERVER_ERROR)


def test_a_view_whose_query_fails_shows_the_503_page_while_the_database_is_down(anonymous):
    with connection.execute_wrapper(refuse_every_query):
        response = anonymous.get("/test/count-users/")

    assert_error_page(response, status=503, heading=SERVICE_UNAVAILABLE)


def test_a_signed_in_user_gets_the_503_page_when_the_database_fails_before_the_view(officer_client):
    """Looking up the session fails in a middleware, not a view: handler500 recognises the outage."""
    with connection.execute_wrapper(refuse_every_query):
        response = officer_client.get(reverse("supervision:caseload"))

    html = assert_error_page(response, status=503, heading=SERVICE_UNAVAILABLE)
    assert "Asha Patel" not in html


@pytest.mark.parametrize("view", [views.server_error, views.service_unavailable])
def test_the_500_and_503_pages_make_no_database_queries(view, rf, officer, django_assert_num_queries):
    request = rf.get("/")
    request.request_id = "K3F9QX2M"
    request.user = SimpleLazyObject(lambda: User.objects.get(pk=officer.pk))  # a query, if anything looked

    with django_assert_num_queries(0):
        response = view(request)

    assert response.status_code in {500, 503}
    assert '<strong id="error-reference">K3F9QX2M</strong>' in response.content.decode()


def _error_records_with_traceback(caplog):
    return [record for record in caplog.records if record.levelno == logging.ERROR and record.exc_info]


def test_an_outage_is_logged_at_error_with_its_traceback_and_the_pages_reference(anonymous, caplog):
    response = anonymous.get("/test/database-down/")

    [record] = _error_records_with_traceback(caplog)
    RequestIdLogFilter().filter(record)
    assert record.request_id == response["X-Request-ID"]
    assert record.exc_info[0] is OperationalError
    assert SECRET in str(record.exc_info[1])  # the operator sees what the member of staff does not


def test_a_server_error_is_logged_at_error_with_its_traceback_and_the_pages_reference(anonymous, caplog):
    response = anonymous.get("/test/crash/")

    [record] = _error_records_with_traceback(caplog)
    RequestIdLogFilter().filter(record)
    assert record.request_id == response["X-Request-ID"]
    assert record.exc_info[0] is RuntimeError


def test_every_response_has_its_own_request_id_and_a_clients_own_is_ignored(anonymous):
    first = anonymous.get(reverse("login"))
    second = anonymous.get(reverse("login"), headers={"X-Request-ID": "<script>alert(1)</script>"})

    assert REFERENCE.fullmatch(first["X-Request-ID"])
    assert REFERENCE.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.urls("caseworks.urls")
def test_the_product_urls_use_caseworks_error_pages():
    resolver = get_resolver("caseworks.urls")
    assert resolver.resolve_error_handler(403) is views.permission_denied
    assert resolver.resolve_error_handler(404) is views.page_not_found
    assert resolver.resolve_error_handler(500) is views.server_error
