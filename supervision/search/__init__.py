"""Finding a person on probation: one search over every case the user may see (`cases_visible_to`).

What was typed decides what is searched, as officers type it into one box:

- a CRN (one letter, six digits) matches exactly;
- a PNC number (e.g. 2012/0052494X or 12/52494X) matches `Case.pnc_number`, typed in its long or short form;
- a date (17/05/1990, 17-5-1990, 17 May 1990) matches the date of birth, as does the GOV.UK date input;
- a postcode, whole or its start (AV4 7QT, av47qt, AV4), matches ignoring spaces and case;
- anything else is a name, forgiving of spelling, hyphens, apostrophes and order: "Smyth-Jones" finds "Smith
  Jones". On PostgreSQL that is pg_trgm word similarity against first and last name, through the GIN trigram
  index the squashed migration 0001 makes; elsewhere (SQLite, where `make run` runs) every word must appear in a name.

Results are ranked (closest name first) and the caller pages them; the query count does not depend on how many
cases match. A refused case (another team, or limited access) is never in `cases_visible_to`, so never found.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import BooleanField, CharField, F, FloatField, Func, Q, Value
from django.db.models.functions import Replace, Upper

from supervision.permissions import cases_visible_to

CRN = re.compile(r"^[A-Z][0-9]{6}$")
# The short (YY/NNNNNNL) and long (YYYY/NNNNNNNL) forms of a Police National Computer number.
PNC = re.compile(r"^([0-9]{2}|[0-9]{4})/?([0-9]{1,7})([A-Z])$")
# A whole postcode or its start: the outward code (AV4), then optionally the start of the inward code (AV47, AV47Q).
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?([0-9][A-Z]{0,2})?$")
TYPED_DATE = re.compile(r"^([0-9]{1,2})[\s/.-]+([0-9]{1,2}|[A-Za-z]+)[\s/.-]+([0-9]{4})$")
MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}

# How much of the typed name must be found in a person's name (pg_trgm word similarity, 0 to 1). A single changed
# letter in a short name costs half its trigrams ("Smyth" is 0.33 of "Damien Smith"), so the bar is low and the
# ranking does the rest: the closest names come first, and the date of birth or postcode tells people apart.
NAME_SIMILARITY_THRESHOLD = 0.3
# Characters that join or decorate parts of a name: "O'Brien" is found by "OBrien", "Smith-Jones" by "Smith Jones".
NAME_JOINERS = "'’`-"


class NameKey(Func):
    """First and last name in lower case, hyphens as spaces, apostrophes removed: the expression the trigram index
    (squashed migration 0001, `NAME_KEY_SQL`) is built on: it must stay the same as there for the index to be used."""

    template = "lower(translate(%(expressions)s, '-''’`', ' '))"
    arg_joiner = " || ' ' || "
    output_field = CharField()

    def __init__(self):
        super().__init__(F("first_name"), F("last_name"))


NAME_KEY_SQL = "lower(translate(first_name || ' ' || last_name, '-''’`', ' '))"


class WordSimilar(Func):
    """`name %> query`: the query's trigrams are found in a stretch of the name, at least as much as
    pg_trgm.word_similarity_threshold asks (an operator the GIN trigram index answers)."""

    template = "%(expressions)s"
    arg_joiner = " %%> "
    output_field = BooleanField()


class WordSimilarity(Func):
    """How much of the query is found in the name, 0 to 1: the rank."""

    function = "word_similarity"
    output_field = FloatField()


@dataclass(frozen=True)
class Criteria:
    """What a search asks for, worked out from the box (`parse`) and the date of birth input."""

    crn: str = ""
    pnc: str = ""
    postcode: str = ""
    name: str = ""
    date_of_birth: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.crn or self.pnc or self.postcode or self.name or self.date_of_birth)


def normalise_name(text: str) -> str:
    """Lower case, apostrophes gone, hyphens as spaces, single spaces: the same as `NameKey` does in SQL."""
    text = text.lower().replace("'", "").replace("’", "").replace("`", "").replace("-", " ")
    return " ".join(text.split())


def normalise_postcode(text: str) -> str:
    return "".join(text.split()).upper()


def normalise_pnc(text: str) -> str | None:
    """The long form YYYY/NNNNNNNL of a PNC number typed either way, or None if it is not one. A two-digit year
    is this century's when it is not in the future, else the last century's."""
    match = PNC.match("".join(text.split()).upper())
    if match is None:
        return None
    year, number, letter = match.groups()
    if len(year) == 2:
        century = 2000 if int(year) <= date.today().year % 100 else 1900
        year = str(century + int(year))
    return f"{year}/{int(number):07d}{letter}"


def parse_typed_date(text: str) -> date | None:
    match = TYPED_DATE.match(text.strip())
    if match is None:
        return None
    day, month, year = match.groups()
    month_number = int(month) if month.isdigit() else MONTHS.get(month[:3].lower())
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        return None


def parse(text: str, *, date_of_birth: date | None = None) -> Criteria:
    """Work out what the box holds. A date typed in the box and the date input both mean the date of birth
    (the input wins if both are given)."""
    text = " ".join((text or "").split())
    compact = normalise_postcode(text)
    typed_date = parse_typed_date(text)
    if not text:
        return Criteria(date_of_birth=date_of_birth)
    if CRN.match(compact):
        return Criteria(crn=compact, date_of_birth=date_of_birth)
    if typed_date is not None:
        return Criteria(date_of_birth=date_of_birth or typed_date)
    if (pnc := normalise_pnc(text)) is not None:
        return Criteria(pnc=pnc, date_of_birth=date_of_birth)
    if POSTCODE.match(compact):
        return Criteria(postcode=compact, date_of_birth=date_of_birth)
    return Criteria(name=normalise_name(text), date_of_birth=date_of_birth)


def _pnc_filter(cases, pnc: str):
    """Case.pnc_number holds the long form (supervision/services/intake.py), as `normalise_pnc` gives it."""
    return cases.filter(pnc_number=pnc)


def _name_filter_trigram(cases, name: str):
    """PostgreSQL: pg_trgm word similarity of the typed name to the person's name, closest first. `%>` (through
    `WordSimilar`) uses the GIN index; its threshold is set for this transaction only."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(NAME_SIMILARITY_THRESHOLD)]
        )
    return (
        cases.filter(WordSimilar(NameKey(), Value(name)))
        .annotate(rank=WordSimilarity(Value(name), NameKey()))
        .order_by("-rank", "last_name", "first_name", "crn")
    )


