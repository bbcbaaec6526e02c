"""Management oversight: recording a manager's oversight of a case with actions for the officer, and marking an
action done.

The record and its actions are written together: an oversight record whose actions failed to save would tell
an inspector that direction was given when the officer never saw it. Marking an action done locks the action,
looks the step up in `OVERSIGHT_ACTION_TRANSITIONS` and writes its event row beside the new state.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from caseworks.errors import InvalidTransition, RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision import permissions
from supervision.models import OversightAction, OversightActionEvent, OversightRecord
from supervision.models.oversight import OVERSIGHT_ACTION_TRANSITIONS

Step = OversightActionEvent.Action
Status = OversightAction.Status

REVIEWED_IN_THE_FUTURE = "The date of the oversight must be today or in the past"
WHAT_REVIEWED_REQUIRED = "Enter what you reviewed"
DECISION_REQUIRED = "Enter your decision and direction"
AREA_UNKNOWN = "Select the areas you reviewed from the list"
ACTION_DESCRIPTION_REQUIRED = "Enter the action"
ACTION_DUE_IN_THE_PAST = "The date an action is due by must be the date of the oversight or later"
DONE_NOTE_REQUIRED = "Enter what was done"
DONE_IN_THE_FUTURE = "The date it was done must be today or in the past"
DONE_BEFORE_SET = "The date it was done must be the same as or after the date the action was set"
ALREADY_DONE = "This action has already been marked done"
MAX_ACTIONS = 10


@dataclass(frozen=True)
class NewAction:
    description: str
    due_on: date


def _today() -> date:
    return timezone.localdate()


@transaction.atomic
def record_oversight(
    case,
    *,
    by,
    reviewed_on: date,
    what_was_reviewed: str,
    decision: str,
    areas=(),
    actions=(),
    at=None,
) -> OversightRecord:
    """Record a manager's oversight of the case: what they reviewed, their decision and direction, and actions for
    the officer with the dates they are due by. Only the officer's line manager (or cover) or the region's Head of
    Public Protection may; never the case's own officer."""
    if not permissions.may_record_oversight(by, case):
        raise PermissionDenied
    areas = list(areas)
    actions = list(actions)
    broken = []
    if reviewed_on > _today():
        broken.append(RuleBroken(REVIEWED_IN_THE_FUTURE, field="reviewed_on"))
    if not what_was_reviewed.strip():
        broken.append(RuleBroken(WHAT_REVIEWED_REQUIRED, field="what_was_reviewed"))
    if not decision.strip():
        broken.append(RuleBroken(DECISION_REQUIRED, field="decision"))
    if any(area not in OversightRecord.Area.values for area in areas):
        broken.append(RuleBroken(AREA_UNKNOWN, field="areas"))
    for action in actions:
        if not action.description.strip():
            broken.append(RuleBroken(ACTION_DESCRIPTION_REQUIRED))
        if action.due_on < reviewed_on:
            broken.append(RuleBroken(ACTION_DUE_IN_THE_PAST))
    if len(actions) > MAX_ACTIONS:
        broken.append(RuleBroken(f"Set up to {MAX_ACTIONS} actions in one record"))
    raise_if_broken(broken)
    record = OversightRecord.objects.create(
        case=case,
        reviewed_on=reviewed_on,
        areas=[area for area in OversightRecord.Area.values if area in areas],
        what_was_reviewed=what_was_reviewed.strip(),
        decision=decision.strip(),
        recorded_by=by,
    )
    happened_at = at or timezone.now()
    for new in actions:
        action = OversightAction.objects.create(
            record=record, case=case, description=new.description.strip(), due_on=new.due_on
        )
        OversightActionEvent.objects.create(
            action=action, step=Step.SET, from_status="", to_status=Status.OPEN, actor=by, happened_at=happened_at
        )
    return record


@transaction.atomic
def mark_action_done(
    action, *, by, note: str, done_on: date | None = None, expected_version: int | None = None, at=None
) -> OversightAction:
    """The officer (or their manager, for them) marks an action done, with a note of what was done. Marking it
    done twice changes nothing."""
    action = OversightAction.objects.select_for_update().select_related("case", "record").get(pk=action.pk)
    if not permissions.may_complete_oversight_action(by, action.case):
        raise PermissionDenied
    if action.status == Status.DONE:
        return action
    check_version(action, expected_version)
    done_on = done_on or _today()
    broken = []
    if not note.strip():
        broken.append(RuleBroken(DONE_NOTE_REQUIRED, field="note"))
    if done_on > _today():
        broken.append(RuleBroken(DONE_IN_THE_FUTURE, field="done_on"))
    elif done_on < action.record.reviewed_on:
        broken.append(RuleBroken(DONE_BEFORE_SET, field="done_on"))
    raise_if_broken(broken)
    step = OVERSIGHT_ACTION_TRANSITIONS[Step.MARKED_DONE]
    if action.status not in step.from_states:
        raise InvalidTransition(action.status, Step.MARKED_DONE)
    from_status = action.status
    action.status = step.to
    action.done_on = done_on
    action.done_note = note.strip()
    action.save(update_fields=["status", "done_on", "done_note", "version", "updated_at"])
    OversightActionEvent.objects.create(
        action=action,
        step=Step.MARKED_DONE,
        from_status=from_status,
        to_status=action.status,
        actor=by,
        note=action.done_note,
        happened_at=at or timezone.now(),
    )
    return action
