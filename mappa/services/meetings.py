"""MAPPA level 2 and 3 meetings: who came, what was shared, the risk management plan's actions, decisions."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from caseworks.errors import RuleBroken
from caseworks.submissions import check_version
from mappa.models import Agency, MappaAction, MappaMeeting
from mappa.permissions import may_mark_action_done

MEETING_IN_THE_FUTURE = "The date of the meeting must be today or in the past"
REVIEW_BEFORE_THE_MEETING = "The next review date must be after the meeting"


def next_review_on(held_on: date, level: int) -> date:
    """The level's review period: MAPPA level 2 cases are reviewed at least every 16 weeks, level 3 every 8
    (settings.MAPPA_LEVEL_2_REVIEW_WEEKS / MAPPA_LEVEL_3_REVIEW_WEEKS)."""
    weeks = settings.MAPPA_LEVEL_3_REVIEW_WEEKS if level == 3 else settings.MAPPA_LEVEL_2_REVIEW_WEEKS
    return held_on + timedelta(weeks=weeks)


@transaction.atomic
def record_mappa_meeting(
    case,
    *,
    by,
    held_on: date,
    level: int,
    chair: str,
    attendees: str,
    agencies=(),
    information_shared="",
    decisions="",
    enforcement_decision="",
    next_review: date | None = None,
    referral=None,
    actions=(),
    on: date | None = None,
) -> MappaMeeting:
    """Record a meeting that has been held, and its actions (dicts of MappaAction fields). The meeting, its
    actions and their history rows all name the person who recorded them."""
    if held_on > (on or timezone.localdate()):
        raise RuleBroken(MEETING_IN_THE_FUTURE, field="held_on")
    if next_review is not None and next_review < held_on:
        raise RuleBroken(REVIEW_BEFORE_THE_MEETING, field="next_review_on")
    meeting = MappaMeeting(
        case=case,
        referral=referral,
        held_on=held_on,
        level=level,
        chair=chair,
        attendees=attendees,
        information_shared=information_shared,
        decisions=decisions,
        enforcement_decision=enforcement_decision,
        next_review_on=next_review or next_review_on(held_on, level),
        recorded_by=by,
    )
    meeting._history_user = by
    meeting.save()
    meeting.agencies.set(agencies)
    bulk_create_with_history(
        [MappaAction(meeting=meeting, **action) for action in actions], MappaAction, default_user=by
    )
    return meeting


AMENDMENT_REASON_NEEDED = "Enter the reason for the amendment"
MAX_ACTIONS_IN_A_PLAN = 20
TOO_MANY_ACTIONS = (
    f"A meeting can have up to {MAX_ACTIONS_IN_A_PLAN} actions. Record the most urgent ones now and add the rest "
    "at the next review"
)
NOTHING_AMENDED = "Change something before saving the amendment, or go back to the meeting"
# What an amendment may correct on the meeting and on each action. Who recorded it and the case never change.
AMENDABLE_MEETING_FIELDS = (
    "held_on",
    "level",
    "chair",
    "attendees",
    "information_shared",
    "decisions",
    "enforcement_decision",
    "next_review_on",
)
AMENDABLE_ACTION_FIELDS = ("description", "owner_agency", "owner_user", "owner_name", "due_on")


@transaction.atomic
def amend_mappa_meeting(
    meeting,
    *,
    by,
    reason: str,
    changes: dict,
    agencies=None,
    action_changes: dict | None = None,
    new_actions=(),
    expected_version: int | None = None,
    on: date | None = None,
) -> MappaMeeting:
    """Correct a meeting's record and its actions, or add actions to its plan, with the reason. Each changed
    row gets a history row naming who changed it and why (the meeting page shows them); nothing is deleted.
    `action_changes` maps an action's id to its changed fields. An amendment made from a copy older than
    `expected_version` is refused: it would undo someone else's."""
    if not reason.strip():
        raise RuleBroken(AMENDMENT_REASON_NEEDED, field="reason")
    meeting = MappaMeeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(meeting, expected_version)
    amended = {field: changes.get(field, getattr(meeting, field)) for field in AMENDABLE_MEETING_FIELDS}
    if amended["held_on"] > (on or timezone.localdate()):
        raise RuleBroken(MEETING_IN_THE_FUTURE, field="held_on")
    if amended["next_review_on"] is None:
        amended["next_review_on"] = next_review_on(amended["held_on"], amended["level"])
    if amended["next_review_on"] < amended["held_on"]:
        raise RuleBroken(REVIEW_BEFORE_THE_MEETING, field="next_review_on")
    actions = {action.pk: action for action in meeting.actions.select_for_update()}
    if len(actions) + len(new_actions) > MAX_ACTIONS_IN_A_PLAN:
        raise RuleBroken(TOO_MANY_ACTIONS)
    changed_actions = []
    for pk, fields in (action_changes or {}).items():
        action = actions[pk]  # only this meeting's actions: another's id is a KeyError, not an edit
        updates = {field: value for field, value in fields.items() if field in AMENDABLE_ACTION_FIELDS}
        if any(getattr(action, field) != value for field, value in updates.items()):
            for field, value in updates.items():
                setattr(action, field, value)
            changed_actions.append(action)
    meeting_changed = any(getattr(meeting, field) != value for field, value in amended.items())
    agencies_changed = agencies is not None and {a.pk for a in agencies} != set(
        meeting.agencies.values_list("pk", flat=True)
    )
    if not (meeting_changed or agencies_changed or changed_actions or new_actions):
        raise RuleBroken(NOTHING_AMENDED)
    for field, value in amended.items():
        setattr(meeting, field, value)
    # The meeting's own history row carries the amendment's reason, even when only its actions changed.
    meeting._history_user = by
    meeting._change_reason = reason.strip()
    meeting.save()
    if agencies_changed:
        meeting.agencies.set(agencies)
    for action in changed_actions:
        action._history_user = by
        action._change_reason = reason.strip()
        action.save()
    added = [MappaAction(meeting=meeting, **action) for action in new_actions]
    if added:
        bulk_create_with_history(added, MappaAction, default_user=by, default_change_reason=reason.strip())
    return meeting