def _name_filter_plain(cases, name: str):
    """Any other database: every typed word must appear in the first or last name (spelling must be right)."""
    for word in name.split():
        cases = cases.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return cases.annotate(rank=Value(1.0, output_field=FloatField())).order_by("last_name", "first_name", "crn")


def name_filter(cases, name: str):
    if connection.vendor == "postgresql":
        return _name_filter_trigram(cases, name)
    return _name_filter_plain(cases, name)


def search_cases(user, criteria: Criteria):
    """The cases the user may see that match every criterion given, ranked. Call inside a transaction on
    PostgreSQL (the view is), so the similarity threshold applies to this search alone."""
    cases = cases_visible_to(user).select_related("responsible_officer", "team")
    if criteria.is_empty:
        return cases.none()
    if criteria.crn:
        cases = cases.filter(crn=criteria.crn)
    if criteria.pnc:
        cases = _pnc_filter(cases, criteria.pnc)
    if criteria.date_of_birth:
        cases = cases.filter(date_of_birth=criteria.date_of_birth)
    if criteria.postcode:
        compact = Upper(Replace(F("postcode"), Value(" "), Value("")))
        cases = cases.annotate(postcode_key=compact).filter(postcode_key__startswith=criteria.postcode)
    if criteria.name:
        return name_filter(cases, criteria.name)
    return cases.order_by("last_name", "first_name", "crn")
