"""Search (supervision/search): what was typed decides what is searched; names are found despite spelling,
hyphens, apostrophes and order; nothing outside the user's access is ever found."""

from datetime import date

import pytest
from django.db import connection, transaction

from supervision import roles
from supervision.models import Case
from supervision.search import Criteria, _name_filter_plain, name_filter, normalise_pnc, parse, search_cases
from supervision.services.access import set_access_limit
from supervision.services.intake import pnc_check_letter
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, RegionFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _found(user, text="", **kwargs):
    with transaction.atomic():
        return [case.crn for case in search_cases(user, parse(text, **kwargs))]


@pytest.fixture
def team():
    return managed_team()


def _case(team, **kwargs):
    return CaseFactory(responsible_officer=team["officer"], team=team["team"], **kwargs)


def test_the_box_is_read_as_a_crn_a_pnc_a_date_a_postcode_or_a_name():
    assert parse("x123456") == Criteria(crn="X123456")
    assert parse("2012/0052494X") == Criteria(pnc="2012/0052494X")
    assert parse("12/52494x") == Criteria(pnc="2012/0052494X")
    assert parse("17/05/1990") == Criteria(date_of_birth=date(1990, 5, 17))
    assert parse("17 May 1990") == Criteria(date_of_birth=date(1990, 5, 17))
    assert parse("av4 7qt") == Criteria(postcode="AV47QT")
    assert parse("AV4") == Criteria(postcode="AV4")
    assert parse("  Smyth-Jones ") == Criteria(name="smyth jones")
    assert parse("O'Brien") == Criteria(name="obrien")
    assert parse("").is_empty


def test_a_pnc_number_is_normalised_to_its_long_form():
    assert normalise_pnc("2012/52494X") == "2012/0052494X"
    assert normalise_pnc(" 2012 / 0052494 x ") == "2012/0052494X"
    assert normalise_pnc("98/1234A") == "1998/0001234A"
    assert normalise_pnc("Damien") is None


def test_a_pnc_number_finds_its_case_typed_long_or_short(team):
    letter = pnc_check_letter("2012", "52494")
    case = _case(team, pnc_number=f"2012/0052494{letter}")
    _case(team)
    assert _found(team["officer"], f"2012/0052494{letter}") == [case.crn]
    assert _found(team["officer"], f"12/52494{letter.lower()}") == [case.crn]
    assert _found(team["officer"], "2012/0052495A") == []


def test_a_crn_matches_exactly(team):
    case = _case(team, crn="D482913")
    _case(team, crn="D482914")
    assert _found(team["officer"], "d482913") == [case.crn]


@pytest.mark.parametrize(
    "typed",
    ["Smith Jones", "Smyth-Jones", "smith-jones", "Jones Smith", "Damian Smyth", "Smith", "Jonse Smith"],
)
def test_a_name_is_found_despite_spelling_hyphens_and_order(team, typed):
    case = _case(team, first_name="Damien", last_name="Smith Jones")
    _case(team, first_name="Priya", last_name="Patel")
    assert _found(team["officer"], typed) == [case.crn]


def test_apostrophes_do_not_matter(team):
    case = _case(team, first_name="Sean", last_name="O'Brien")
    assert _found(team["officer"], "Obrien") == [case.crn]
    assert _found(team["officer"], "O’Brien") == [case.crn]


def test_the_closest_name_comes_first(team):
    near = _case(team, first_name="Damien", last_name="Smyth")
    exact = _case(team, first_name="Damien", last_name="Smith")
    assert _found(team["officer"], "Damien Smith") == [exact.crn, near.crn]


def test_the_date_of_birth_narrows_a_name_or_stands_alone(team):
    born_1990 = _case(team, last_name="Smith", date_of_birth=date(1990, 5, 17))
    _case(team, last_name="Smith", date_of_birth=date(1985, 1, 2))
    assert _found(team["officer"], "Smith", date_of_birth=date(1990, 5, 17)) == [born_1990.crn]
    assert _found(team["officer"], date_of_birth=date(1990, 5, 17)) == [born_1990.crn]
    assert _found(team["officer"], "17-5-1990") == [born_1990.crn]


def test_a_postcode_matches_whole_or_by_its_start_ignoring_spaces_and_case(team):
    case = _case(team, postcode="AV4 7QT")
    _case(team, postcode="AV14 2BB")
    assert _found(team["officer"], "av47qt") == [case.crn]
    assert _found(team["officer"], "AV4 7") == [case.crn]
    assert _found(team["officer"], "AV4") == [case.crn]


def test_another_regions_case_is_never_found(team):
    elsewhere = managed_team(region=RegionFactory())
    CaseFactory(responsible_officer=elsewhere["officer"], team=elsewhere["team"], last_name="Smith", crn="E111111")
    for user in (team["officer"], team["manager"], team["head"]):
        assert _found(user, "Smith") == []
        assert _found(user, "E111111") == []


def test_a_restricted_or_excluded_case_is_never_found_by_those_it_refuses(team):
    restricted = _case(team, last_name="Smith", crn="R111111")
    excluded = _case(team, last_name="Smith", crn="R222222")
    limits = ((restricted, "RESTRICTION", [team["manager"]]), (excluded, "EXCLUSION", [team["colleague"]]))
    for case, kind, staff in limits:
        set_access_limit(case, kind=kind, staff=staff, message="Ask the SPO.", reason="Family link.", by=team["head"])
    assert _found(team["colleague"], "Smith") == []
    assert sorted(_found(team["manager"], "Smith")) == ["R111111", "R222222"]
    assert _found(team["colleague"], "R111111") == []


def test_an_administrator_finds_no_case():
    CaseFactory(last_name="Smith")
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    assert _found(administrator, "Smith") == []


def test_the_plain_fallback_needs_every_word_in_a_name(team):
    """The path SQLite takes (`make run`): spelling must be right, but order and case do not matter."""
    case = _case(team, first_name="Damien", last_name="Smith")
    cases = Case.objects.all()
    assert [c.crn for c in _name_filter_plain(cases, "smith damien")] == [case.crn]
    assert list(_name_filter_plain(cases, "smyth")) == []


def test_the_name_search_uses_the_trigram_index(team):
    """The ORM's expression is the index's (squashed migration 0001): with sequential scans off, the plan uses it."""
    _case(team, first_name="Damien", last_name="Smith")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = name_filter(Case.objects.all(), "smyth").explain()
    assert "case_name_trigram" in plan
