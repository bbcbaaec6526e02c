"""Which requirements apply to which case: criteria, windows, HDC curfew, the Probation Reset final third and
case-level requirements."""

from datetime import timedelta

import pytest

from supervision.models import Case, ContactRule
from supervision.tests.contact_requirements.helpers import START, home_visit, only_status, statuses_for
from supervision.tests.factories import CaseFactory, ContactTypeFactory, RiskFlagFactory, RiskFlagTypeFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db


def test_criteria_combine_with_and_unless_the_rule_matches_any():
    rso = RiskFlagTypeFactory(code="RSOF")
    ContactRuleFactory(name="All", rosh_levels=["HIGH"], risk_flag_types=[rso])
    ContactRuleFactory(name="Any", match=ContactRule.Match.ANY, rosh_levels=["HIGH"], risk_flag_types=[rso])
    high = CaseFactory(started_on=START, rosh=Case.RoSH.HIGH)
    registered = CaseFactory(started_on=START, rosh=Case.RoSH.LOW)
    RiskFlagFactory(case=registered, flag_type=rso)
    both = CaseFactory(started_on=START, rosh=Case.RoSH.HIGH)
    RiskFlagFactory(case=both, flag_type=rso)
    on = START + timedelta(days=3)
    names = {
        case.pk: sorted(s.requirement.source for s in statuses_for(case, on).statuses)
        for case in (high, registered, both)
    }
    assert names == {high.pk: ["rule: Any"], registered.pk: ["rule: Any"], both.pk: ["rule: All", "rule: Any"]}


def test_a_window_from_release_limits_when_the_rule_applies_and_starts_its_first_period():
    ContactRuleFactory(name="Weeks 5 to 12", every_days=14, window_from_days=28, window_to_days=84)
    case = CaseFactory(started_on=START)
    assert statuses_for(case, START + timedelta(days=27)) is None
    home_visit(case, START + timedelta(days=2))  # long before the window: the window's first period applies
    first = only_status(case, START + timedelta(days=28))
    assert first.applies_from == START + timedelta(days=28)
    assert first.due_on == START + timedelta(days=42)
    assert statuses_for(case, START + timedelta(days=85)) is None


def test_hdc_curfew_criterion_follows_the_curfew_end_date():
    ContactRuleFactory(hdc_curfew=ContactRule.HdcCurfew.IN_FORCE)
    case = CaseFactory(started_on=START, hdc_curfew_ends_on=START + timedelta(days=30))
    no_curfew = CaseFactory(started_on=START)
    assert statuses_for(case, START + timedelta(days=30)) is not None
    assert statuses_for(case, START + timedelta(days=31)) is None
    assert statuses_for(no_curfew, START + timedelta(days=3)) is None


def test_probation_reset_routine_appointments_stop_in_the_final_third_except_for_listed_cases():
    child_protection = RiskFlagTypeFactory(code="CHPR")
    ContactRuleFactory(
        name="Routine appointments",
        every_days=28,
        stage=ContactRule.Stage.NOT_FINAL_THIRD,
        final_third_exception_rosh_levels=["VERY_HIGH"],
        final_third_exception_mappa=True,
        final_third_exception_flag_types=[child_protection],
    )
    end = START + timedelta(days=300)  # the final third starts on day 200
    ordinary = CaseFactory(started_on=START, expected_end_on=end, rosh=Case.RoSH.MEDIUM)
    very_high = CaseFactory(started_on=START, expected_end_on=end, rosh=Case.RoSH.VERY_HIGH)
    mappa = CaseFactory(started_on=START, expected_end_on=end, mappa_category=2, mappa_level=1)
    protected = CaseFactory(started_on=START, expected_end_on=end)
    RiskFlagFactory(case=protected, flag_type=child_protection)
    before, after = START + timedelta(days=199), START + timedelta(days=200)
    assert statuses_for(ordinary, before) is not None
    assert statuses_for(ordinary, after) is None
    for case in (very_high, mappa, protected):
        assert statuses_for(case, after) is not None, case


def test_a_case_level_requirement_adds_to_the_rules_for_that_case_until_its_end_date():
    office = ContactTypeFactory(code="COAP")
    case = CaseFactory(started_on=START)
    other = CaseFactory(started_on=START)
    CaseContactRequirementFactory(
        case=case,
        every_days=7,
        ends_on=START + timedelta(days=60),
        set_by__first_name="Helen",
        set_by__last_name="Carter",
    )
    CaseContactRequirementFactory(
        case=case,
        every_days=7,
        counts_home_visits=False,
        contact_types=[office],
        contact_description="Office appointment",
        ends_on=START + timedelta(days=60),
    )
    ContactRuleFactory(every_days=28)
    home_visit(case, START + timedelta(days=3))
    found = statuses_for(case, START + timedelta(days=11))
    assert len(found.statuses) == 3
    assert [s.requirement.description for s in found.overdue] == ["Office appointment", "Home visit"]  # worst first
    assert "case-level requirement set by Helen Carter" in found.overdue[1].explanation
    assert len(statuses_for(other, START + timedelta(days=11)).statuses) == 1
    assert len(statuses_for(case, START + timedelta(days=61)).statuses) == 1
