"""What the help text promises, boundary by boundary: whose contacts count, when a requirement's clock starts,
and the one end-date convention (an end date is the first day something no longer applies)."""

from datetime import timedelta

import pytest

from caseworks.append_only import history_rewrite_allowed
from supervision.contact_requirements import Status
from supervision.models import Case, ContactRule
from supervision.tests.contact_requirements.helpers import START, at, home_visit, only_status, statuses_for
from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    RiskFlagFactory,
    RiskFlagTypeFactory,
)
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db


def day(n):
    return START + timedelta(days=n)


# Whose contacts count


def test_a_key_individual_seen_at_home_does_not_meet_a_rule_counting_the_home_channel():
    partner_at_home = ContactTypeFactory(code="CKIH", group="KEY_INDIVIDUAL", channel="HOME", is_home_visit=False)
    ContactRuleFactory(counts_home_visits=False, channels=["HOME"], every_days=14)
    case = CaseFactory(started_on=START)
    ContactFactory(case=case, contact_type=partner_at_home, starts_at=at(day(3)), outcome="MADE")
    assert only_status(case, day(15)).status is Status.OVERDUE


def test_agency_liaison_does_not_meet_a_rule_counting_the_agency_channel_even_when_ticked():
    liaison = ContactTypeFactory(code="CLPO", group="AGENCY", channel="AGENCY")
    ContactRuleFactory(counts_home_visits=False, channels=["AGENCY"], contact_types=[liaison], every_days=14)
    case = CaseFactory(started_on=START)
    ContactFactory(case=case, contact_type=liaison, starts_at=at(day(3)), outcome="MADE")
    assert only_status(case, day(15)).last_contact is None


# The expected end date


def test_requirements_apply_up_to_the_day_before_the_expected_end_date_and_not_on_it():
    ContactRuleFactory(every_days=14)
    case = CaseFactory(started_on=START, expected_end_on=day(30))
    assert only_status(case, day(29)).status is Status.OVERDUE
    assert statuses_for(case, day(30)) is None
    assert statuses_for(case, day(600)) is None


# When the clock starts


def test_a_case_becoming_high_rosh_on_day_200_starts_the_first_visit_clock_on_day_200():
    ContactRuleFactory(rosh_levels=["HIGH"], every_days=None, first_due_days=15)
    case = CaseFactory(started_on=START, rosh=Case.RoSH.LOW, expected_end_on=day(700))
    with history_rewrite_allowed():  # back-dating the history is set-up, not a rewrite
        case.history.update(history_date=at(START))
    case.rosh = Case.RoSH.HIGH
    case.save()
    with history_rewrite_allowed():  # back-dating the history is set-up, not a rewrite
        case.history.filter(rosh=Case.RoSH.HIGH).update(history_date=at(day(200), 10))
    home_visit(case, day(100))  # before the rule applied: does not count
    status = only_status(case, day(201))
    assert (status.applies_from, status.due_on, status.status) == (day(200), day(215), Status.MET)
    assert only_status(case, day(215)).status is Status.DUE_SOON
    assert only_status(case, day(216)).status is Status.OVERDUE


def test_a_case_meeting_a_rule_through_a_risk_flag_starts_the_clock_the_day_the_flag_starts():
    rso = RiskFlagTypeFactory(code="RSOF")
    ContactRuleFactory(risk_flag_types=[rso], every_days=None, first_due_days=15)
    case = CaseFactory(started_on=START)
    RiskFlagFactory(case=case, flag_type=rso, started_on=day(40))
    assert only_status(case, day(41)).due_on == day(55)


def test_contacts_before_a_case_level_requirement_starts_do_not_count_towards_it():
    case = CaseFactory(started_on=START)
    home_visit(case, day(49))
    CaseContactRequirementFactory(case=case, every_days=7, starts_on=day(50), ends_on=day(100))
    status = only_status(case, day(51))
    assert (status.due_on, status.last_contact) == (day(57), None)


