"""Who may change what on a case (supervision/permissions.py): the officer records what they learn, the line
manager (or their cover) and the region's Head of Public Protection decide; nobody else, in the team or out."""

import pytest

from supervision import permissions
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

OFFICER_ACTIONS = ("may_change_address", "may_reassess_rosh", "may_record_licence_variation")
MANAGER_ACTIONS = (
    "may_change_tier",
    "may_correct_mappa",
    "may_change_supervision",
    "may_close_case",
    "may_reopen_case",
)
EVERYONE = ("officer", "manager", "deputy", "head", "colleague", "manager_elsewhere", "head_elsewhere")
ALLOWED = {
    **dict.fromkeys(OFFICER_ACTIONS, {"officer", "manager", "deputy", "head"}),
    **dict.fromkeys(MANAGER_ACTIONS, {"manager", "deputy", "head"}),
}


@pytest.fixture
def world():
    here, away = managed_team(), managed_team()
    case = CaseFactory(responsible_officer=here["officer"], team=here["team"])
    people = {**here, "manager_elsewhere": away["manager"], "head_elsewhere": away["head"]}
    return case, people


@pytest.mark.parametrize("action", [*OFFICER_ACTIONS, *MANAGER_ACTIONS])
def test_each_change_is_allowed_to_exactly_the_people_who_make_it_in_practice(world, action):
    case, people = world
    allowed = {who for who in EVERYONE if getattr(permissions, action)(people[who], case)}
    assert allowed == ALLOWED[action]
