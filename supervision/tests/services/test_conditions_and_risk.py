from datetime import date, timedelta

import pytest
from django.utils import timezone

from supervision.models import LicenceCondition, LicenceConditionType, RiskFlag
from supervision.services.conditions import (
    ConditionError,
    add_condition,
    add_standard_conditions,
    end_condition,
    vary_condition,
)
from supervision.services.risk import (
    RiskError,
    end_risk_flag,
    raise_acute_risk_factor,
    record_relationship_disclosure,
    review_acute_risk_factor,
    review_risk_flag,
)
from supervision.tests.factories import (
    CaseFactory,
    KeyIndividualFactory,
    LicenceConditionFactory,
    LicenceConditionTypeFactory,
    RiskFlagFactory,
)

pytestmark = pytest.mark.django_db


def _standard_types():
    return [LicenceConditionTypeFactory(code=f"STD{n}", name=f"Standard {n}") for n in range(1, 8)]


def test_the_seven_standard_conditions_are_added_in_one_step_and_never_twice():
    _standard_types()
    case = CaseFactory()
    assert len(add_standard_conditions(case, started_on=case.started_on, by=case.responsible_officer)) == 7
    assert add_standard_conditions(case, started_on=case.started_on, by=case.responsible_officer) == []
    assert case.licence_conditions.count() == 7


def test_an_exclusion_zone_needs_a_description():
    zone = LicenceConditionTypeFactory(code="EXZ1", category=LicenceConditionType.Category.EXCLUSION_ZONE)
    case = CaseFactory()
    with pytest.raises(ConditionError, match="Describe the exclusion zone"):
        add_condition(case, condition_type=zone, started_on=case.started_on, by=case.responsible_officer)
    condition = add_condition(
        case,
        condition_type=zone,
        started_on=case.started_on,
        exclusion_zone_description="The Eastfield estate",
        by=case.responsible_officer,
    )
    assert condition.exclusion_zone_description == "The Eastfield estate"


def test_a_condition_cannot_end_before_it_starts():
    condition = LicenceConditionFactory()
    with pytest.raises(ConditionError, match="same as or after the start date"):
        end_condition(condition, ended_on=condition.started_on - timedelta(days=1), reason="x", by=None)
    condition.refresh_from_db()
    assert condition.ended_on is None


def test_a_variation_ends_the_condition_and_starts_its_replacement_the_same_day():
    condition = LicenceConditionFactory()
    varied_on = condition.started_on + timedelta(days=10)
    replacement = vary_condition(
        condition, varied_on=varied_on, wording="New wording", reason="Varied by the releasing authority", by=None
    )
    condition.refresh_from_db()
    assert condition.ended_on == varied_on
    assert replacement.started_on == varied_on
    assert replacement.replaces == condition
    assert list(LicenceCondition.objects.in_force(on=varied_on)) == [replacement]


def test_an_acute_risk_factor_awaits_review_until_one_is_recorded():
    case = CaseFactory()
    factor = raise_acute_risk_factor(
        case, description="New pregnant partner", identified_on=timezone.localdate(), by=case.responsible_officer
    )
    assert list(case.acute_risk_factors.awaiting_review()) == [factor]
    with pytest.raises(RiskError):
        review_acute_risk_factor(factor, notes="", by=case.responsible_officer)
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
    with pytest.raises(RiskError):
        record_relationship_disclosure(
            case,
            key_individual=KeyIndividualFactory(),
            learned_on=timezone.localdate(),
            is_disclosed_by_person=True,
            by=case.responsible_officer,
        )


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


def test_a_flag_cannot_end_before_it_started():
    flag = RiskFlagFactory()
    with pytest.raises(RiskError):
        end_risk_flag(flag, ended_on=flag.started_on - timedelta(days=1), reason="x", by=None)


def test_review_dates_must_be_in_order():
    flag = RiskFlagFactory()
    with pytest.raises(RiskError, match="after the review date"):
        review_risk_flag(flag, reviewed_on=date.today(), next_review_on=date.today(), by=flag.case.responsible_officer)
