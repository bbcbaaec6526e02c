"""One chunk of the overdue sweep costs the same number of queries whatever the number of cases in it, and telling
officers about new flags the same whatever the number of flags and officers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.models import Notification, OverdueFlag, OverdueFlagRun
from supervision.services import sweeps
from supervision.services.overdue_contacts import flag_overdue_contacts
from supervision.tests.contact_requirements.helpers import START, home_visit
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory, StaffFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db
ON = START + timedelta(days=20)


def _cases(officer, n):
    cases = CaseFactory.create_batch(n, started_on=START, responsible_officer=officer)
    for case in cases[::2]:
        home_visit(case, START + timedelta(days=3))
        CaseContactRequirementFactory(case=case, set_by=officer)
    return cases


def _chunk_queries(cases) -> int:
    with CaptureQueriesContext(connection) as captured:
        sweeps.sweep_chunk(on=ON, first=cases[0].pk, past=cases[-1].pk + 1)
    return len(captured)


def test_a_chunk_of_40_cases_takes_the_queries_a_chunk_of_8_takes():
    HomeVisitTypeFactory()
    ContactRuleFactory(every_days=14, rosh_levels=["MEDIUM"])
    officer = StaffFactory()
    OverdueFlagRun.objects.create(on=ON)  # the day's row, written by the first run of the day only
    small = _chunk_queries(_cases(officer, 8))
    large = _cases(officer, 40)
    assert _chunk_queries(large) == small
    assert OverdueFlag.objects.filter(case__in=large).count() >= 40


def test_the_chunks_cover_every_case_to_sweep_once():
    CaseFactory.create_batch(7)
    ranges = sweeps.chunk_ranges(chunk_size=3)
    assert len(ranges) == 3 and ranges[-1][1] is None
    ids = sweeps.cases_to_sweep()
    covered = [pk for pk in ids for first, past in ranges if first <= pk and (past is None or pk < past)]
    assert covered == ids


def _overdue_cases_with_their_own_officers(n):
    """n overdue cases, each with its own officer in their own team: n recipients, n scopes to check."""
    return [CaseFactory(started_on=START, responsible_officer=StaffFactory()) for _ in range(n)]


def _flagging_queries(cases) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        run = flag_overdue_contacts(on=ON, case_ids=[case.pk for case in cases])
    return len(captured), run.officers_notified


def test_notifying_30_new_flags_takes_the_queries_notifying_3_takes():
    HomeVisitTypeFactory()
    ContactRuleFactory(every_days=14)
    OverdueFlagRun.objects.create(on=ON)
    few_queries, few = _flagging_queries(_overdue_cases_with_their_own_officers(3))
    many_queries, many = _flagging_queries(_overdue_cases_with_their_own_officers(30))
    assert (few, many) == (3, 30)
    assert many_queries == few_queries
    assert Notification.objects.filter(event_key__startswith="overdue-flag:").count() == 33
