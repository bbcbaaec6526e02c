"""`visible_pairs` answers for many (user, case) pairs at once exactly what `cases_visible_to` answers one user at
a time, for every kind of user the policy tells apart and every kind of access limit, in a fixed number of
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision import roles
from supervision.models import CaseAccessLimit
from supervision.permissions import cases_visible_to, visible_pairs
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, RegionFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _limit(case, kind, staff):
    limit = CaseAccessLimit.objects.create(
        case=case,
        kind=kind,
        message="Ask the Head of Public Protection.",
        reason="Tests.",
        set_by=staff[0] if staff else case.responsible_officer,
    )
    limit.staff.set(staff)


@pytest.fixture
def world():
    region = RegionFactory()
    here, there = managed_team(region=region), managed_team()
    people = [*here.values(), *there.values()]
    people = [p for p in people if not hasattr(p, "pdu")]  # the teams themselves are not people
    inactive = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=here["team"], is_active=False)
    admin = StaffFactory(role=roles.ADMINISTRATOR, profile__team=here["team"])
    people += [inactive, admin]
    cases = [CaseFactory(responsible_officer=here["officer"]) for _ in range(5)]
    cases += [CaseFactory(responsible_officer=there["officer"]) for _ in range(2)]
    _limit(cases[1], CaseAccessLimit.Kind.EXCLUSION, [here["colleague"], here["head"]])
    _limit(cases[2], CaseAccessLimit.Kind.RESTRICTION, [here["officer"]])
    _limit(cases[3], CaseAccessLimit.Kind.RESTRICTION, [here["officer"], there["head"]])
    _limit(cases[3], CaseAccessLimit.Kind.EXCLUSION, [here["officer"]])
    _limit(cases[5], CaseAccessLimit.Kind.RESTRICTION, [])
    return people, cases


def test_visible_pairs_agrees_with_cases_visible_to_for_every_user_and_limit(world):
    people, cases = world
    pairs = [(user, case.pk) for user in people for case in cases]
    expected = {
        (user.pk, pk)
        for user in people
        for pk in cases_visible_to(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True)
    }
    assert visible_pairs(pairs) == expected
    assert 0 < len(expected) < len(pairs)  # the world has both answers


def test_visible_pairs_takes_five_queries_whatever_the_number_of_users(world):
    people, cases = world

    def queries(users):
        with CaptureQueriesContext(connection) as captured:
            visible_pairs((user, case.pk) for user in users for case in cases)
        return len(captured)

    assert queries(people[:2]) == queries(people) == 5
    assert visible_pairs([]) == set()
