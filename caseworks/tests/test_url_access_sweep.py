"""Every URL that takes an object identifier refuses a user outside scope, for every method (issue 11).

The URLs come from the URLconf (`get_resolver()`): both apps' pages and the Django admin. An app URL with an
identifier needs a row in url_sweep_world.TABLE (the record it opens, who may, who must be refused), so a new URL
without one fails `test_every_url_with_an_identifier_is_in_the_table`. Admin URLs are derived from the admin's own
registry: every object page of every registered model (change, delete, history, and any extra object page such as
a device's QR code) is swept.

A refusal is 403, 404, 405 or a redirect to sign-in, for GET, HEAD, POST, PUT, PATCH and DELETE; each POST carries
a plausible body read from the form the allowed user sees, with that form's submission token and version. After
every request no table has changed: PostgreSQL's per-transaction row counters (`pg_stat_xact_user_tables`) count
every insert, update and delete, even one rolled back, in one query. The allowed user's GET answers 200 (or, for a
page that only takes POST, their POST is accepted), which proves each row of the table reaches a real page.

The world is built once per module (inside a transaction rolled back at the end) and each test runs in a savepoint.
"""

import os
import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from caseworks.tests.form_client import _GUARD as GUARD
from caseworks.tests.url_sweep_world import NOT_OBJECT_URLS, TABLE, build_world
from supervision import roles

SOAK = os.environ.get("HYPOTHESIS_PROFILE") == "soak"
CASE_ROLES = ("officer", "manager", "head")
METHODS = ("get", "head", "post", "put", "patch", "delete")
WRITES = ("post", "put", "patch", "delete")
SIGN_IN = "/sign-in/"
# Tables a refused request may still write: the session (idle-timeout bookkeeping) and the access audit, which
# records refusals on purpose.
MAY_CHANGE = re.compile(r"^(django_session|.*audit.*)$")


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def _identifiers(pattern: URLPattern) -> set[str]:
    converters = set(getattr(pattern.pattern, "converters", {}))
    return converters or set(pattern.pattern.regex.groupindex)


def _urls_with_identifiers():
    """(route, name, identifiers) for every URL pattern that takes an identifier."""
    found = []
    for route, name, pattern in _walk(get_resolver()):
        identifiers = _identifiers(pattern)
        # The admin's catch-all (`(?P<url>.*)$`) and its app index (`<app_label>/`) name no object.
        if identifiers and identifiers not in ({"url"}, {"app_label"}):
            found.append((route, name, identifiers))
    return found


ALL = _urls_with_identifiers()
APP_URLS = sorted(name for route, name, _ in ALL if not route.startswith("admin/"))
ADMIN_OBJECT = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


def _admin_urls():
    """(label, route template, model) for every admin URL with an object identifier."""
    registered = {(m._meta.app_label, m._meta.model_name): m for m in admin.site._registry}
    found = []
    for route, name, _ in ALL:
        if not route.startswith("admin/"):
            continue
        if name == "admin:view_on_site":
            found.append(("view_on_site", route, None))
            continue
        match = ADMIN_OBJECT.match(route)
        model = registered.get((match["app"], match["model"])) if match else None
        assert model is not None, f"{route}: an admin URL with an identifier the sweep cannot place"
        found.append((f"{name or 'redirect'} {route}", route, model))
    return found


ADMIN_URLS = _admin_urls()


def _admin_path(route: str, model, world) -> str:
    if model is None:  # view_on_site: the content type and the id of a case
        from django.contrib.contenttypes.models import ContentType

        case = world["case"]
        return f"/admin/r/{ContentType.objects.get_for_model(case).pk}/{case.pk}/"
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"build a {model._meta.label} in url_sweep_world._admin_only_records"
    return "/" + re.sub(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)", str(obj.pk), route).replace("^", "").replace("$", "")


