"""Enforcement decisions: the decisions each kind of supervision allows, the rules every decision keeps (a
rationale, evidence from this case, alternatives to recall), the escalation rules for warnings in force, the recall
recommendation it starts, the absence flags it closes, and who is told."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from supervision import roles
from supervision.models import (
    AbsenceDecisionFlag,
    Case,
    Contact,
    EnforcementDecision,
    EnforcementPolicy,
    Notification,
    Recall,
    RecallEvent,
    UnroutedItem,
)
from supervision.models.recalls import RecallQuerySet
from supervision.permissions import may_record_enforcement_decision
from supervision.services import enforcement as services
from supervision.services.allegations import record_police_intelligence
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import decided_allegation
from supervision.tests.enforcement_factories import decide, unacceptable_absence
from supervision.tests.factories import CaseFactory, ContactFactory, StaffFactory

pytestmark = pytest.mark.django_db

Kind = EnforcementDecision.Kind
TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], started_on=TODAY - timedelta(days=200)
    )
    return people


@pytest.fixture
def case(team):
    return team["case"]


def order(team, supervision_type=Case.SupervisionType.COMMUNITY_ORDER):
    return CaseFactory(
        responsible_officer=team["officer"],
        team=team["team"],
        started_on=TODAY - timedelta(days=200),
        supervision_type=supervision_type,
    )


def refused(message_part, call, *args, **kwargs) -> RuleBroken:
    with pytest.raises(RuleBroken) as error:
        call(*args, **kwargs)
    messages = [rule.message for rule in error.value.every_rule]
    assert any(message_part in message for message in messages), messages
    return error.value


def test_a_warning_is_in_force_for_the_policys_days_from_the_day_it_is_given(case):
    policy = EnforcementPolicy.current()
    policy.warning_in_force_days = 180
    policy.save()

    warning = decide(case, Kind.WARNING, days_ago=10)

    assert warning.in_force_until == TODAY - timedelta(days=10) + timedelta(days=180)
    assert list(case.enforcement_decisions.warnings_in_force(on=TODAY)) == [warning]
    assert warning.history.count() == 1


def test_a_decision_is_never_edited_or_deleted_only_answered_by_another(case):
    decision = decide(case, Kind.WARNING)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        EnforcementDecision.objects.filter(pk=decision.pk).update(rationale="Thought better of it.")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        EnforcementDecision.objects.filter(pk=decision.pk).delete()


def test_no_further_action_needs_no_evidence_and_has_no_period_in_force(case):
    decision = decide(case, Kind.NO_FURTHER_ACTION)

    assert decision.in_force_until is None
    assert not decision.contacts.exists()


@pytest.mark.parametrize("kind", [Kind.RECALL_STANDARD, Kind.RECALL_FIXED_TERM, Kind.RECALL_EMERGENCY])
def test_a_community_order_cannot_be_recalled(team, kind):
    community = order(team)

    error = refused("is not a decision for a community order", decide, community, kind)

    assert error.field == "kind"
    assert not EnforcementDecision.objects.exists()


@pytest.mark.parametrize("supervision_type", [Case.SupervisionType.LICENCE, Case.SupervisionType.PSS])
def test_a_licence_or_post_sentence_supervision_goes_to_recall_not_breach(team, supervision_type):
    licence = order(team, supervision_type)

    refused("Breach proceedings is not a decision for", decide, licence, Kind.BREACH)


def test_a_suspended_sentence_order_can_go_to_breach(team):
    suspended = order(team, Case.SupervisionType.SSO)

    assert decide(suspended, Kind.BREACH).kind == Kind.BREACH


def test_every_decision_says_why(case):
    error = refused(services.RATIONALE_REQUIRED, decide, case, Kind.NO_FURTHER_ACTION, rationale="  ")

    assert error.field == "rationale"


def test_a_recall_says_which_alternatives_were_considered(case):
    refused(services.ALTERNATIVES_REQUIRED, decide, case, Kind.RECALL_STANDARD, alternatives_considered=" ")

    assert not Recall.objects.exists()


def test_alternatives_are_kept_only_for_a_recall(case):
    decision = decide(case, Kind.WARNING, alternatives_considered="Typed before choosing a warning.")

    assert decision.alternatives_considered == ""


def test_a_decision_cannot_be_dated_in_the_future_or_before_supervision_started(case):
    refused(services.DECIDED_IN_THE_FUTURE, decide, case, Kind.NO_FURTHER_ACTION, days_ago=-1)
    refused("on or after the start of supervision", decide, case, Kind.NO_FURTHER_ACTION, days_ago=201)


@pytest.mark.parametrize("kind", [Kind.WARNING, Kind.FINAL_WARNING, Kind.RECALL_STANDARD])
def test_acting_on_a_failure_needs_evidence_of_it(case, kind):
    error = refused("Select the evidence for the", decide, case, kind, evidence={})

    assert error.field == "evidence"


def test_evidence_from_another_case_is_refused_and_nothing_is_written(team, case):
    other = CaseFactory(started_on=case.started_on)
    elsewhere = {
        "allegations": [decided_allegation(other)],
        "contacts": [unacceptable_absence(other)],
        "police_intelligence": [
            record_police_intelligence(
                other,
                by=other.responsible_officer,
                received_on=TODAY,
                source="Police",
                description="Stopped driving.",
                relevance="HIGH",
            )
        ],
    }

    error = refused(services.ALLEGATION_NOT_ON_CASE, decide, case, Kind.WARNING, evidence=elsewhere)

    assert {rule.message for rule in error.every_rule} >= {
        services.ALLEGATION_NOT_ON_CASE,
        services.CONTACT_NOT_ON_CASE,
        services.INTELLIGENCE_NOT_ON_CASE,
    }
    assert not EnforcementDecision.objects.exists()


def test_an_appointment_the_person_kept_is_not_evidence_of_a_failure(case):
    kept = ContactFactory(case=case, outcome=Contact.Outcome.ATTENDED_COMPLIED)

    refused("choose only failed or missed appointments", decide, case, Kind.WARNING, evidence={"contacts": [kept]})


def test_a_final_warning_may_follow_serious_non_compliance_without_an_earlier_warning(case):
    final = decide(case, Kind.FINAL_WARNING)

    assert final.is_in_force_on(TODAY)


def test_a_second_final_warning_while_one_is_in_force_is_refused(case):
    decide(case, Kind.WARNING, days_ago=60)
    decide(case, Kind.FINAL_WARNING, days_ago=30)

    refused("A final warning given on", decide, case, Kind.FINAL_WARNING)
    assert decide(case, Kind.RECALL_STANDARD).is_recall


def test_a_final_warning_no_longer_in_force_does_not_stop_another(case):
    policy = EnforcementPolicy.current()
    policy.warning_in_force_days = 30
    policy.save()
    decide(case, Kind.FINAL_WARNING, days_ago=40)

    assert decide(case, Kind.FINAL_WARNING).kind == Kind.FINAL_WARNING


def test_on_a_community_order_a_failure_while_a_warning_is_in_force_goes_to_breach(team):
    community = order(team)
    decide(community, Kind.WARNING, days_ago=20)

    refused("goes to breach proceedings", decide, community, Kind.WARNING)
    refused("goes to breach proceedings", decide, community, Kind.FINAL_WARNING)
    assert decide(community, Kind.BREACH).kind == Kind.BREACH


def test_a_closed_case_takes_no_decision(team):
    closed = CaseFactory(responsible_officer=team["officer"], team=team["team"], status=Case.Status.CLOSED)

    refused(services.CASE_NOT_ACTIVE, decide, closed, Kind.NO_FURTHER_ACTION)


def test_a_recall_decision_recommends_the_recall_with_the_endorsement_deadline(case):
    now = timezone.now()

    decision = decide(case, Kind.RECALL_EMERGENCY, now=now)

    recall = decision.recall
    policy = EnforcementPolicy.current()
    assert (recall.status, recall.kind) == (Recall.Status.RECOMMENDED, Recall.Kind.EMERGENCY)
    assert (recall.recommended_by, recall.recommended_at) == (case.responsible_officer, now)
    assert recall.endorse_by == now + timedelta(hours=policy.emergency_recall_endorse_hours)
    assert list(recall.events.values_list("action", "from_status", "to_status")) == [
        (RecallEvent.Action.RECOMMENDED, "", Recall.Status.RECOMMENDED)
    ]


def test_a_standard_recall_has_the_standard_deadline(case):
    now = timezone.now()

    recall = decide(case, Kind.RECALL_STANDARD, now=now).recall

    assert recall.endorse_by == now + timedelta(hours=EnforcementPolicy.current().standard_recall_endorse_hours)


def test_a_second_recall_while_one_is_in_progress_is_refused(case):
    decide(case, Kind.RECALL_STANDARD)

    error = refused(services.RECALL_IN_PROGRESS, decide, case, Kind.RECALL_EMERGENCY)

    assert error.field == "kind"
    assert EnforcementDecision.objects.count() == Recall.objects.count() == 1


def test_the_unique_constraint_gives_the_same_message_when_the_check_is_raced(case, monkeypatch):
    decide(case, Kind.RECALL_STANDARD)
    # As if a second officer's check ran before the first recall was committed.
    monkeypatch.setattr(RecallQuerySet, "in_progress", lambda self: self.none())

    refused(services.RECALL_IN_PROGRESS, decide, case, Kind.RECALL_FIXED_TERM)

    assert EnforcementDecision.objects.count() == Recall.objects.count() == 1


def test_a_decision_closes_the_open_flags_of_the_absences_it_links(case):
    absence, other = unacceptable_absence(case, days_ago=20), unacceptable_absence(case, days_ago=15)
    flags = [
        AbsenceDecisionFlag.objects.create(
            case=case, contact=contact, due_on=TODAY - timedelta(days=5), opened_on=TODAY - timedelta(days=4)
        )
        for contact in (absence, other)
    ]

    decision = decide(case, Kind.WARNING, evidence={"contacts": [absence]})

    flags[0].refresh_from_db()
    flags[1].refresh_from_db()
    assert (flags[0].resolution, flags[0].decision) == (AbsenceDecisionFlag.Resolution.DECIDED, decision)
    assert flags[0].resolved_at is not None
    assert flags[1].resolved_at is None
    assert list(Contact.objects.awaiting_enforcement_decision(decision_days=7)) == [other]


def test_the_line_manager_is_told_of_a_recall_recommendation_and_the_email_waits_for_the_commit(
    team, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decision = decide(case, Kind.RECALL_STANDARD)
    notification = Notification.objects.get()
    assert notification.recipient == team["manager"]
    assert notification.case == case
    assert notification.url == decision.recall.get_absolute_url()
    assert callbacks  # the e-mail is queued for after the commit, never sent inside it


def test_nobody_to_tell_records_the_recall_as_unrouted_work(team, case):
    for who in ("manager", "deputy", "head"):
        team[who].is_active = False
        team[who].save()
    decide(case, Kind.RECALL_STANDARD)

    assert UnroutedItem.objects.get().kind == UnroutedItem.Kind.RECALL_ENDORSEMENT


@pytest.mark.parametrize("who", ["officer", "manager", "deputy", "head"])
def test_the_cases_own_people_may_record_a_decision(team, case, who):
    assert may_record_enforcement_decision(team[who], case)


@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.AUDITOR, roles.MAPPA_COORDINATOR])
def test_administrators_auditors_and_coordinators_may_not_record_a_decision(team, case, role):
    assert not may_record_enforcement_decision(StaffFactory(role=role, profile__team=team["team"]), case)


def test_another_officer_in_the_team_or_in_another_team_may_not_record_a_decision(team, case):
    assert not may_record_enforcement_decision(team["colleague"], case)
    assert not may_record_enforcement_decision(managed_team()["officer"], case)
