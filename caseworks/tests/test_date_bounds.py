"""Per-field date bounds on the apps' forms: a contact not before the case started nor more than a year ahead, review
dates within a few years, and no form accepting the years 0001 or 9999."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mappa.forms.meetings import ActionForm, MeetingForm
from supervision.forms.contacts import RecordContactForm
from supervision.forms.risk import RiskFlagForm
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _contact_errors(case, on):
    form = RecordContactForm(
        {"contact_type": HomeVisitTypeFactory().pk, **_date("on", on), "at": "10:00", "made_by": "RO"}, case=case
    )
    form.is_valid()
    return form.errors.get("on", [])


def test_a_contact_before_the_case_started_is_refused_with_the_start_date():
    case = CaseFactory()
    started = case.started_on

    [message] = _contact_errors(case, started - timedelta(days=1))

    assert (
        message == f"The date of the contact must be on or after the start of the case ({started.day} {started:%B %Y})"
    )
    assert _contact_errors(case, started) == []


def test_a_contact_more_than_a_year_ahead_is_refused():
    case = CaseFactory()

    [message] = _contact_errors(case, timezone.localdate() + timedelta(days=400))

    assert message.startswith("The date of the contact must be on or before ")


@pytest.mark.parametrize("year", ["0001", "1899", "9999"])
def test_no_form_takes_the_year_0001_or_9999(year):
    form = MeetingForm({"held_on_0": "1", "held_on_1": "1", "held_on_2": year})
    form.is_valid()

    assert "held_on" in form.errors
    assert "must be on or" in form.errors["held_on"][0]


def test_a_review_date_more_than_three_years_ahead_is_refused():
    far = timezone.localdate() + timedelta(days=4 * 366)
    flag = RiskFlagForm({**_date("started_on", timezone.localdate()), **_date("next_review_on", far)})
    meeting = MeetingForm({**_date("next_review_on", far)})
    flag.is_valid()
    meeting.is_valid()

    assert flag.errors["next_review_on"][0].startswith("The next review date must be on or before ")
    assert meeting.errors["next_review_on"][0].startswith("The next review date must be on or before ")


def test_an_action_due_ten_years_ahead_is_refused():
    due = timezone.localdate() + timedelta(days=3660)
    form = ActionForm({"description": "Police to check", "owner_name": "DI Kent", **_date("due_on", due)})
    form.is_valid()

    assert form.errors["due_on"][0].startswith("The date the action is due by must be on or before ")