def _administrators_may_only_read(model) -> bool:
    """Models on which the Administrator role holds no permission to add, change or delete: case records and the
    service's own bookkeeping. (Reference data is theirs to edit; deleting an access attempt unlocks a sign-in.)"""
    if model is None:
        return False
    granted = roles.role_permissions()[roles.ADMINISTRATOR].get(model._meta.label_lower, ())
    return not set(granted) & {"add", "change", "delete"}


# --- the world, once per module -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        # Signed in once per module: a sign-in writes a session and an access log, thousands of times otherwise.
        built["clients"] = {who: Client() for who in built["users"]}
        for who, user in built["users"].items():
            if user is not None:
                built["clients"][who].force_login(user)
        yield built
        transaction.set_rollback(True)


def _client(world, who) -> Client:
    return world["clients"][who]


def _app_path(name: str, world) -> str:
    entry = TABLE[name]
    record = world["records"][entry.record]
    route = next(route for route, url_name, _ in ALL if url_name == name)
    kwargs = {}
    if "<str:crn>" in route:
        kwargs["crn"] = (record if entry.record == "case" else record.case).crn
    if "<int:pk>" in route:
        kwargs["pk"] = record.pk
    return reverse(name, kwargs=kwargs)


# --- a plausible body from the allowed user's form ----------------------------------------------------------------


def _plausible_text(name: str, attrs: dict) -> str:
    """What a person would type into an empty box: a real date (a month ahead for a due or end date), a time, a
    small number, or words."""
    part = re.search(r"_([012])$", name)
    if part:
        day = timezone.localdate() + timedelta(days=30 if re.search(r"due|ends?_", name) else 0)
        return str((day.day, day.month, day.year)[int(part[1])])
    if name == "at" or name.endswith("_at"):
        return "10:00"
    if attrs.get("inputmode") == "numeric" or attrs.get("type") == "number":
        return "7"
    return "Plausible text"


class _PostForm(HTMLParser):
    """Each field of the page's POST forms with the value a person would most likely send: the value drawn in
    the form, the selected (else first real) option, the first radio, ticked checkboxes."""

    def __init__(self):
        super().__init__()
        self.in_post = False
        self.select = None
        self.textarea = None
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.in_post = (attrs.get("method") or "").lower() == "post"
        elif not self.in_post:
            return
        elif tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("radio", "checkbox"):
                if name not in self.data or "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data.setdefault(name, attrs.get("value") or _plausible_text(name, attrs))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and attrs.get("value"):
            if self.select not in self.data or "selected" in attrs:
                self.data[self.select] = attrs["value"]
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = "Plausible text"

    def handle_data(self, data):
        if self.textarea and data.strip():
            self.data[self.textarea] = data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def _plausible_body(page) -> dict:
    """What a person would post from `page` (a response): its POST form's fields, and its guards (submission
    token and version) as form_client.guards reads them; a fresh token when the page drew no form."""
    body = {}
    if page.status_code == 200:
        html = page.content.decode()
        reader = _PostForm()
        reader.feed(html)
        body = reader.data
        body.pop("csrfmiddlewaretoken", None)
        body.update(GUARD.findall(html))
    body.setdefault("submission_token", str(uuid.uuid4()))
    return body


# --- checking a refusal -------------------------------------------------------------------------------------------


