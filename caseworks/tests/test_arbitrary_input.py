"""Arbitrary input to every form in both apps: never a 5xx, and a refused post writes nothing.

The form pages are found from the URLconf, so a new page is covered without touching this file: every named URL of
`supervision` and `mappa` is opened by each user of a small world until one may use it. A page showing a form that
posts is fed arbitrary posts; a page answering only POST (405 to GET) is fed them too; a page with a GET form (the
caseload filter) is fed arbitrary query strings. A URL whose `<pk>` names a record this module does not build fails
the test, so the world below grows with the app.

Posts mix plausible values (the page's own choices, real dates) with junk: NUL bytes and other control characters,
any Unicode, 20-digit numbers, years 0001 and 9999, 30,000-character text, missing fields, repeated keys and keys no
form has. A response that is not a redirect must leave every table as it was (counted in one query before and
after). Each example runs in a savepoint rolled back afterwards, so one example's saved record does not change what
the next one sees.

`HYPOTHESIS_PROFILE=soak` (`make soak`) runs many more examples per page.
"""

import os
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseworks.tests.arbitrary_input_world import build_world

settings.register_profile(
    "default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.register_profile("soak", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")

APP_NAMESPACES = ("supervision", "mappa")


def _named_urls():
    """(namespaced name, pattern) for every named URL of the two apps."""
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in APP_NAMESPACES:
            found += [(f"{entry.namespace}:{p.name}", p) for p in entry.url_patterns if isinstance(p, URLPattern)]
    return sorted(found, key=lambda item: item[0])


URLS = dict(_named_urls())


# --- the world: one case with one record of every kind, and the people who work it -------------------------------


@pytest.fixture
def world():
    return build_world()


def _candidate_urls(name, world):
    """Every URL for `name` the world can fill in: the case's CRN, and each record of the kind the name is about."""
    pattern = URLS[name]
    converters = set(pattern.pattern.converters)
    if converters == set():
        return [reverse(name)]
    if converters == {"crn"}:
        return [reverse(name, kwargs={"crn": world["case"].crn})]
    if converters == {"figure"}:
        # The region dashboard's lists: the identifier is a figure, not a record.
        return [reverse(name, kwargs={"figure": "mappa-level-2"})]
    if converters == {"key"}:
        # The dashboard's lists: the key names a figure, not a record.
        return [reverse(name, kwargs={"key": key}) for key in ("overdue-requirements", "escalations-overdue")]
    kinds = [kind for kind in world["records"] if name.split(":", 1)[1].startswith(kind)]
    assert kinds, f"{name}: build a record for its <pk> in this module's world fixture"
    kind = max(kinds, key=len)
    # A record on another of the officer's cases (a recall: one in progress per case) is reached through its own.
    return [
        reverse(name, kwargs={**_crn(converters, getattr(record, "case", None) or world["case"]), "pk": record.pk})
        for record in world["records"][kind]
    ]


def _crn(converters, case) -> dict:
    return {"crn": case.crn} if "crn" in converters else {}


# --- reading a page's form ----------------------------------------------------------------------------------------


class FormReader(HTMLParser):
    """The fields of a page's forms and the values they offer (options, radios, checkboxes), per method."""

    def __init__(self):
        super().__init__()
        self.method = None
        self.fields: dict[str, dict[str, list[str]]] = {"get": {}, "post": {}}
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.method = (attrs.get("method") or "get").lower()
        elif self.method and tag in {"input", "textarea", "select"} and attrs.get("name"):
            name = attrs["name"]
            values = self.fields[self.method].setdefault(name, [])
            if tag == "select":
                self.select = name
            elif attrs.get("value") not in (None, ""):
                values.append(attrs["value"])
        elif tag == "option" and self.select and attrs.get("value"):
            self.fields[self.method][self.select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.method = None
        elif tag == "select":
            self.select = None


def _form_fields(html: str) -> dict[str, dict[str, list[str]]]:
    reader = FormReader()
    reader.feed(html)
    for fields in reader.fields.values():
        fields.pop("csrfmiddlewaretoken", None)
    return reader.fields


# What a page with no form (a list, a record's page, a queue) may read from its query string: paging, sorting,
# searching and date filters. Each gets the same junk a form does.
QUERY_PARAMETERS = ("page", "sort", "order", "q", "crn", "status", "from_0", "from_1", "from_2", "to_0", "to_1", "to_2")


def _target(name, world, client):
    """(user, url, method, fields) for the first user and record with which the page is a form; for a page with
    no form (a list, a record's page), a GET with its possible query parameters."""
    seen, readable = [], None
    for url in _candidate_urls(name, world):
        for user in world["users"]:
            client.force_login(user)
            response = client.get(url)
            seen.append(response.status_code)
            if response.status_code == 405:
                return user, url, "post", {}
            if response.status_code != 200:
                continue
            readable = readable or (user, url)
            fields = _form_fields(response.content.decode())
            if fields["post"]:
                return user, url, "post", fields["post"]
            if fields["get"]:
                return user, url, "get", fields["get"]
    if readable:
        return (*readable, "get", dict.fromkeys(QUERY_PARAMETERS, []))
    pytest.fail(f"{name}: no user of the world may open it (statuses {seen}); give the world what it needs")


# --- arbitrary data -----------------------------------------------------------------------------------------------

JUNK = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "\x1b[31m",
            "0",
            "-1",
            "9" * 20,
            "-" + "9" * 25,
            "1e309",
            "NaN",
            "0001",
            "9999",
            "99:99",
            "٣",
            "x" * 30_000,
            "on",
            "true",
            "None",
            "[]",
            "{}",
            "' OR 1=1 --",
            str(uuid.UUID(int=0)),
        ]
    ),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)


