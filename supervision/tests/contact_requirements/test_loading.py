"""What is read from the database: the active rules, the contacts that count (seen, of a counted type, by the end
of the London day) and the risk flags open on the day."""

import json
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.contact_requirements import Status, contact_requirements
from supervision.contact_requirements.loading import requirement_from_values, requirement_values, stored_rules
from supervision.models import Contact
from supervision.tests.contact_requirements.helpers import LONDON, START, at, home_visit, only_status, statuses_for
from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    HomeVisitTypeFactory,
    RiskFlagFactory,
    RiskFlagTypeFactory,
)
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db


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


def test_an_ended_risk_flag_no_longer_brings_a_case_under_a_rule():
    rso = RiskFlagTypeFactory(code="RSOF")
    ContactRuleFactory(risk_flag_types=[rso])
    case = CaseFactory(started_on=START)
    RiskFlagFactory(case=case, flag_type=rso, ended_on=START + timedelta(days=5), end_reason="Deregistered.")
    assert statuses_for(case, START + timedelta(days=4)) is not None
    assert statuses_for(case, START + timedelta(days=6)) is None


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


def test_a_rule_survives_the_trip_to_a_chunk_as_json_values():
    """A sweep reads the rules once and sends them to each chunk in a Celery message (JSON): they come back
    equal, and a computation given them reads no rule."""
    flag = RiskFlagTypeFactory()
    ContactRuleFactory(
        every_days=14,
        rosh_levels=["HIGH"],
        final_third_exception_flag_types=[flag],
        window_to_days=84,
        contacts_needed=2,
    )
    rules = stored_rules(on=START)
    travelled = [requirement_from_values(json.loads(json.dumps(requirement_values(r)))) for r in rules]
    assert travelled == rules and travelled[0].changed_at is not None
    case = CaseFactory(started_on=START, rosh="HIGH")
    with CaptureQueriesContext(connection) as captured:
        given = contact_requirements(on=START + timedelta(days=20), rules=travelled)
    assert not [q for q in captured.captured_queries if "supervision_contactrule" in q["sql"]]
    assert given == contact_requirements(on=START + timedelta(days=20)) and given[0].case_id == case.pk
