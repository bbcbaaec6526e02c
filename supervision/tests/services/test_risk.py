from datetime import date, timedelta

import pytest
from django.utils import timezone

from caseworks.errors import RuleBroken
from supervision.models import RiskFlag
from supervision.services.risk import (
    ACUTE_RISK_REVIEW_NOTES_REQUIRED,
    FLAG_ENDS_BEFORE_IT_STARTED,
    KEY_INDIVIDUAL_NOT_ON_CASE,
    NEXT_REVIEW_NOT_AFTER_REVIEW,
    add_key_individual,
    end_risk_flag,
    raise_acute_risk_factor,
    record_relationship_disclosure,
    review_acute_risk_factor,
    review_risk_flag,
    update_key_individual,
)
from supervision.tests.factories import CaseFactory, KeyIndividualFactory, RiskFlagFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_an_acute_risk_factor_awaits_review_until_one_is_recorded():
    case = CaseFactory()
    factor = raise_acute_risk_factor(
        case, description="New pregnant partner", identified_on=timezone.localdate(), by=case.responsible_officer
    )
    assert list(case.acute_risk_factors.awaiting_review()) == [factor]
    with pytest.raises(RuleBroken, match=ACUTE_RISK_REVIEW_NOTES_REQUIRED) as refused:
        review_acute_risk_factor(factor, notes="", by=case.responsible_officer)
    assert refused.value.field == "notes"
    review_acute_risk_factor(
        factor, notes="Contact weekly; children's social care referral made", by=case.responsible_officer
    )
    assert not case.acute_risk_factors.awaiting_review().exists()


def test_a_relationship_disclosure_can_mark_an_acute_risk_factor_in_the_same_step():
    case = CaseFactory()
    partner = KeyIndividualFactory(case=case, relationship="PARTNER", is_pregnant=True)
    disclosure = record_relationship_disclosure(
        case,
        key_individual=partner,
        learned_on=timezone.localdate(),
        is_disclosed_by_person=False,
        source="His mother",
        acute_risk_description="New partner is pregnant and vulnerable",
        by=case.responsible_officer,
    )
    assert disclosure.acute_risk_factor.key_individual == partner
    assert case.acute_risk_factors.awaiting_review().count() == 1


def test_a_disclosure_must_be_about_someone_on_this_case():
    case = CaseFactory()
    with pytest.raises(RuleBroken, match=KEY_INDIVIDUAL_NOT_ON_CASE) as refused:
        record_relationship_disclosure(
            case,
            key_individual=KeyIndividualFactory(),
            learned_on=timezone.localdate(),
            is_disclosed_by_person=True,
            by=case.responsible_officer,
        )
    assert refused.value.field == "key_individual"


def test_a_key_individual_records_who_added_and_who_changed_them():
    case = CaseFactory()
    colleague = StaffFactory(profile__team=case.team)
    individual = add_key_individual(case, name="Kerry Hollis", relationship="MOTHER", by=case.responsible_officer)
    assert individual.created_by == case.responsible_officer
    update_key_individual(individual, phone="07700 900123", by=colleague)
    added, changed = individual.history.order_by("history_date")
    assert (added.history_user, changed.history_user) == (case.responsible_officer, colleague)


def test_a_flag_is_overdue_once_its_review_date_passes_and_a_review_clears_it():
    today = timezone.localdate()
    flag = RiskFlagFactory(started_on=today - timedelta(days=100), next_review_on=today - timedelta(days=4))
    assert list(RiskFlag.objects.overdue(on=today)) == [flag]
    review_risk_flag(
        flag, reviewed_on=today, next_review_on=today + timedelta(days=91), by=flag.case.responsible_officer
    )
    assert not RiskFlag.objects.overdue(on=today).exists()
    assert flag.reviews.get().next_review_on == today + timedelta(days=91)


def test_an_ended_flag_is_never_overdue():
    today = timezone.localdate()
    flag = RiskFlagFactory(started_on=today - timedelta(days=100), next_review_on=today - timedelta(days=4))
    end_risk_flag(flag, ended_on=today, reason="Registration ended", by=flag.case.responsible_officer)
    assert not RiskFlag.objects.overdue(on=today).exists()


def test_ending_a_flag_records_who_ended_it_on_the_row_and_in_its_history():
    flag = RiskFlagFactory()
    officer = StaffFactory()
    end_risk_flag(flag, ended_on=flag.started_on, reason="Registration ended", by=officer)
    flag.refresh_from_db()
    assert flag.ended_by == officer
    assert flag.history.order_by("-history_date").first().history_user == officer


def test_a_flag_cannot_end_before_it_started():
    flag = RiskFlagFactory()
    with pytest.raises(RuleBroken) as refused:
        end_risk_flag(flag, ended_on=flag.started_on - timedelta(days=1), reason="x", by=None)
    assert refused.value.message == FLAG_ENDS_BEFORE_IT_STARTED.format(started_on=flag.started_on)
    assert refused.value.field == "ended_on"


def test_review_dates_must_be_in_order():
    flag = RiskFlagFactory()
    with pytest.raises(RuleBroken, match=NEXT_REVIEW_NOT_AFTER_REVIEW) as refused:
        review_risk_flag(flag, reviewed_on=date.today(), next_review_on=date.today(), by=flag.case.responsible_officer)
    assert refused.value.field == "next_review_on"