def _plausible(name: str, offered: list[str]):
    """A value the page itself would send for the field: one of its choices, or a date part near today."""
    today = timezone.localdate()
    if offered:
        return st.sampled_from(offered)
    if re.search(r"_0$", name):
        return st.integers(1, 28).map(str)
    if re.search(r"_1$", name):
        return st.integers(1, 12).map(str)
    if re.search(r"_2$", name):
        return st.sampled_from([str(today.year - 1), str(today.year), str(today.year + 1)])
    if name.endswith("submission_token"):
        return st.uuids().map(str)
    if name in {"at"} or name.endswith("-at"):
        return st.sampled_from(["10:00", "2:30pm", "9am"])
    if name.endswith("TOTAL_FORMS") or name.endswith("INITIAL_FORMS"):
        return st.sampled_from(["0", "3", "20", "21", "5000"])
    return st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs",)))


@st.composite
def _plausible_data(draw, fields: dict[str, list[str]]) -> dict:
    return {name: draw(_plausible(name, offered)) for name, offered in fields.items()}


@st.composite
def poisoned(draw, fields: dict[str, list[str]]):
    """A plausible post with one junk value put into some of its fields: close enough to valid to reach the parsing
    (and the services) behind the first field's checks."""
    data = draw(_plausible_data(fields))
    poison = draw(JUNK)
    targets = draw(st.lists(st.sampled_from(list(fields)), min_size=1, unique=True)) if fields else []
    for name in targets:
        data[name] = poison
    return data


@st.composite
def chaos(draw, fields: dict[str, list[str]]):
    """Each field plausible, junk, missing or repeated, and keys no form has."""
    data = {}
    for name, offered in fields.items():
        choice = draw(st.sampled_from(["plausible", "junk", "missing", "repeated"]))
        if choice == "plausible":
            data[name] = draw(_plausible(name, offered))
        elif choice == "junk":
            data[name] = draw(JUNK)
        elif choice == "repeated":
            data[name] = draw(st.lists(st.one_of(_plausible(name, offered), JUNK), min_size=2, max_size=3))
    extra = draw(st.dictionaries(st.one_of(st.sampled_from(list(fields) or ["x"]), JUNK), JUNK, max_size=3))
    return {**extra, **data} if draw(st.booleans()) else {**data, **extra}


def arbitrary_data(fields: dict[str, list[str]]):
    """Attacks seen in the wild first (every date part 20 digits long, NUL bytes everywhere, 30,000 characters
    everywhere, nothing at all), then poisoned and chaotic posts."""
    canned = [
        dict.fromkeys(fields, "9" * 20),
        dict.fromkeys(fields, "a\x00b"),
        dict.fromkeys(fields, "x" * 30000),
        {},
    ]
    return st.one_of(st.sampled_from(canned), _date_parts_overflowing(fields), poisoned(fields), chaos(fields))


@st.composite
def _date_parts_overflowing(draw, fields: dict[str, list[str]]):
    """A plausible post whose day or month is a huge number: date() overflows rather than raising ValueError."""
    data = draw(_plausible_data(fields))
    for name in fields:
        if re.search(r"_[01]$", name) and draw(st.booleans()):
            data[name] = draw(st.sampled_from(["9" * 20, "99999", "-1", "0"]))
    return data


# --- counting every table -----------------------------------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    """Rows of every table, in one query. Sessions and the audit are left out: signing in writes a session, and
    opening a case page (or being refused one) writes its audit row, whatever the query string."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.db_table not in ("django_session", "supervision_auditevent")
        }
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(table)})" for table in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


# --- the test -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(URLS))
def test_arbitrary_input_never_fails_and_a_refused_post_writes_nothing(name, world, client):
    user, url, method, fields = _target(name, world, client)
    client.force_login(user)

    @settings(settings.get_profile(PROFILE))
    @given(data=arbitrary_data(fields))
    def post_anything(data):
        with transaction.atomic():
            before = _row_counts()
            response = client.post(url, data) if method == "post" else client.get(url, data)
            assert response.status_code < 500, f"{method.upper()} {url} {data!r} gave {response.status_code}"
            if response.status_code not in (301, 302, 303):
                after = _row_counts()
                changed = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
                assert not changed, f"{method.upper()} {url} answered {response.status_code} but wrote {changed}"
            transaction.set_rollback(True)

    post_anything()
