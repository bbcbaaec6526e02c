"""The words people read: frequencies, dates, and the explanation beside each status."""

from datetime import date

import pytest

from supervision.contact_requirements import Requirement, describe_frequency, describe_stored
from supervision.contact_requirements.wording import explain, short_date
from supervision.models import Case, Contact
from supervision.tests.contact_requirements.helpers import at, only_status
from supervision.tests.factories import CaseFactory, ContactFactory, ContactTypeFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db


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


def requirement(**overrides):
    fields = {
        "key": ("rule", 1),
        "description": "Home visit",
        "contacts_needed": 1,
        "every_days": 14,
        "first_due_days": None,
        "grace_days": 0,
        "contact_type_ids": frozenset(),
        "notify_line_manager_after_days": None,
        "source": "rule: Home visits",
    }
    return Requirement(**{**fields, **overrides})


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({}, "Home visit every 14 days"),
        ({"contacts_needed": 2, "every_days": 7}, "Home visit twice every 7 days"),
        ({"contacts_needed": 3, "every_days": 7}, "Home visit three times every 7 days"),
        ({"contacts_needed": 4, "every_days": 7}, "Home visit 4 times every 7 days"),
        ({"every_days": 1}, "Home visit every 1 day"),
        ({"every_days": None, "first_due_days": 15}, "First home visit within 15 days of the start"),
        ({"every_days": None, "first_due_days": 1, "contacts_needed": 2}, "2 × home visit within 1 day of the start"),
    ],
)
def test_frequencies_read_as_people_say_them(overrides, words):
    assert describe_frequency(requirement(**overrides)) == words


def test_a_stored_rule_and_a_case_level_requirement_read_like_the_requirement_they_become():
    rule = ContactRuleFactory.build(every_days=None, first_due_days=15)
    case_level = CaseContactRequirementFactory.build(contact_description="Office appointment", contacts_needed=2)
    assert describe_stored(rule) == "First home visit within 15 days of the start"
    assert describe_stored(case_level) == "Office appointment twice every 7 days"


def test_dates_show_the_year_only_when_it_differs_from_today():
    assert short_date(date(2026, 11, 3), date(2026, 12, 1)) == "3 Nov"
    assert short_date(date(2025, 11, 3), date(2026, 1, 1)) == "3 Nov 2025"
    assert short_date(date(2026, 11, 3)) == "3 Nov 2026"


def test_within_grace_days_the_explanation_says_when_it_becomes_overdue():
    words = explain(
        requirement(grace_days=2),
        is_overdue=False,
        due_on=date(2026, 3, 2),
        last=None,
        on=date(2026, 3, 3),
        days_overdue=0,
    )
    assert words == (
        "Home visit every 14 days (rule: Home visits). No home visit recorded yet. Was due 2 Mar; overdue after 4 Mar."
    )


def test_a_coming_due_date_says_how_many_days_are_left():
    words = explain(
        requirement(), is_overdue=False, due_on=date(2026, 3, 4), last=None, on=date(2026, 3, 3), days_overdue=0
    )
    assert words.endswith("Next due 4 Mar (in 1 day).")
