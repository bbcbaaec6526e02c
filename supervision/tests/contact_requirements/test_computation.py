"""The computation as a whole: active cases only, in the same number of queries however many cases."""

from datetime import timedelta

import pytest

from supervision.contact_requirements import contact_requirements, with_contact_details
from supervision.models import Case, ContactRule
from supervision.tests.contact_requirements.helpers import START, home_visit, statuses_for
from supervision.tests.factories import CaseFactory, ContactTypeFactory, RiskFlagTypeFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db


def test_closed_cases_have_no_requirements():
    ContactRuleFactory()
    case = CaseFactory(started_on=START, status=Case.Status.CLOSED)
    assert statuses_for(case, START + timedelta(days=30)) is None


@pytest.mark.parametrize("case_count", [10, 200])
def test_the_computation_takes_the_same_number_of_queries_however_many_cases(case_count, django_assert_num_queries):
    office = ContactTypeFactory(code="COAP")
    rso = RiskFlagTypeFactory(code="RSOF")
    ContactRuleFactory(every_days=14, risk_flag_types=[rso], match=ContactRule.Match.ANY, rosh_levels=["MEDIUM"])
    ContactRuleFactory(every_days=7, counts_home_visits=False, contact_types=[office])
    first = CaseFactory(started_on=START)
    cases = [first] + CaseFactory.create_batch(
        case_count - 1, started_on=START, responsible_officer=first.responsible_officer
    )
    for case in cases[::3]:
        home_visit(case, START + timedelta(days=2))
        CaseContactRequirementFactory(case=case, set_by=first.responsible_officer)
    # 11: the rule asking about RoSH adds one read of the cases' recorded versions.
    with django_assert_num_queries(11):
        results = contact_requirements(on=START + timedelta(days=20))
    assert len(results) >= case_count * 2


def test_without_details_the_same_statuses_and_explanations_once_completed():
    """The overdue sweep reads contacts from their index alone and fills in who made them only for the flags it
    opens: once completed, the statuses and their explanations are the full computation's."""
    office = ContactTypeFactory(code="COAP")
    ContactRuleFactory(every_days=14)
    ContactRuleFactory(every_days=7, counts_home_visits=False, contact_types=[office])
    cases = CaseFactory.create_batch(4, started_on=START)
    for case in cases[:3]:
        home_visit(case, START + timedelta(days=2))
    on = START + timedelta(days=20)
    full = contact_requirements(on=on)
    bare = contact_requirements(on=on, details=False)
    assert any(s.last_contact is not None for s in full)
    assert all(s.last_contact is None or s.last_contact.made_by == "" for s in bare)
    completed = with_contact_details(bare)
    assert completed == full
    assert [s.explanation for s in completed] == [s.explanation for s in full]
