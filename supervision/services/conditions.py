"""Licence conditions: added, varied (one ends, its replacement starts) and ended. Never deleted."""

from datetime import date

from django.db import transaction

from caseworks.errors import RuleBroken
from supervision.models import LicenceCondition, LicenceConditionType


class ConditionError(RuleBroken):
    """A rule about licence conditions was broken; the message says which."""


def _check_dates(started_on: date, ended_on: date | None):
    if ended_on is not None and ended_on < started_on:
        raise ConditionError("The end date must be the same as or after the start date")


@transaction.atomic
def add_condition(
    case,
    *,
    condition_type: LicenceConditionType,
    started_on: date,
    by,
    wording: str = "",
    exclusion_zone_description: str = "",
    key_individual=None,
) -> LicenceCondition:
    """Add a condition. An exclusion zone needs a description of the area."""
    if condition_type.category == LicenceConditionType.Category.EXCLUSION_ZONE and not exclusion_zone_description:
        raise ConditionError("Describe the exclusion zone")
    return LicenceCondition.objects.create(
        case=case,
        condition_type=condition_type,
        wording=wording.strip() or condition_type.default_wording,
        started_on=started_on,
        exclusion_zone_description=exclusion_zone_description,
        key_individual=key_individual,
        created_by=by,
    )


@transaction.atomic
def add_standard_conditions(case, *, started_on: date, by) -> list[LicenceCondition]:
    """Add every standard condition the case does not already have in force, in one step."""
    already = set(case.licence_conditions.filter(ended_on__isnull=True).values_list("condition_type_id", flat=True))
    types = LicenceConditionType.objects.filter(
        category=LicenceConditionType.Category.STANDARD, is_active=True
    ).exclude(pk__in=already)
    return LicenceCondition.objects.bulk_create(
        [
            LicenceCondition(
                case=case,
                condition_type=condition_type,
                wording=condition_type.default_wording,
                started_on=started_on,
                created_by=by,
            )
            for condition_type in types
        ]
    )


@transaction.atomic
def end_condition(condition: LicenceCondition, *, ended_on: date, reason: str, by) -> LicenceCondition:
    """End a condition. It cannot end before it started, and an ended condition stays ended."""
    condition = LicenceCondition.objects.select_for_update().get(pk=condition.pk)
    if condition.ended_on is not None:
        if condition.ended_on == ended_on:
            return condition  # a repeated submit
        raise ConditionError("This condition has already ended")
    _check_dates(condition.started_on, ended_on)
    if not reason.strip():
        raise ConditionError("Enter the reason the condition is ending")
    condition.ended_on = ended_on
    condition.end_reason = reason.strip()
    condition.save(update_fields=["ended_on", "end_reason", "updated_at"])
    return condition


@transaction.atomic
def vary_condition(
    condition: LicenceCondition,
    *,
    varied_on: date,
    wording: str,
    reason: str,
    by,
    exclusion_zone_description: str | None = None,
) -> LicenceCondition:
    """A variation ends the condition on the day given and starts its replacement the same day."""
    locked = LicenceCondition.objects.select_for_update().get(pk=condition.pk)
    if hasattr(locked, "replaced_by"):
        raise ConditionError("This condition has already been varied")
    if locked.ended_on is not None:
        raise ConditionError("This condition has already ended")
    _check_dates(locked.started_on, varied_on)
    if not wording.strip():
        raise ConditionError("Enter the wording of the varied condition")
    end_condition(locked, ended_on=varied_on, reason=reason.strip() or "Varied", by=by)
    return LicenceCondition.objects.create(
        case=locked.case,
        condition_type=locked.condition_type,
        wording=wording.strip(),
        started_on=varied_on,
        exclusion_zone_description=locked.exclusion_zone_description
        if exclusion_zone_description is None
        else exclusion_zone_description,
        key_individual=locked.key_individual,
        replaces=locked,
        created_by=by,
    )
