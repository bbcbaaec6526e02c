from datetime import timedelta

import pytest

from caseworks.errors import RuleBroken
from supervision.models import LicenceCondition, LicenceConditionType
from supervision.services.conditions import (
    EXCLUSION_ZONE_DESCRIPTION_REQUIRED,
    VARIED_BEFORE_IT_STARTED,
    add_condition,
    add_standard_conditions,
    end_condition,
    vary_condition,
)
from supervision.tests.factories import (
    CaseFactory,
    LicenceConditionFactory,
    LicenceConditionTypeFactory,
    StaffFactory,
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


def test_the_standard_conditions_added_in_one_step_each_have_a_history_row_with_who_added_them():
    _standard_types()
    case = CaseFactory()
    add_standard_conditions(case, started_on=case.started_on, by=case.responsible_officer)
    history = LicenceCondition.history.filter(case=case)
    assert history.count() == 7
    assert {(row.history_type, row.history_user) for row in history} == {("+", case.responsible_officer)}
    assert set(case.licence_conditions.values_list("created_by", flat=True)) == {case.responsible_officer.pk}


def test_an_exclusion_zone_needs_a_description():
    zone = LicenceConditionTypeFactory(code="EXZ1", category=LicenceConditionType.Category.EXCLUSION_ZONE)
    case = CaseFactory()
    with pytest.raises(RuleBroken, match=EXCLUSION_ZONE_DESCRIPTION_REQUIRED) as refused:
        add_condition(case, condition_type=zone, started_on=case.started_on, by=case.responsible_officer)
    assert refused.value.field == "exclusion_zone_description"
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
    with pytest.raises(RuleBroken, match="same as or after the start date") as refused:
        end_condition(condition, ended_on=condition.started_on - timedelta(days=1), reason="x", by=None)
    assert refused.value.field == "ended_on"
    assert refused.value.message.endswith(f"{condition.started_on:%-d %B %Y}")
    condition.refresh_from_db()
    assert condition.ended_on is None


def test_ending_a_condition_records_who_ended_it_on_the_row_and_in_its_history():
    condition = LicenceConditionFactory()
    officer = StaffFactory()
    end_condition(condition, ended_on=condition.started_on + timedelta(days=5), reason="Revoked", by=officer)
    condition.refresh_from_db()
    assert condition.ended_by == officer
    assert condition.history.order_by("-history_date").first().history_user == officer


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


def test_a_variation_records_who_ended_the_old_condition_and_who_started_the_new():
    condition = LicenceConditionFactory()
    officer = StaffFactory()
    replacement = vary_condition(
        condition, varied_on=condition.started_on, wording="New wording", reason="Varied", by=officer
    )
    condition.refresh_from_db()
    assert (condition.ended_by, replacement.created_by) == (officer, officer)


def test_a_variation_cannot_be_dated_before_the_condition_started():
    condition = LicenceConditionFactory()
    with pytest.raises(RuleBroken) as refused:
        vary_condition(
            condition, varied_on=condition.started_on - timedelta(days=1), wording="New", reason="x", by=None
        )
    assert refused.value.message == VARIED_BEFORE_IT_STARTED.format(started_on=condition.started_on)
    assert refused.value.field == "varied_on"
