"""The overdue-contacts sweep in chunks: each chunk commits on its own, and the result is the same as one run."""

from datetime import timedelta

import pytest

from supervision.models import Case, Notification, OverdueFlag
from supervision.services import sweeps
from supervision.tests.contact_requirements.helpers import START
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db
OVERDUE_DAY = START + timedelta(days=15)


@pytest.fixture
def cases():
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Home visit every 14 days", every_days=14)
    return CaseFactory.create_batch(5, started_on=START)


def test_chunks_flag_every_case_once_and_a_rerun_adds_nothing(cases):
    run = sweeps.flag_overdue_contacts_in_chunks(on=OVERDUE_DAY, chunk_size=2)
    assert (run["opened"], run["officers_notified"], run["chunks"]) == (5, 5, 3)
    again = sweeps.flag_overdue_contacts_in_chunks(on=OVERDUE_DAY, chunk_size=2)
    assert (again["opened"], again["officers_notified"]) == (0, 0)
    assert OverdueFlag.objects.count() == 5 and Notification.objects.count() == 5


def test_a_closed_cases_open_flag_is_still_swept_and_closed(cases):
    sweeps.flag_overdue_contacts_in_chunks(on=OVERDUE_DAY, chunk_size=2)
    Case.objects.filter(pk=cases[0].pk).update(
        status=Case.Status.CLOSED, closed_on=OVERDUE_DAY, closure_reason=Case.ClosureReason.SENTENCE_ENDED
    )
    assert cases[0].pk in sweeps.cases_to_sweep()
    run = sweeps.flag_overdue_contacts_in_chunks(on=OVERDUE_DAY + timedelta(days=1), chunk_size=2)
    assert run["closed"] == 1
    assert not OverdueFlag.objects.open().filter(case=cases[0]).exists()
