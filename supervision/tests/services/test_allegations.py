"""Allegations of breach: recording against the conditions in force, investigating, findings and their
revisits, withdrawal, police intelligence, and the action table every state change goes through."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.submissions import StaleEdit
from supervision.models import Allegation, AllegationEvent, AllegationFinding, BankHoliday, Case, VerificationStep
from supervision.models.allegations import ALLEGATION_TRANSITIONS, open_allegations_past_due
from supervision.services import allegations as services
from supervision.tests.allegation_factories import add_account, decided_allegation, record_allegation
from supervision.tests.factories import CaseFactory, ContactFactory, LicenceConditionFactory, StaffFactory

pytestmark = pytest.mark.django_db

Status = Allegation.Status
Outcome = AllegationFinding.Outcome
Action = AllegationEvent.Action
TODAY = timezone.localdate()


@pytest.fixture
def case():
    return CaseFactory(started_on=TODAY - timedelta(days=60))


def test_recording_an_allegation_writes_its_recorded_history_row(case):
    allegation = record_allegation(case)

    assert allegation.status == Status.RECEIVED
    assert list(allegation.events.values_list("action", "from_status", "to_status")) == [
        (Action.RECEIVED, "", Status.RECEIVED)
    ]
    assert allegation.history.count() == 1


def test_a_condition_not_in_force_on_the_date_of_the_alleged_event_is_refused_and_nothing_is_written(case):
    later = LicenceConditionFactory(case=case, started_on=TODAY - timedelta(days=5))

    with pytest.raises(RuleBroken) as refused:
        record_allegation(case, conditions=[later], days_ago=10)

    assert refused.value.field == "conditions"
    assert "was not in force" in refused.value.message
    assert not Allegation.objects.exists()


def test_an_ended_condition_counts_on_a_date_while_it_was_in_force(case):
    ended = LicenceConditionFactory(
        case=case, started_on=case.started_on, ended_on=TODAY - timedelta(days=5), end_reason="Varied."
    )

    allegation = record_allegation(case, conditions=[ended], days_ago=10)

    assert list(allegation.conditions.all()) == [ended]


def test_another_cases_condition_is_refused(case):
    elsewhere = LicenceConditionFactory(case=CaseFactory(started_on=case.started_on))

    with pytest.raises(RuleBroken, match="was not in force"):
        record_allegation(case, conditions=[elsewhere])


def test_every_broken_rule_is_reported_at_once(case):
    with pytest.raises(RuleBroken) as refused:
        services.record_allegation(
            case,
            by=case.responsible_officer,
            received_on=TODAY + timedelta(days=1),
            alleged_on=TODAY + timedelta(days=3),
            reported_by="VICTIM",
            channel="PHONE",
            conditions=[],
            description=" ",
            urgency="ROUTINE",
        )

    fields = {rule.field for rule in refused.value.every_rule}
    assert fields == {"received_on", "alleged_on", "description", "conditions"}


def test_the_first_response_is_due_by_the_local_policy_for_its_urgency_in_working_days(case, settings):
    settings.ALLEGATION_FIRST_RESPONSE_WORKING_DAYS = {"IMMEDIATE": 0, "URGENT": 1, "ROUTINE": 5}
    friday = date(2026, 11, 20)
    BankHoliday.objects.create(day=date(2026, 11, 23), name="A Monday holiday")

    assert services.first_response_due(friday, "IMMEDIATE") == friday
    assert services.first_response_due(friday, "URGENT") == date(2026, 11, 24)
    assert services.first_response_due(friday, "ROUTINE") == date(2026, 11, 30)


def test_an_officer_may_set_an_earlier_or_later_due_date_but_not_before_it_was_received(case):
    allegation = record_allegation(case, first_response_due_on=TODAY + timedelta(days=10))
    assert allegation.first_response_due_on == TODAY + timedelta(days=10)

    with pytest.raises(RuleBroken) as refused:
        record_allegation(case, first_response_due_on=TODAY - timedelta(days=30))
    assert refused.value.field == "first_response_due_on"


def test_the_first_account_starts_the_investigation_once(case):
    allegation = record_allegation(case)

    add_account(allegation)
    add_account(allegation, given_by="VICTIM", account="He was there, I saw him.")

    allegation.refresh_from_db()
    assert allegation.status == Status.INVESTIGATING
    assert allegation.events.filter(action=Action.INVESTIGATION_STARTED).count() == 1
    assert allegation.accounts.count() == 2


def test_a_verification_step_links_the_cases_contacts_and_refuses_another_cases(case):
    allegation = record_allegation(case)
    visit = ContactFactory(case=case)

    step = services.add_verification_step(
        allegation,
        by=case.responsible_officer,
        kind=VerificationStep.Kind.HOME_VISIT,
        carried_out_on=TODAY,
        result="Mother confirms he was home.",
        contacts=[visit],
    )
    assert list(step.contacts.all()) == [visit]

    with pytest.raises(RuleBroken, match="contacts on this case"):
        services.add_verification_step(
            allegation,
            by=case.responsible_officer,
            kind=VerificationStep.Kind.CCTV,
            carried_out_on=TODAY,
            result="Nothing.",
            contacts=[ContactFactory()],
        )
    assert allegation.verification_steps.count() == 1


def test_a_finding_needs_an_account_or_a_check_first(case):
    allegation = record_allegation(case)

    with pytest.raises(RuleBroken, match=services.FINDING_NEEDS_INVESTIGATION):
        services.record_finding(allegation, by=case.responsible_officer, outcome=Outcome.SUBSTANTIATED, rationale="x")
    assert not AllegationFinding.objects.exists()


def test_a_finding_with_no_rationale_is_refused_and_changes_nothing(case):
    allegation = record_allegation(case)
    add_account(allegation)

    with pytest.raises(RuleBroken) as refused:
        services.record_finding(allegation, by=case.responsible_officer, outcome=Outcome.SUBSTANTIATED, rationale="  ")

    assert refused.value.message == services.RATIONALE_REQUIRED
    allegation.refresh_from_db()
    assert allegation.status == Status.INVESTIGATING
    assert allegation.finding == ""
    assert not AllegationFinding.objects.exists()


def test_unable_to_determine_conflicting_accounts_is_recorded_with_who_decided_and_when(case):
    allegation = record_allegation(case)
    add_account(allegation)

    finding = services.record_finding(
        allegation,
        by=case.responsible_officer,
        outcome=Outcome.UNABLE_TO_DETERMINE,
        rationale="Her account and his mother's contradict each other.",
        decided_on=TODAY - timedelta(days=1),
    )

    allegation.refresh_from_db()
    assert allegation.status == Status.FINDING_MADE
    assert allegation.get_finding_display() == "Unable to determine – conflicting accounts"
    assert (finding.decided_by, finding.decided_on) == (case.responsible_officer, TODAY - timedelta(days=1))
    assert allegation.events.filter(action=Action.FINDING_RECORDED).get().reason == finding.rationale


def test_a_second_first_finding_is_refused_with_a_pointer_to_revisit(case):
    allegation = decided_allegation(case)

    with pytest.raises(RuleBroken, match="revisit it instead"):
        services.record_finding(allegation, by=case.responsible_officer, outcome=Outcome.SUBSTANTIATED, rationale="x")
    assert allegation.findings.count() == 1


def test_revisiting_keeps_the_earlier_finding_and_the_latest_is_current(case):
    allegation = decided_allegation(case, outcome=Outcome.NOT_SUBSTANTIATED)
    manager = StaffFactory()
    first = allegation.findings.get()

    revised = services.revisit_finding(
        allegation,
        by=manager,
        outcome=Outcome.UNABLE_TO_DETERMINE,
        rationale="His denial no longer stands.",
        reason="Police stopped him driving while disqualified.",
    )

    allegation.refresh_from_db()
    assert allegation.finding == Outcome.UNABLE_TO_DETERMINE
    assert revised.replaces == first
    assert list(allegation.findings.all()) == [revised, first]
    assert allegation.events.filter(action=Action.FINDING_REVISITED).get().actor == manager


def test_revisiting_needs_a_reason_and_a_finding(case):
    allegation = decided_allegation(case)
    with pytest.raises(RuleBroken, match=services.REVISIT_REASON_REQUIRED):
        services.revisit_finding(
            allegation, by=case.responsible_officer, outcome=Outcome.SUBSTANTIATED, rationale="x", reason=""
        )
    undecided = record_allegation(case)
    with pytest.raises(RuleBroken, match=services.NO_FINDING_TO_REVISIT):
        services.revisit_finding(
            undecided, by=case.responsible_officer, outcome=Outcome.SUBSTANTIATED, rationale="x", reason="y"
        )
    assert AllegationFinding.objects.count() == 1


def test_a_withdrawn_allegation_takes_no_finding_account_or_check(case):
    allegation = record_allegation(case)
    services.withdraw_allegation(allegation, by=case.responsible_officer, reason="Reported in error by the VLO.")

    with pytest.raises(RuleBroken, match="withdrawn"):
        add_account(allegation)
    with pytest.raises(RuleBroken, match="withdrawn"):
        services.record_finding(allegation, by=case.responsible_officer, outcome=Outcome.SUBSTANTIATED, rationale="x")
    allegation.refresh_from_db()
    assert allegation.status == Status.WITHDRAWN
    assert not allegation.accounts.exists()


def test_withdrawing_needs_a_reason_is_refused_after_a_finding_and_twice_changes_nothing(case):
    allegation = record_allegation(case)
    with pytest.raises(RuleBroken, match=services.WITHDRAWAL_REASON_REQUIRED):
        services.withdraw_allegation(allegation, by=case.responsible_officer, reason="")
    services.withdraw_allegation(allegation, by=case.responsible_officer, reason="Retracted.")
    services.withdraw_allegation(allegation, by=case.responsible_officer, reason="Retracted.")
    assert allegation.events.filter(action=Action.WITHDRAWN).count() == 1

    with pytest.raises(RuleBroken, match="revisit the finding instead"):
        services.withdraw_allegation(decided_allegation(case), by=case.responsible_officer, reason="No.")


def test_a_finding_from_a_stale_form_is_refused(case):
    allegation = record_allegation(case)
    add_account(allegation)
    seen = Allegation.objects.get(pk=allegation.pk).version
    services.withdraw_allegation(allegation, by=case.responsible_officer, reason="Retracted.")

    with pytest.raises(StaleEdit):
        services.record_finding(
            allegation,
            by=case.responsible_officer,
            outcome=Outcome.SUBSTANTIATED,
            rationale="x",
            expected_version=seen,
        )
    assert not AllegationFinding.objects.exists()


def test_every_action_has_its_own_edge_and_nothing_leaves_a_withdrawn_allegation():
    assert ALLEGATION_TRANSITIONS[Action.FINDING_RECORDED].from_states == {Status.INVESTIGATING}
    assert all(Status.WITHDRAWN not in step.from_states for step in ALLEGATION_TRANSITIONS.values())


def test_the_database_refuses_a_finding_without_a_rationale_or_a_finding_state_without_a_finding(case):
    allegation = record_allegation(case)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allegation.objects.filter(pk=allegation.pk).update(status=Status.FINDING_MADE)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllegationFinding.objects.create(
            allegation=allegation,
            outcome=Outcome.SUBSTANTIATED,
            rationale="",
            decided_on=TODAY,
            decided_by=case.responsible_officer,
        )


def test_police_intelligence_is_recorded_and_may_link_only_this_cases_allegation(case):
    allegation = record_allegation(case)
    report = services.record_police_intelligence(
        case,
        by=case.responsible_officer,
        received_on=TODAY,
        source="Wessex Police",
        description="Stopped driving while disqualified.",
        relevance="HIGH",
        allegation=allegation,
    )
    assert list(allegation.police_intelligence.all()) == [report]

    with pytest.raises(RuleBroken, match="allegation on this case"):
        services.record_police_intelligence(
            case,
            by=case.responsible_officer,
            received_on=TODAY,
            source="Wessex Police",
            description="Something.",
            relevance="LOW",
            allegation=record_allegation(CaseFactory()),
        )


def test_open_allegations_past_due_are_those_nobody_has_responded_to_by_their_due_date(case):
    late = record_allegation(case, days_ago=10, first_response_due_on=TODAY - timedelta(days=2))
    responded = record_allegation(case, days_ago=10, first_response_due_on=TODAY - timedelta(days=2))
    add_account(responded)
    record_allegation(case, days_ago=1, first_response_due_on=TODAY + timedelta(days=1))
    other = CaseFactory()
    record_allegation(other, days_ago=10, first_response_due_on=TODAY - timedelta(days=2))

    assert list(open_allegations_past_due(Case.objects.none(), on=TODAY)) == []
    assert list(open_allegations_past_due(Case.objects.filter(pk=case.pk), on=TODAY)) == [late]


@pytest.mark.parametrize("cases", [1, 6])
def test_open_allegations_past_due_is_one_query_whatever_the_number_of_cases(cases, django_assert_num_queries):
    officer = StaffFactory()
    for _ in range(cases):
        case = CaseFactory(responsible_officer=officer, started_on=TODAY - timedelta(days=60))
        record_allegation(case, days_ago=10, first_response_due_on=TODAY - timedelta(days=2))

    with django_assert_num_queries(1):
        late = [
            (a.case.crn, a.case.responsible_officer.pk)
            for a in open_allegations_past_due(officer.caseload.all(), on=TODAY)
        ]

    assert len(late) == cases
