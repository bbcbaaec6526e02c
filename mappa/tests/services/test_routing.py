"""Routing: the officer's line manager, or their cover when absent or inactive."""

from datetime import date

import pytest

from mappa.services.routing import head_of_public_protection_for, line_manager_for
from mappa.tests.factories import managed_team
from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 4)


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def test_the_line_manager_gets_it_when_present(team):
    assert line_manager_for(team["case"], on=DAY) == team["manager"]


def test_the_deputy_covers_while_the_manager_is_absent(team):
    profile = team["manager"].profile
    profile.absent_from, profile.absent_until = date(2026, 3, 1), date(2026, 3, 10)
    profile.save()
    assert line_manager_for(team["case"], on=DAY) == team["deputy"]
    assert line_manager_for(team["case"], on=date(2026, 3, 11)) == team["manager"]


def test_an_inactive_manager_is_covered_by_their_deputy(team):
    team["manager"].is_active = False
    team["manager"].save()
    assert line_manager_for(team["case"], on=DAY) == team["deputy"]


def test_another_manager_of_the_team_covers_when_manager_and_deputy_are_both_away(team):
    for person in (team["manager"], team["deputy"]):
        person.profile.absent_from = date(2026, 3, 1)
        person.profile.save()
    other = StaffFactory(role=roles.LINE_MANAGER, profile__team=team["team"], last_name="Another")
    assert line_manager_for(team["case"], on=DAY) == other


def test_a_deputy_who_cannot_see_the_case_is_skipped(team):
    outsider = StaffFactory(role=roles.LINE_MANAGER)  # another team
    team["manager"].profile.deputy = outsider
    team["manager"].profile.absent_from = date(2026, 3, 1)
    team["manager"].profile.save()
    assert line_manager_for(team["case"], on=DAY) == team["deputy"]  # the team's other manager


def test_nobody_when_no_manager_is_available(team):
    for person in (team["manager"], team["deputy"]):
        person.is_active = False
        person.save()
    assert line_manager_for(team["case"], on=DAY) is None


def test_the_head_of_public_protection_is_the_regions(team):
    StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=None)  # another region
    assert head_of_public_protection_for(team["case"], on=DAY) == team["head"]
