"""Each case's latest qualifying contacts, reading only the rows that can change an answer.

A requirement needing N contacts every D days is due D days after its Nth most recent counted contact, so only
the N latest seen contacts of each counted type on each case can matter (a requirement counting several types
takes its Nth latest across them, which is always among the N latest of each type). Everything older is never
read.

Why an index and a top-N read, not a maintained table of latest contacts: contacts are corrected by amendments
(type, time and outcome can all change) and recorded by several services; a maintained table would have to be
kept right by every one of those writes, and a rebuild compared against it, while the partial index
`contact_qualifying_idx` (case, contact type, time; seen outcomes only) is kept right by the database itself.
With it, PostgreSQL answers "the N latest seen contacts of this type on this case" with one short backward index
scan per (case, type) pair (a LATERAL join over the pairs the matched requirements ask for): the work grows with
cases × counted types × N, not with the size of the contacts table.

SQLite (`make run`) has no LATERAL: there one window function numbers each case's contacts per type and keeps
the first N. It reads more rows but gives the same answer; test_equivalence.py runs both on PostgreSQL on the
same data.

Rows come back as plain tuples and become small frozen dataclasses; no ORM objects are built. Who made each
contact and its type's name need the table row, not just the index: `details=False` leaves them out (the overdue
sweep reads them only for the flags it opens, `with_details`), so the read touches the index alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber, TruncDate

from supervision.contact_requirements.loading import QualifyingContact, end_of_day
from supervision.models import Contact, ContactType

MADE_BY_LABELS = dict(Contact.MadeBy.choices)


def made_by_text(made_by, name, identifier, agency, user_id, first_name, last_name, username) -> str:
    """Contact.made_by_description from plain values (test_latest_contacts.py checks they agree)."""
    if made_by == Contact.MadeBy.POLICE:
        number = f" ({identifier})" if identifier else ""
        return f"{name or 'Police officer'}{number}, police"
    if made_by == Contact.MadeBy.AGENCY_WORKER:
        return f"{name or 'Agency worker'}{f', {agency}' if agency else ''}"
    if user_id:
        return f"{first_name} {last_name}".strip() or username
    return name or MADE_BY_LABELS.get(made_by, made_by)


# A contact's columns as `_contact` reads them, for the ORM's reads (`day` annotated as the London date).
DETAIL_COLUMNS = (
    "pk",
    "case_id",
    "contact_type_id",
    "day",
    "contact_type__name",
    "made_by",
    "made_by_name",
    "made_by_identifier",
    "made_by_agency",
    "made_by_user_id",
    "made_by_user__first_name",
    "made_by_user__last_name",
    "made_by_user__username",
)


def _contact(row) -> QualifyingContact:
    pk, case_id, type_id, day, type_name, *made_by = row
    return QualifyingContact(pk, case_id, type_id, day, made_by_text(*made_by), type_name)


def _bare_contact(row) -> QualifyingContact:
    """A contact read from the index alone: who made it and its type's name left blank (`with_details`)."""
    return QualifyingContact(row[0], row[1], row[2], row[3], "", "")


def use_lateral() -> bool:
    return connection.vendor == "postgresql"


def qualifying_contacts(
    wanted: dict[tuple[int, int], int], *, on: date, lateral: bool | None = None, details: bool = True
) -> dict[int, list[QualifyingContact]]:
    """For each (case, contact type) in `wanted`, its latest `wanted[case, type]` seen contacts up to the end of
    `on`, grouped by case, newest first: one query. With `details=False` (PostgreSQL only; the portable path
    always reads them) who made each contact and its type's name are left blank, for `with_details` to fill in
    where they are read."""
    if not wanted:
        return {}
    if lateral is None:
        lateral = use_lateral()
    build = _contact
    if not lateral:
        rows = _window_rows(wanted, on=on)
    elif details:
        rows = _lateral_rows(wanted, on=on)
    else:
        rows, build = _lateral_index_rows(wanted, on=on), _bare_contact
    by_case = defaultdict(list)
    for row in rows:
        contact = build(row)
        by_case[contact.case_id].append(contact)
    for found in by_case.values():
        found.sort(key=lambda c: (c.day, c.pk), reverse=True)
    return by_case


def _int_array(values: Iterable[int]) -> str:
    """A PostgreSQL array literal of integers. psycopg2 adapts a Python list element by element, which for the
    tens of thousands of values a chunk sends costs more than the statement itself; the literal is one string.
    Safe to build by hand: every element passes through int()."""
    return "{" + ",".join(map(str, map(int, values))) + "}"


