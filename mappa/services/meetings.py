"""MAPPA level 2 and 3 meetings: who came, what was shared, the risk management plan's actions, decisions."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from caseworks.errors import RuleBroken
from mappa.models import MappaAction, MappaMeeting
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
