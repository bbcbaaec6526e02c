"""MAPPA meetings: review dates from the level, and overdue actions flagged to their owners' managers."""

from datetime import date

import pytest

from caseworks.errors import RuleBroken
from mappa.models import MappaAction, MappaMeeting
from mappa.services.meetings import (
    MEETING_IN_THE_FUTURE,
    REVIEW_BEFORE_THE_MEETING,
    flag_overdue_mappa_actions,
    mark_action_done,
    next_review_on,
    record_mappa_meeting,
)
from mappa.tests.factories import MappaActionFactory, MappaMeetingFactory, managed_team
from supervision.models import Notification
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_next_review_follows_the_levels_configurable_period(settings):
    assert next_review_on(date(2026, 3, 2), 2) == date(2026, 6, 22)  # 16 weeks
    assert next_review_on(date(2026, 3, 2), 3) == date(2026, 4, 27)  # 8 weeks
    settings.MAPPA_LEVEL_2_REVIEW_WEEKS = 12
    assert next_review_on(date(2026, 3, 2), 2) == date(2026, 5, 25)


def test_a_meeting_is_recorded_with_its_actions():
    case = CaseFactory()
    meeting = record_mappa_meeting(
        case,
        by=case.responsible_officer,
        held_on=date(2026, 3, 2),
        level=2,
        chair="DI Kent",
        attendees="RO",
        enforcement_decision="FINAL",
        actions=[{"description": "Final warning", "owner_user": case.responsible_officer, "due_on": date(2026, 3, 4)}],
    )
    assert meeting.actions.get().owner_user == case.responsible_officer
    assert meeting.next_review_on == date(2026, 6, 22)


def test_overdue_actions_are_flagged_to_the_owners_manager_once():
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    meeting = MappaMeetingFactory(case=case, held_on=date(2026, 3, 1))
    mine = MappaActionFactory(meeting=meeting, owner_user=team["officer"], due_on=date(2026, 3, 5))
    MappaActionFactory(meeting=meeting, due_on=date(2026, 3, 5), done_on=date(2026, 3, 4))  # done
    MappaActionFactory(meeting=meeting, due_on=date(2026, 3, 20))  # not due
    police = MappaActionFactory(meeting=meeting, due_on=date(2026, 3, 5))  # another agency's

    flag_overdue_mappa_actions(on=date(2026, 3, 6))
    assert flag_overdue_mappa_actions(on=date(2026, 3, 7)) == 0
    keys = set(Notification.objects.values_list("recipient__username", "event_key"))
    assert keys == {
        (team["manager"].username, f"mappa-action-overdue:{mine.pk}:2026-03-05"),
        (team["officer"].username, f"mappa-action-overdue:{mine.pk}:2026-03-05"),
        (team["manager"].username, f"mappa-action-overdue:{police.pk}:2026-03-05"),
    }


def test_a_meeting_and_its_actions_record_who_wrote_them_in_their_history():
    case = CaseFactory()
    officer = case.responsible_officer
    meeting = record_mappa_meeting(
        case,
        by=officer,
        held_on=date(2026, 3, 2),
        level=2,
        chair="DI Kent",
        attendees="RO",
        actions=[
            {"description": "Final warning", "owner_user": officer, "due_on": date(2026, 3, 4)},
            {"description": "Share intelligence", "owner_name": "DI Kent", "due_on": date(2026, 3, 9)},
        ],
        on=date(2026, 3, 2),
    )
    assert meeting.history.get().history_user == officer
    histories = MappaAction.history.filter(meeting_id=meeting.pk)
    assert histories.count() == 2
    assert {h.history_user for h in histories} == {officer}
    action = meeting.actions.first()
    mark_action_done(action, by=officer, done_on=date(2026, 3, 3))
    assert action.history.first().history_user == officer


@pytest.mark.parametrize(
    "held_on,next_review,field,message",
    [
        (date(2026, 3, 3), None, "held_on", MEETING_IN_THE_FUTURE),
        (date(2026, 3, 2), date(2026, 3, 1), "next_review_on", REVIEW_BEFORE_THE_MEETING),
    ],
)
def test_a_meeting_in_the_future_or_reviewed_before_it_was_held_is_refused(held_on, next_review, field, message):
    case = CaseFactory()
    with pytest.raises(RuleBroken, match=message) as refused:
        record_mappa_meeting(
            case,
            by=case.responsible_officer,
            held_on=held_on,
            level=2,
            chair="DI Kent",
            attendees="RO",
            next_review=next_review,
            on=date(2026, 3, 2),
        )
    assert refused.value.field == field
    assert not MappaMeeting.objects.exists()
