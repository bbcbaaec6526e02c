"""`holders_of` finds who holds each case waiting for an officer exactly as `holder_of` does case by case (team
line managers, the PDU's, the region's head and their deputy; active, present, able to see the case), in a
fixed number of queries however many cases and teams."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supervision import roles
from supervision.models import Case, CaseAccessLimit
from supervision.services.routing import holder_of, holders_of
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, RegionFactory, StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _waiting(team, n=1):
    return [
        CaseFactory(responsible_officer=None, team=team, awaiting_allocation_since=timezone.now()) for _ in range(n)
    ]


def _world():
    today = timezone.localdate()
    region = RegionFactory()
    first, second = managed_team(region=region), managed_team(region=region)
    first["manager"].profile.absent_from = today - timedelta(days=1)  # away: the deputy, then the PDU, next
    first["manager"].profile.save()
    second["manager"].is_active = False
    second["manager"].save()
    deputy = StaffFactory(role=roles.LINE_MANAGER, profile__team=None, profile__region=region)
    first["head"].profile.deputy = deputy
    first["head"].profile.absent_from = today
    first["head"].profile.save()
    no_managers = TeamFactory(pdu=first["team"].pdu)
    far = TeamFactory(pdu__region=RegionFactory())  # nobody at all
    cases = _waiting(first["team"], 2) + _waiting(second["team"]) + _waiting(no_managers) + _waiting(far)
    restricted = cases[1]
    limit = CaseAccessLimit.objects.create(
        case=restricted, kind=CaseAccessLimit.Kind.RESTRICTION, message="Ask.", reason="Tests.", set_by=deputy
    )
    limit.staff.set([deputy])
    cases.append(CaseFactory(responsible_officer=first["officer"], team=first["team"]))
    return cases


def _loaded(cases):
    return list(Case.objects.select_related("team__pdu", "responsible_officer").filter(pk__in=[c.pk for c in cases]))


def test_holders_of_agrees_with_holder_of_case_by_case():
    cases = _loaded(_world())
    today = timezone.localdate()
    expected = {case.pk: holder_of(case, on=today) for case in cases}
    assert holders_of(cases, on=today) == expected
    assert None in expected.values() and len({h for h in expected.values() if h is not None}) >= 3


def test_holders_of_takes_the_same_queries_for_one_team_as_for_many():
    cases = _loaded(_world())
    today = timezone.localdate()

    def queries(some):
        with CaptureQueriesContext(connection) as captured:
            holders_of(some, on=today)
        return len(captured)

    waiting = [case for case in cases if case.responsible_officer_id is None]
    # The managers, the heads, and visible_pairs (at most five: the staff listed by a limit only when one applies).
    assert queries(waiting[:1]) <= queries(waiting) == 7