# The LATERAL reads only the partial index (an index-only scan: case, type, time, id).
_LATEST = """
    FROM unnest(%s::bigint[], %s::bigint[], %s::int[]) AS wanted(case_id, type_id, depth)
    CROSS JOIN LATERAL (
        SELECT latest.id, latest.starts_at FROM {contact} latest
        WHERE latest.case_id = wanted.case_id AND latest.contact_type_id = wanted.type_id
          AND latest.outcome IN ({seen}) AND latest.starts_at < %s
        ORDER BY latest.starts_at DESC, latest.id DESC
        LIMIT wanted.depth
    ) kept
"""
# Who made a contact and its type's name, from the table row, for the LATERAL read with details.
_DETAILS = """
    SELECT c.id, c.case_id, c.contact_type_id, (c.starts_at AT TIME ZONE %s)::date, t.name,
           c.made_by, c.made_by_name, c.made_by_identifier, c.made_by_agency, c.made_by_user_id,
           u.first_name, u.last_name, u.username
"""
_DETAILS_JOINS = """
    JOIN {contact_type} t ON t.id = c.contact_type_id
    LEFT JOIN {user} u ON u.id = c.made_by_user_id
"""


def _tables() -> dict:
    return {
        "contact": Contact._meta.db_table,
        "contact_type": ContactType._meta.db_table,
        "user": get_user_model()._meta.db_table,
        "seen": ", ".join(["%s"] * len(Contact.SEEN_OUTCOMES)),
    }


def _latest_params(wanted: dict[tuple[int, int], int], *, on: date) -> list:
    # Unzipped with zip(), not a generator per column: a chunk sends tens of thousands of pairs.
    case_ids, type_ids = zip(*wanted, strict=True)
    return [
        _int_array(case_ids),
        _int_array(type_ids),
        _int_array(wanted.values()),
        *Contact.SEEN_OUTCOMES,
        end_of_day(on),
    ]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _lateral_rows(wanted: dict[tuple[int, int], int], *, on: date) -> Iterable[tuple]:
    # The rows the LATERAL keeps, a few per case, are joined back to the table for who made them.
    sql = (_DETAILS + _LATEST + "JOIN {contact} c ON c.id = kept.id" + _DETAILS_JOINS).format(**_tables())
    return _fetch(sql, [settings.TIME_ZONE, *_latest_params(wanted, on=on)])


def _lateral_index_rows(wanted: dict[tuple[int, int], int], *, on: date) -> Iterable[tuple]:
    """The same contacts from the index alone: id, case, type and day."""
    sql = ("SELECT kept.id, wanted.case_id, wanted.type_id, (kept.starts_at AT TIME ZONE %s)::date" + _LATEST).format(
        **_tables()
    )
    return _fetch(sql, [settings.TIME_ZONE, *_latest_params(wanted, on=on)])


def with_details(contacts: Iterable[QualifyingContact]) -> dict[int, QualifyingContact]:
    """The given contacts with who made them and their type's name, keyed by id: one query (any database)."""
    ids = sorted({contact.pk for contact in contacts})
    if not ids:
        return {}
    rows = (
        Contact.objects.filter(pk__in=ids)
        .annotate(day=TruncDate("starts_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .order_by()
        .values_list(*DETAIL_COLUMNS)
    )
    return {row[0]: _contact(row) for row in rows}


def _window_rows(wanted: dict[tuple[int, int], int], *, on: date) -> Iterable[tuple]:
    """The portable path: number each case's seen contacts per type, keep the deepest any pair asks for, then
    drop what a pair did not ask for."""
    case_ids = {case_id for case_id, _ in wanted}
    type_ids = {type_id for _, type_id in wanted}
    rows = (
        Contact.objects.filter(
            case_id__in=case_ids,
            contact_type_id__in=type_ids,
            outcome__in=Contact.SEEN_OUTCOMES,
            starts_at__lt=end_of_day(on),
        )
        .annotate(
            day=TruncDate("starts_at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
            position=Window(
                RowNumber(),
                partition_by=[F("case_id"), F("contact_type_id")],
                order_by=[F("starts_at").desc(), F("pk").desc()],
            ),
        )
        .filter(position__lte=max(wanted.values()))
        .order_by()
        .values_list(*DETAIL_COLUMNS, "position")
    )
    return [row[:-1] for row in rows if row[-1] <= wanted.get((row[1], row[2]), 0)]