def _row_changes() -> dict[str, tuple[int, int, int]]:
    """Rows inserted, updated and deleted in each table so far in this transaction (rolled-back ones included)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables")
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall() if not MAY_CHANGE.match(row[0])}


def _refused(response, path: str) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code != 302:
        return False
    location = response["Location"]
    # The admin's own sign-in page sends on to the service's; an admin URL that only redirects to the object's
    # change page (`<id>/` → `<id>/change/`) leads where this sweep also goes, so it gives nothing away.
    return location.startswith((SIGN_IN, "/admin/login/")) or location == f"{path}change/"


def _request(client: Client, method: str, path: str, body: dict):
    if method in ("get", "head"):
        return getattr(client, method)(path)
    if method == "post":
        return client.post(path, body)
    from urllib.parse import urlencode

    return getattr(client, method)(path, urlencode(body, doseq=True), content_type="application/x-www-form-urlencoded")


def _sweep(client: Client, path: str, body: dict, *, may_read: bool = False) -> list[str]:
    """Every method against `path`; the leaks found, as readable lines."""
    leaks = []
    after = _row_changes()
    for method in METHODS:
        before = after
        response = _request(client, method, path, body)
        after = _row_changes()
        # An administrator may read a case record in the admin whatever the method (Django draws the read-only
        # page for a PUT as for a GET); that nothing was written is checked below.
        if not (_refused(response, path) or (may_read and response.status_code == 200)):
            leaks.append(f"{method.upper()} {path} answered {response.status_code} {response.get('Location', '')}")
        changed = sorted(table for table in after if after[table] != before.get(table, (0, 0, 0)))
        if changed:
            leaks.append(f"{method.upper()} {path} wrote to {changed}")
    return leaks


# --- the tests ----------------------------------------------------------------------------------------------------


def test_every_url_with_an_identifier_is_in_the_table():
    missing = [name for name in APP_URLS if name not in TABLE and name not in NOT_OBJECT_URLS]
    assert not missing, f"add these URLs to url_sweep_world.TABLE (who may open them, who may not): {missing}"
    stale = sorted(set(TABLE) - set(APP_URLS))
    assert not stale, f"url_sweep_world.TABLE names URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_allowed_user_reaches_the_page(name, world):
    entry = TABLE[name]
    client = _client(world, entry.allowed)
    path = _app_path(name, world)
    page = client.get(path)
    if entry.post_only:
        assert page.status_code == 405
        response = client.post(path, _plausible_body(page))
        assert response.status_code == 302 and not response["Location"].startswith(SIGN_IN), name
    else:
        assert page.status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TABLE))
def test_every_user_outside_scope_is_refused_every_method(name, world):
    entry = TABLE[name]
    path = _app_path(name, world)
    body = _plausible_body(_client(world, entry.allowed).get(path))
    leaks = []
    for who in entry.outside:
        leaks += [f"{who}: {leak}" for leak in _sweep(_client(world, who), path, body)]
    assert not leaks, "\n".join(leaks)


def _case_roles_for(index: int) -> tuple[str, ...]:
    """The three case roles meet one check in the admin (CaseworksAdminSite.admin_view), so `make test` sweeps
    each admin URL with one of them in turn (every role meets every kind of page); `HYPOTHESIS_PROFILE=soak`, the
    setting for long runs, sweeps each with all three."""
    if SOAK:
        return CASE_ROLES
    return (CASE_ROLES[index % len(CASE_ROLES)],)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("index", "route", "model"),
    [(index, route, model) for index, (_, route, model) in enumerate(ADMIN_URLS)],
    ids=[label for label, _, _ in ADMIN_URLS],
)
def test_the_admin_refuses_case_roles_and_lets_administrators_at_most_read_case_records(index, route, model, world):
    path = _admin_path(route, model, world)
    superuser = _client(world, "superuser")
    # The superuser opens every page; only deleting may be refused to everyone (case records are never deleted).
    opened = (200, 302, 403) if path.endswith("/delete/") else (200, 302)
    page = superuser.get(path)
    assert page.status_code in opened, f"{path}: the superuser cannot open it"
    body = _plausible_body(page)
    leaks = []
    for who in (*_case_roles_for(index), "anonymous"):
        client = _client(world, who)
        if who != "anonymous":
            # A case role given staff status by mistake: still refused everything.
            type(world["users"][who]).objects.filter(pk=world["users"][who].pk).update(is_staff=True)
        leaks += [f"{who} (staff): {leak}" for leak in _sweep(client, path, body)]
    if _administrators_may_only_read(model):
        client = _client(world, "administrator")
        leaks += [f"administrator: {leak}" for leak in _sweep(client, path, body, may_read=True)]
    assert not leaks, "\n".join(leaks)
