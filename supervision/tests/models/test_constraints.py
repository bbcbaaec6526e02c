"""Database constraints hold the invariants whatever code writes the rows."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from supervision.models import (
    Case,
    CaseContactRequirement,
    Contact,
    ContactAmendment,
    ContactRule,
    Notification,
    OverdueFlag,
)
from supervision.tests.factories import (
    AcuteRiskFactorFactory,
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
    flag.end_reason = "Deregistered."
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


# States that imply fields: each contradiction is refused by the database itself, whatever writes the row.


def refused_by(name, make):
    """The row `make` writes is refused by the named CHECK constraint, on PostgreSQL."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        make()
    return name in str(error.value)


def test_a_failure_to_attend_has_an_evidence_due_date_and_nothing_else_does():
    name = "contact_evidence_due_only_after_failure_to_attend"
    assert refused_by(name, lambda: ContactFactory(outcome=Contact.Outcome.FAILED_TO_ATTEND, evidence_due_on=None))
    assert refused_by(
        name, lambda: ContactFactory(outcome=Contact.Outcome.ATTENDED_COMPLIED, evidence_due_on=date(2026, 5, 1))
    )
    assert ContactFactory(outcome=Contact.Outcome.FAILED_TO_ATTEND).evidence_due_on is not None


def test_an_acceptable_absence_has_its_reason():
    assert refused_by(
        "contact_acceptable_absence_has_a_reason",
        lambda: ContactFactory(outcome=Contact.Outcome.ACCEPTABLE_ABSENCE, absence_reason=""),
    )


@pytest.mark.parametrize(
    "made_by,fields,name",
    [
        ("OFFICER", {}, "contact_made_by_someone_else_is_named"),
        ("POLICE", {"made_by_name": "PC Rachel Jones"}, "contact_by_police_has_an_identifier"),
        ("AGENCY", {"made_by_name": "Jo Marsh"}, "contact_by_agency_worker_has_an_agency"),
    ],
)
def test_a_contact_made_by_someone_else_says_who(made_by, fields, name):
    assert refused_by(name, lambda: ContactFactory(made_by=made_by, made_by_user=None, **fields))


def test_an_amendment_has_a_reason():
    contact = ContactFactory()
    assert refused_by(
        "contact_amendment_has_a_reason",
        lambda: ContactAmendment.objects.create(contact=contact, changes={}, reason="", amended_by=contact.recorded_by),
    )


@pytest.mark.parametrize("factory", [LicenceConditionFactory, RiskFlagFactory])
def test_an_ended_condition_or_flag_has_a_reason_and_an_open_one_none(factory):
    prefix = "licence_condition" if factory is LicenceConditionFactory else "risk_flag"
    name = f"{prefix}_ended_with_a_reason"
    assert refused_by(name, lambda: factory(ended_on=timezone.localdate(), end_reason=""))
    assert refused_by(name, lambda: factory(end_reason="Varied"))
    factory(ended_on=timezone.localdate(), end_reason="Licence expired", ended_by=StaffFactory())


def test_a_reviewed_acute_risk_factor_says_what_was_decided():
    reviewer = StaffFactory()
    name = "acute_risk_factor_review_has_notes"
    assert refused_by(name, lambda: AcuteRiskFactorFactory(reviewed_at=timezone.now(), reviewed_by=reviewer))
    assert refused_by(name, lambda: AcuteRiskFactorFactory(review_notes="Contact level raised."))
    assert refused_by("acute_risk_factor_has_a_description", lambda: AcuteRiskFactorFactory(description=""))


def test_a_case_mappa_level_and_category_are_known_values_and_birth_precedes_supervision():
    assert refused_by("case_mappa_level_known", lambda: CaseFactory(mappa_category=2, mappa_level=4))
    assert refused_by("case_mappa_category_known", lambda: CaseFactory(mappa_category=5, mappa_level=1))
    assert refused_by(
        "case_born_before_supervision_starts",
        lambda: CaseFactory(date_of_birth=timezone.localdate(), started_on=timezone.localdate()),
    )


def requirement(**fields):
    case = CaseFactory()
    values = {
        "case": case,
        "contact_description": "Home visit",
        "counts_home_visits": True,
        "contacts_needed": 1,
        "every_days": 7,
        "reason": "Acute risk factor.",
        "starts_on": case.started_on,
        "ends_on": case.started_on + timedelta(days=56),
        "set_by": case.responsible_officer,
        **fields,
    }
    return CaseContactRequirement.objects.create(**values)


def test_a_case_requirement_has_a_reason_fits_its_period_and_records_its_early_end():
    officer = StaffFactory()
    assert refused_by("case_requirement_has_a_reason", lambda: requirement(reason=""))
    assert refused_by("case_requirement_contacts_fit_the_period", lambda: requirement(contacts_needed=8))
    assert refused_by(
        "case_requirement_end_recorded_together",
        lambda: requirement(ended_on=timezone.localdate(), end_reason="Risk reduced."),
    )
    assert refused_by("case_requirement_end_recorded_together", lambda: requirement(ended_by=officer))
    requirement(ended_on=timezone.localdate(), end_reason="Risk reduced.", ended_by=officer)


def test_a_contact_rule_needs_no_more_contacts_than_days_in_its_period():
    assert refused_by(
        "contact_rule_contacts_fit_the_period",
        lambda: ContactRule.objects.create(name="Too many", rationale="Test.", contacts_needed=8, every_days=7),
    )


def overdue_flag(**fields):
    rule = ContactRule.objects.create(name=f"Rule {ContactRule.objects.count()}", rationale="Test.", every_days=7)
    day = timezone.localdate()
    values = {
        "case": CaseFactory(),
        "rule": rule,
        "due_on": day,
        "opened_on": day,
        "explanation": "Not seen.",
        **fields,
    }
    return OverdueFlag.objects.create(**values)


def test_a_resolved_overdue_flag_says_when_and_why():
    name = "overdue_flag_resolved_with_when_and_why"
    now = timezone.now()
    assert refused_by(name, lambda: overdue_flag(resolved_at=now, resolved_on=now.date()))
    assert refused_by(name, lambda: overdue_flag(resolved_at=now, resolution="MET"))
    assert refused_by(name, lambda: overdue_flag(resolution="MET"))
    assert refused_by(
        "overdue_flag_contact_only_when_met",
        lambda: overdue_flag(
            resolved_at=now,
            resolved_on=now.date(),
            resolution="NO_LONGER_APPLIES",
            resolved_by_contact=ContactFactory(),
        ),
    )
    assert refused_by(
        "overdue_flag_opened_after_due", lambda: overdue_flag(opened_on=timezone.localdate() - timedelta(days=1))
    )
    overdue_flag(resolved_at=now, resolved_on=now.date(), resolution="MET", resolved_by_contact=ContactFactory())


def test_a_staff_absence_has_a_first_day():
    profile = StaffFactory().profile
    profile.absent_until = date(2026, 12, 5)
    assert refused_by("staff_absence_end_needs_a_start", profile.save)
