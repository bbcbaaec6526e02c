"""The contact-requirements computation: which requirements apply to a case, when they are due, and why."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from supervision.contact_requirements import Status, by_case, contact_requirements
from supervision.models import Case, Contact, ContactRule
from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    HomeVisitTypeFactory,
    RiskFlagFactory,
    RiskFlagTypeFactory,
)
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
START = date(2026, 1, 5)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def home_visit(case, day, hour=12, minute=0, **extra):
    return ContactFactory(case=case, contact_type=HomeVisitTypeFactory(), starts_at=at(day, hour, minute), **extra)


def statuses_for(case, on):
    return by_case(contact_requirements(on=on, cases=Case.objects.filter(pk=case.pk))).get(case.pk)


def only_status(case, on):
    found = statuses_for(case, on)
    assert found is not None and len(found.statuses) == 1, found
    return found.statuses[0]


def test_home_visit_due_today_is_due_not_overdue_and_overdue_the_day_after():
    ContactRuleFactory(every_days=14)
    case = CaseFactory(started_on=START)
    home_visit(case, START + timedelta(days=2))
    due = START + timedelta(days=16)
    assert only_status(case, due).status is Status.DUE_SOON
    assert "Due today." in only_status(case, due).explanation
    yesterday_due = only_status(case, due + timedelta(days=1))
    assert yesterday_due.status is Status.OVERDUE
    assert yesterday_due.days_overdue == 1
    assert yesterday_due.due_on == due
    assert only_status(case, due - timedelta(days=4)).status is Status.MET


def test_grace_days_postpone_overdue():
    ContactRuleFactory(every_days=7, grace_days=2)
    case = CaseFactory(started_on=START)
    home_visit(case, START)
    assert only_status(case, START + timedelta(days=9)).status is Status.DUE_SOON
    late = only_status(case, START + timedelta(days=10))
    assert late.status is Status.OVERDUE and late.days_overdue == 3


def test_first_home_visit_is_due_within_15_days_of_release_and_then_done():
    ContactRuleFactory(name="First home visit", every_days=None, first_due_days=15, rosh_levels=["HIGH"])
    case = CaseFactory(started_on=START, rosh=Case.RoSH.HIGH)
    assert only_status(case, START + timedelta(days=15)).status is Status.DUE_SOON
    overdue = only_status(case, START + timedelta(days=16))
    assert overdue.status is Status.OVERDUE
    assert overdue.explanation == (
        "First home visit within 15 days of the start (rule: First home visit). No home visit recorded yet. "
        "Overdue by 1 day."
    )
    home_visit(case, START + timedelta(days=20))
    done = only_status(case, START + timedelta(days=100))
    assert done.status is Status.MET and done.due_on is None


def test_the_explanation_names_the_rule_the_last_visit_and_who_made_it():
    rule = ContactRuleFactory(name="High RoSH first 12 weeks", every_days=14, window_to_days=84)
    case = CaseFactory(started_on=date(2026, 10, 20), rosh=Case.RoSH.HIGH)
    police = ContactTypeFactory(code="CHVP", name="Police home visit", is_home_visit=True)
    ContactFactory(
        case=case,
        contact_type=police,
        starts_at=at(date(2026, 11, 3), 20),
        made_by=Contact.MadeBy.POLICE,
        made_by_user=None,
        made_by_name="PC Jones",
        made_by_identifier="4471",
    )
    status = only_status(case, date(2026, 11, 19))
    assert status.requirement.rule_id == rule.pk
    assert status.explanation == (
        "Home visit every 14 days (rule: High RoSH first 12 weeks). Last home visit 3 Nov by PC Jones (4471), "
        "police. Overdue by 2 days."
    )


def test_only_contacts_in_which_the_person_was_seen_count():
    ContactRuleFactory(every_days=7)
    case = CaseFactory(started_on=START)
    home_visit(case, START + timedelta(days=1))
    home_visit(case, START + timedelta(days=6), outcome=Contact.Outcome.FAILED_TO_ATTEND)
    assert only_status(case, START + timedelta(days=9)).due_on == START + timedelta(days=8)


def test_a_booked_appointment_in_the_future_does_not_count():
    ContactRuleFactory(every_days=7)
    case = CaseFactory(started_on=START)
    home_visit(case, START + timedelta(days=12), is_appointment=True, outcome="")
    home_visit(case, START + timedelta(days=10))  # seen, but recorded for a later day than `on`
    assert only_status(case, START + timedelta(days=9)).status is Status.OVERDUE


def test_only_the_counted_contact_types_count():
    office = ContactTypeFactory(code="COAP", name="Office appointment")
    ContactRuleFactory(contact_description="Office appointment", counts_home_visits=False, contact_types=[office])
    case = CaseFactory(started_on=START)
    home_visit(case, START + timedelta(days=1))
    assert only_status(case, START + timedelta(days=15)).last_contact is None
    ContactFactory(case=case, contact_type=office, starts_at=at(START + timedelta(days=3)))
    assert only_status(case, START + timedelta(days=15)).due_on == START + timedelta(days=17)


def test_channels_count_every_type_on_that_channel():
    video = ContactTypeFactory(code="COVC", channel="VIDEO")
    ContactRuleFactory(counts_home_visits=False, channels=["VIDEO"], contact_description="Video appointment")
    case = CaseFactory(started_on=START)
    ContactFactory(case=case, contact_type=video, starts_at=at(START + timedelta(days=3)))
    assert only_status(case, START + timedelta(days=15)).last_contact.contact_type_name == video.name


def test_twice_a_week_is_due_a_week_after_the_second_latest_contact():
    ContactRuleFactory(contacts_needed=2, every_days=7)
    case = CaseFactory(started_on=START)
    home_visit(case, START + timedelta(days=1))
    home_visit(case, START + timedelta(days=4))
    home_visit(case, START + timedelta(days=8))
    status = only_status(case, START + timedelta(days=10))
    assert status.due_on == START + timedelta(days=11)
    assert status.explanation.startswith("Home visit twice every 7 days")


@pytest.mark.parametrize(
    ("contact_at", "counts_on"),
    [
        # Clocks go forward at 01:00 GMT on 29 March 2026: 00:30 BST on the 30th is 23:30 UTC on the 29th.
        (datetime(2026, 3, 30, 0, 30, tzinfo=LONDON), date(2026, 3, 30)),
        # Clocks go back at 02:00 BST on 25 October 2026: 00:30 BST on the 25th is 23:30 UTC on the 24th.
        (datetime(2026, 10, 25, 0, 30, tzinfo=LONDON), date(2026, 10, 25)),
        # The 25-hour day: 23:30 GMT on the 25th is still the 25th.
        (datetime(2026, 10, 25, 23, 30, tzinfo=LONDON), date(2026, 10, 25)),
    ],
)
def test_days_are_london_calendar_days_across_clock_changes(contact_at, counts_on):
    ContactRuleFactory(every_days=7)
    case = CaseFactory(started_on=counts_on - timedelta(days=20))
    ContactFactory(case=case, contact_type=HomeVisitTypeFactory(), starts_at=contact_at)
    assert only_status(case, counts_on).last_contact.day == counts_on  # counted on the day it happened
    due = counts_on + timedelta(days=7)
    assert only_status(case, due).status is Status.DUE_SOON
    assert only_status(case, due + timedelta(days=1)).status is Status.OVERDUE


def test_several_rules_on_one_case_each_get_a_status_worst_first():
    office = ContactTypeFactory(code="COAP")
    ContactRuleFactory(name="Home visits, high RoSH", every_days=14, rosh_levels=["HIGH"])
    ContactRuleFactory(
        name="Weekly appointments",
        every_days=7,
        counts_home_visits=False,
        contact_types=[office],
        contact_description="Office appointment",
    )
    ContactRuleFactory(name="Low RoSH only", every_days=28, rosh_levels=["LOW"])
    case = CaseFactory(started_on=START, rosh=Case.RoSH.HIGH)
    ContactFactory(case=case, contact_type=office, starts_at=at(START + timedelta(days=13)))
    found = statuses_for(case, START + timedelta(days=16))
    assert [s.requirement.source for s in found.statuses] == [
        "rule: Home visits, high RoSH",
        "rule: Weekly appointments",
    ]
    assert [s.status for s in found.statuses] == [Status.OVERDUE, Status.MET]
    assert found.worst.status is Status.OVERDUE


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


def test_an_ended_risk_flag_no_longer_brings_a_case_under_a_rule():
    rso = RiskFlagTypeFactory(code="RSOF")
    ContactRuleFactory(risk_flag_types=[rso])
    case = CaseFactory(started_on=START)
    RiskFlagFactory(case=case, flag_type=rso, ended_on=START + timedelta(days=5))
    assert statuses_for(case, START + timedelta(days=4)) is not None
    assert statuses_for(case, START + timedelta(days=6)) is None


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


def test_a_deactivated_rule_no_longer_applies_and_an_edited_rule_applies_as_edited():
    rule = ContactRuleFactory(every_days=14)
    case = CaseFactory(started_on=START)
    home_visit(case, START)
    on = START + timedelta(days=12)
    assert only_status(case, on).status is Status.DUE_SOON
    rule.every_days = 10
    rule.save()
    assert only_status(case, on).status is Status.OVERDUE
    rule.is_active = False
    rule.save()
    assert statuses_for(case, on) is None


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
    with django_assert_num_queries(10):
        results = contact_requirements(on=START + timedelta(days=20))
    assert len(results) >= case_count * 2
