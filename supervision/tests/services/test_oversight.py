"""Management oversight: who may record it, what it keeps, and an action's one step (done, with a note)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken, RulesBroken
from caseworks.submissions import StaleEdit
from supervision import roles
from supervision.models import OversightAction, OversightActionEvent, OversightRecord
from supervision.models.oversight import open_oversight_actions
from supervision.services import oversight as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, StaffFactory
from supervision.tests.oversight_factories import record_oversight

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def test_a_line_manager_records_oversight_with_actions_each_set_with_an_event(team):
    record = record_oversight(
        team["case"],
        team["manager"],
        actions=[("Refer to children's social care", 2), ("Home visit", 7)],
        areas=["CONTACTS", "VICTIMS"],
    )

    assert record.areas == ["CONTACTS", "VICTIMS"]
    actions = list(record.actions.order_by("due_on"))
    assert [a.description for a in actions] == ["Refer to children's social care", "Home visit"]
    assert all(a.case == team["case"] and a.status == OversightAction.Status.OPEN for a in actions)
    assert OversightActionEvent.objects.filter(action__record=record, step="SET").count() == 2


@pytest.mark.parametrize("who", ["manager", "deputy", "head"])
def test_the_officers_manager_their_cover_and_the_head_of_public_protection_may_record_oversight(team, who):
    assert record_oversight(team["case"], team[who]).pk


@pytest.mark.parametrize("who", ["officer", "colleague"])
def test_officers_cannot_record_oversight_on_their_own_or_a_colleagues_case(team, who):
    with pytest.raises(PermissionDenied):
        record_oversight(team["case"], team[who])
    assert not OversightRecord.objects.exists()


def test_a_manager_who_holds_the_case_themself_cannot_oversee_it(team):
    case = CaseFactory(responsible_officer=team["manager"], team=team["team"])

    with pytest.raises(PermissionDenied):
        record_oversight(case, team["manager"])


def test_a_manager_outside_the_team_is_refused():
    other = managed_team()
    mine = managed_team()
    case = CaseFactory(responsible_officer=mine["officer"], team=mine["team"])

    with pytest.raises(PermissionDenied):
        record_oversight(case, other["manager"])


def test_every_broken_rule_is_reported_together_and_nothing_is_saved(team):
    with pytest.raises(RulesBroken) as error:
        services.record_oversight(
            team["case"],
            by=team["manager"],
            reviewed_on=TODAY + timedelta(days=1),
            what_was_reviewed=" ",
            decision="",
            actions=[services.NewAction("Visit", TODAY)],
        )

    messages = {rule.message for rule in error.value.every_rule}
    assert services.REVIEWED_IN_THE_FUTURE in messages
    assert services.WHAT_REVIEWED_REQUIRED in messages
    assert services.DECISION_REQUIRED in messages
    assert services.ACTION_DUE_IN_THE_PAST in messages
    assert not OversightRecord.objects.exists()


def test_the_officer_marks_an_action_done_with_a_note_and_twice_changes_nothing(team):
    record = record_oversight(team["case"], team["manager"], actions=[("Home visit", 3)])
    action = record.actions.get()

    services.mark_action_done(action, by=team["officer"], note="Visited; partner seen alone")
    services.mark_action_done(action, by=team["officer"], note="Again")

    action.refresh_from_db()
    assert action.status == OversightAction.Status.DONE
    assert action.done_note == "Visited; partner seen alone"
    assert action.done_on == TODAY
    assert list(action.events.values_list("step", flat=True)) == ["SET", "DONE"]


def test_marking_done_needs_a_note_and_a_day_not_in_the_future(team):
    action = record_oversight(team["case"], team["manager"], actions=[("Home visit", 3)]).actions.get()

    with pytest.raises(RulesBroken) as error:
        services.mark_action_done(action, by=team["officer"], note="", done_on=TODAY + timedelta(days=1))

    assert {r.message for r in error.value.every_rule} == {services.DONE_NOTE_REQUIRED, services.DONE_IN_THE_FUTURE}


def test_a_done_action_from_a_stale_form_is_refused(team):
    action = record_oversight(team["case"], team["manager"], actions=[("Home visit", 3)]).actions.get()

    with pytest.raises(StaleEdit):
        services.mark_action_done(action, by=team["officer"], note="Done", expected_version=action.version + 1)


def test_another_officer_in_the_team_cannot_mark_an_action_done(team):
    action = record_oversight(team["case"], team["manager"], actions=[("Home visit", 3)]).actions.get()

    with pytest.raises(PermissionDenied):
        services.mark_action_done(action, by=team["colleague"], note="Done")


def test_open_oversight_actions_are_due_soonest_first_with_the_overdue_marked(team):
    old = record_oversight(team["case"], team["manager"], reviewed_on=TODAY - timedelta(days=10), actions=[("Late", 2)])
    record_oversight(team["case"], team["manager"], actions=[("Soon", 1), ("Later", 5)])
    done = record_oversight(team["case"], team["manager"], actions=[("Done already", 1)]).actions.get()
    services.mark_action_done(done, by=team["officer"], note="Done")
    elsewhere = CaseFactory()
    record_oversight(elsewhere, _manager_of(elsewhere), actions=[("Not this team", 1)])

    actions = list(open_oversight_actions(team["team"].cases.all(), on=TODAY))

    assert [(a.description, a.is_overdue) for a in actions] == [("Late", True), ("Soon", False), ("Later", False)]
    assert actions[0].record == old


def _manager_of(case):
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team)
    case.responsible_officer.profile.line_manager = manager
    case.responsible_officer.profile.save()
    return manager


def test_an_oversight_record_cannot_be_rewritten(team):
    record = record_oversight(team["case"], team["manager"])

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        OversightRecord.objects.filter(pk=record.pk).update(decision="Something else")


def test_an_action_description_is_required(team):
    with pytest.raises(RuleBroken, match=services.ACTION_DESCRIPTION_REQUIRED):
        services.record_oversight(
            team["case"],
            by=team["manager"],
            reviewed_on=TODAY,
            what_was_reviewed="x",
            decision="y",
            actions=[services.NewAction(" ", TODAY)],
        )