def meeting_history(meeting) -> list[dict]:
    """Every amendment of the meeting, newest first: when, by whom, why, and what changed (the meeting's fields
    and its actions'), from the history rows. Four queries whatever the number of amendments."""
    meeting_rows = list(meeting.history.select_related("history_user").order_by("history_date", "history_id"))
    action_rows = list(
        MappaAction.history.filter(meeting_id=meeting.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    agencies = dict(
        Agency.objects.filter(pk__in={row.owner_agency_id for row in action_rows}).values_list("pk", "name")
    )
    users = {
        user.pk: user.get_full_name() or user.username
        for user in User.objects.filter(pk__in={row.owner_user_id for row in action_rows})
    }

    def owner(row) -> str:
        parts = [users.get(row.owner_user_id), row.owner_name, agencies.get(row.owner_agency_id)]
        return ", ".join(part for part in parts if part)

    entries = []
    for before, after in zip(meeting_rows, meeting_rows[1:], strict=False):
        changes = [
            {"field": MappaMeeting._meta.get_field(change.field).verbose_name, "old": change.old, "new": change.new}
            for change in after.diff_against(before, included_fields=list(AMENDABLE_MEETING_FIELDS)).changes
        ]
        entries.append(
            {
                "at": after.history_date,
                "by": after.history_user,
                "reason": after.history_change_reason or "",
                "version": after.version,
                "changes": changes,
            }
        )
    by_version = {entry["version"]: entry for entry in entries}
    previous = {}
    for row in action_rows:
        if row.history_change_reason is None and row.history_type == "+" and row.id not in previous:
            previous[row.id] = row
            continue  # recorded with the meeting
        entry = _entry_for_action_row(row, meeting_rows, by_version)
        if entry is None:
            previous[row.id] = row
            continue
        old = previous.get(row.id)
        if row.history_type == "+":
            entry["changes"].append({"field": "Action added", "old": "", "new": row.description})
        elif old is not None:
            for change in row.diff_against(old, included_fields=["description", "due_on"]).changes:
                label = MappaAction._meta.get_field(change.field).verbose_name
                entry["changes"].append({"field": f"Action: {label}", "old": change.old, "new": change.new})
            if owner(row) != owner(old):
                entry["changes"].append({"field": "Action: owner", "old": owner(old), "new": owner(row)})
        previous[row.id] = row
    return list(reversed(entries))


def _entry_for_action_row(row, meeting_rows, by_version):
    """The amendment an action's history row belongs to: the meeting row saved in the same amendment (same
    reason and user, just before it)."""
    for meeting_row in reversed(meeting_rows):
        if meeting_row.history_date <= row.history_date and meeting_row.history_change_reason:
            if meeting_row.history_change_reason == row.history_change_reason:
                return by_version.get(meeting_row.version)
            return None
    return None


@transaction.atomic
def mark_action_done(action, *, by, done_on: date) -> MappaAction:
    """The owner marks their action done, or the case's officer or manager records it on the owner's behalf
    (the page then shows both names). Anyone else is refused, whatever the page offered."""
    action = MappaAction.objects.select_for_update().select_related("meeting__case__team__pdu").get(pk=action.pk)
    if not may_mark_action_done(by, action):
        raise PermissionDenied
    if action.done_on is not None:
        return action
    action.done_on = done_on
    action.done_recorded_by = by
    action._history_user = by
    action.save(update_fields=["done_on", "done_recorded_by", "updated_at"])
    return action


def flag_overdue_mappa_actions(*, on: date) -> int:
    """Actions past their due date are flagged to their owner's line manager: the owner's own manager when
    the owner is a member of staff, otherwise (another agency owns it) the responsible officer's manager,
    who oversees the case's plan. Once per action per due date, in a constant number of statements
    (mappa/services/sweeps.py)."""
    from mappa.services.sweeps import flag_all_overdue_mappa_actions

    return flag_all_overdue_mappa_actions(on=on)
