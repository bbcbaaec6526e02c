"""Licence conditions: added, varied (one ends, its replacement starts) and ended. Never deleted.

Every change records who made it: `created_by` and `ended_by` on the condition, and the user on each
history row, including the rows for the standard conditions added in one step.
"""

from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from caseworks.errors import RuleBroken
from caseworks.submissions import check_version
from supervision.models import LicenceCondition, LicenceConditionType

# What the user reads when a rule refuses the change; `field` names the form field it belongs to.
EXCLUSION_ZONE_DESCRIPTION_REQUIRED = "Describe the exclusion zone"
ENDS_BEFORE_IT_STARTED = "The end date must be the same as or after the start date, {started_on:%-d %B %Y}"
END_REASON_REQUIRED = "Enter the reason the condition is ending"
ALREADY_ENDED = "This condition has already ended"
ALREADY_VARIED = "This condition has already been varied"
VARIED_BEFORE_IT_STARTED = "The date of the variation must be on or after the condition started, {started_on:%-d %B %Y}"
VARIED_WORDING_REQUIRED = "Enter the wording of the varied condition"


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
    is_exclusion_zone = condition_type.category == LicenceConditionType.Category.EXCLUSION_ZONE
    if is_exclusion_zone and not exclusion_zone_description.strip():
        raise RuleBroken(EXCLUSION_ZONE_DESCRIPTION_REQUIRED, field="exclusion_zone_description")
    condition = LicenceCondition(
        case=case,
        condition_type=condition_type,
        wording=wording.strip() or condition_type.default_wording,
        started_on=started_on,
        exclusion_zone_description=exclusion_zone_description.strip(),
        key_individual=key_individual,
        created_by=by,
    )
    condition._history_user = by
    condition.save()
    return condition


@transaction.atomic
def add_standard_conditions(case, *, started_on: date, by) -> list[LicenceCondition]:
    """Add every standard condition the case does not already have in force, in one step."""
    already = set(case.licence_conditions.filter(ended_on__isnull=True).values_list("condition_type_id", flat=True))
    types = LicenceConditionType.objects.filter(
        category=LicenceConditionType.Category.STANDARD, is_active=True
    ).exclude(pk__in=already)
    conditions = [
        LicenceCondition(
            case=case,
            condition_type=condition_type,
            wording=condition_type.default_wording,
            started_on=started_on,
            created_by=by,
        )
        for condition_type in types
    ]
    # bulk_create skips save(), so the history rows are written here, with who added the conditions.
    return bulk_create_with_history(conditions, LicenceCondition, default_user=by)


@transaction.atomic
def end_condition(
    condition: LicenceCondition, *, ended_on: date, reason: str, by, expected_version: int | None = None
) -> LicenceCondition:
    """End a condition. It cannot end before it started, and an ended condition stays ended. A form opened
    before someone else's change (`expected_version` older than the row's) is refused."""
    condition = LicenceCondition.objects.select_for_update().get(pk=condition.pk)
    check_version(condition, expected_version)
    if condition.ended_on is not None:
        if condition.ended_on == ended_on:
            return condition  # a repeated submit
        raise RuleBroken(ALREADY_ENDED)
    if ended_on < condition.started_on:
        raise RuleBroken(ENDS_BEFORE_IT_STARTED.format(started_on=condition.started_on), field="ended_on")
    if not reason.strip():
        raise RuleBroken(END_REASON_REQUIRED, field="reason")
    condition.ended_on = ended_on
    condition.end_reason = reason.strip()
    condition.ended_by = by
    condition._history_user = by
    condition.save(update_fields=["ended_on", "end_reason", "ended_by", "updated_at", "version"])
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
    expected_version: int | None = None,
) -> LicenceCondition:
    """A variation ends the condition on the day given and starts its replacement the same day. A form
    opened before someone else's change (`expected_version` older than the row's) is refused."""
    locked = LicenceCondition.objects.select_for_update().get(pk=condition.pk)
    check_version(locked, expected_version)
    if hasattr(locked, "replaced_by"):
        raise RuleBroken(ALREADY_VARIED)
    if locked.ended_on is not None:
        raise RuleBroken(ALREADY_ENDED)
    if varied_on < locked.started_on:
        raise RuleBroken(VARIED_BEFORE_IT_STARTED.format(started_on=locked.started_on), field="varied_on")
    if not wording.strip():
        raise RuleBroken(VARIED_WORDING_REQUIRED, field="wording")
    end_condition(locked, ended_on=varied_on, reason=reason.strip() or "Varied", by=by)
    replacement = LicenceCondition(
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
    replacement._history_user = by
    replacement.save()
    return replacement
