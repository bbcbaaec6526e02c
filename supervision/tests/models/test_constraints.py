"""Database constraints hold the invariants whatever code writes the rows."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from supervision.models import Case, Contact, Notification
from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    LicenceConditionFactory,
    NotificationFactory,
    RiskFlagFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def violates_constraint(make):
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        make()
    return True


def test_every_factory_makes_a_valid_object():
    for factory in (CaseFactory, ContactFactory, LicenceConditionFactory, RiskFlagFactory, NotificationFactory):
        obj = factory()
        obj.full_clean()


def test_crn_must_be_unique():
    CaseFactory(crn="X123456")
    assert violates_constraint(lambda: CaseFactory(crn="X123456"))


@pytest.mark.parametrize("crn", ["x123456", "X12345", "1234567", "XX23456", "X1234567"])
def test_crn_must_be_one_capital_letter_and_six_digits(crn):
    assert violates_constraint(lambda: CaseFactory(crn=crn))


def test_crn_format_is_explained_in_validation():
    case = CaseFactory.build(crn="X12")
    with pytest.raises(ValidationError) as error:
        case.full_clean(exclude=["team", "responsible_officer"])
    assert "one capital letter followed by six digits" in str(error.value)


def test_case_cannot_end_before_it_starts():
    assert violates_constraint(lambda: CaseFactory(started_on=date(2026, 5, 1), expected_end_on=date(2026, 4, 30)))


def test_mappa_category_needs_a_level_and_a_level_needs_a_category():
    assert violates_constraint(lambda: CaseFactory(mappa_category=2, mappa_level=None))
    assert violates_constraint(lambda: CaseFactory(mappa_category=None, mappa_level=2))
    assert CaseFactory(mappa_category=2, mappa_level=1).mappa_level == 1


def test_licence_condition_cannot_end_before_it_starts():
    assert violates_constraint(lambda: LicenceConditionFactory(started_on=date(2026, 5, 1), ended_on=date(2026, 4, 1)))


def test_only_one_open_risk_flag_of_a_type_per_case():
    flag = RiskFlagFactory()
    assert violates_constraint(lambda: RiskFlagFactory(case=flag.case, flag_type=flag.flag_type))
    flag.ended_on = flag.started_on + timedelta(days=10)
    flag.save()
    RiskFlagFactory(case=flag.case, flag_type=flag.flag_type)


def test_absence_reason_only_goes_with_an_acceptable_absence():
    assert violates_constraint(
        lambda: ContactFactory(outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE, absence_reason="MEDICAL")
    )
    ContactFactory(outcome=Contact.Outcome.ACCEPTABLE_ABSENCE, absence_reason="MEDICAL")


def test_one_notification_per_recipient_and_event():
    notification = NotificationFactory()
    assert violates_constraint(
        lambda: NotificationFactory(recipient=notification.recipient, event_key=notification.event_key)
    )
    NotificationFactory(event_key=notification.event_key)  # someone else may be told of the same event
    assert Notification.objects.count() == 2


def test_staff_absence_is_inclusive_of_both_ends():
    profile = StaffFactory().profile
    profile.absent_from, profile.absent_until = date(2026, 12, 1), date(2026, 12, 5)
    assert not profile.is_absent_on(date(2026, 11, 30))
    assert profile.is_absent_on(date(2026, 12, 1))
    assert profile.is_absent_on(date(2026, 12, 5))
    assert not profile.is_absent_on(date(2026, 12, 6))


def test_case_history_keeps_who_changed_what():
    case = CaseFactory(rosh=Case.RoSH.MEDIUM)
    case.rosh = Case.RoSH.HIGH
    case.save()
    assert [h.rosh for h in case.history.order_by("history_date")] == ["MEDIUM", "HIGH"]
