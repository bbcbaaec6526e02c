"""When a contact is due and when it is overdue: due dates, grace days, one-off and recurring contacts, worst first."""

from datetime import timedelta

import pytest

from supervision.contact_requirements import Status
from supervision.models import Case
from supervision.tests.contact_requirements.helpers import START, at, home_visit, only_status, statuses_for
from supervision.tests.factories import CaseFactory, ContactFactory, ContactTypeFactory
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db


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


def test_twice_a_week_is_due_a_week_after_the_second_latest_contact():
    ContactRuleFactory(contacts_needed=2, every_days=7)
    case = CaseFactory(started_on=START)
    home_visit(case, START + timedelta(days=1))
    home_visit(case, START + timedelta(days=4))
    home_visit(case, START + timedelta(days=8))
    status = only_status(case, START + timedelta(days=10))
    assert status.due_on == START + timedelta(days=11)
    assert status.explanation.startswith("Home visit twice every 7 days")


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