def test_a_case_level_requirement_starting_before_release_counts_contacts_from_the_supervision_start():
    case = CaseFactory(started_on=START)
    home_visit(case, day(-3))  # a pre-release check of the address, not a visit to the person
    requirement = CaseContactRequirementFactory(case=case, every_days=7, starts_on=day(-10), ends_on=day(60))
    status = only_status(case, day(1))
    assert (status.applies_from, status.due_on, status.last_contact) == (START, day(7), None)
    assert statuses_for(case, day(-1)) is None
    assert requirement.starts_on < case.started_on


def test_nothing_is_overdue_against_a_rule_before_it_takes_effect_and_its_clock_starts_that_day():
    ContactRuleFactory(every_days=None, first_due_days=15, effective_from=day(58))
    case = CaseFactory(started_on=START)
    assert statuses_for(case, day(57)) is None
    status = only_status(case, day(59))
    assert (status.applies_from, status.due_on, status.status) == (day(58), day(73), Status.MET)


def test_a_window_rule_starts_its_clock_on_the_windows_first_day_and_ignores_earlier_contacts():
    ContactRuleFactory(every_days=14, window_from_days=84)
    case = CaseFactory(started_on=START)
    home_visit(case, day(80))
    assert only_status(case, day(85)).due_on == day(98)


# Due day, grace and "twice a week"


def test_the_due_day_is_not_overdue_and_grace_days_are_calendar_days_after_it():
    ContactRuleFactory(every_days=14, grace_days=2)
    case = CaseFactory(started_on=START)
    home_visit(case, day(0))
    assert only_status(case, day(14)).status is Status.DUE_SOON
    assert only_status(case, day(16)).status is Status.DUE_SOON
    overdue = only_status(case, day(17))
    assert (overdue.status, overdue.days_overdue) == (Status.OVERDUE, 3)


def test_two_contacts_on_the_same_day_count_as_two_for_twice_a_week():
    ContactRuleFactory(every_days=7, contacts_needed=2)
    case = CaseFactory(started_on=START)
    home_visit(case, day(1), 9)
    home_visit(case, day(1), 15)
    assert only_status(case, day(5)).due_on == day(8)


# One end-date convention


def test_a_risk_flag_is_not_open_on_the_day_it_ended():
    rso = RiskFlagTypeFactory(code="RSOF")
    ContactRuleFactory(risk_flag_types=[rso], every_days=14)
    case = CaseFactory(started_on=START)
    RiskFlagFactory(case=case, flag_type=rso, started_on=START, ended_on=day(20))
    assert statuses_for(case, day(19)) is not None
    assert statuses_for(case, day(20)) is None


def test_a_case_level_requirement_last_applies_the_day_before_its_end_date():
    case = CaseFactory(started_on=START)
    requirement = CaseContactRequirementFactory(case=case, every_days=7, starts_on=START, ends_on=day(30))
    assert requirement.last_day == day(29)
    assert statuses_for(case, day(29)) is not None
    assert statuses_for(case, day(30)) is None


def test_a_case_level_requirement_ended_early_stops_on_the_day_it_was_ended():
    case = CaseFactory(started_on=START)
    CaseContactRequirementFactory(
        case=case, every_days=7, starts_on=START, ends_on=day(60), ended_on=day(20), end_reason="Risk reduced."
    )
    assert statuses_for(case, day(19)) is not None
    assert statuses_for(case, day(20)) is None


def test_a_licence_condition_is_not_in_force_on_the_day_it_ended():
    from supervision.models import LicenceCondition
    from supervision.tests.factories import LicenceConditionFactory

    condition = LicenceConditionFactory(started_on=START, ended_on=day(10), end_reason="Varied.")
    in_force = LicenceCondition.objects.filter(pk=condition.pk)
    assert in_force.in_force(on=day(9)).exists() and not in_force.in_force(on=day(10)).exists()


def test_the_help_text_states_each_convention():
    fields = {f.name: str(f.help_text) for f in ContactRule._meta.get_fields() if hasattr(f, "help_text")}
    assert "The due day itself is never overdue" in fields["grace_days"]
    assert "Two contacts on the same day count as two" in fields["contacts_needed"]
    assert "Only contacts from that day count" in fields["first_due_days"]
    assert "took part" in fields["contact_types"]
