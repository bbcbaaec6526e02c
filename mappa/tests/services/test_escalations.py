"""The escalation queue: exactly once per rejection, due dates, step-up, the HoPP's decision."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from caseworks.errors import InvalidTransition
from mappa.models import Escalation, Referral, ReferralEvent
from mappa.services import escalations as svc
from mappa.tests.factories import EscalationFactory, RejectedMappaReferralFactory, managed_team
from supervision.models import Notification, UnroutedItem
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
Level = Escalation.Level
Action = ReferralEvent.Action
MONDAY = date(2026, 3, 2)


@pytest.fixture
def team():
    return managed_team()


@pytest.fixture
def rejected(team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    return RejectedMappaReferralFactory(case=case)


def test_a_rejection_goes_to_the_line_managers_queue_due_in_5_working_days(rejected, team):
    assert svc.escalate_rejected_referrals(on=MONDAY) == 1
    escalation = Escalation.objects.get()
    assert escalation.assigned_to == team["manager"]
    assert escalation.due_on == date(2026, 3, 9)
    assert escalation.level == Level.LINE_MANAGER
    assert list(rejected.events.values_list("action", flat=True)) == [Action.ESCALATED_TO_LINE_MANAGER]
    assert Notification.objects.get().recipient == team["manager"]


def test_the_due_date_is_configurable(rejected, settings):
    settings.MAPPA_ESCALATION_DUE_WORKING_DAYS = 2
    svc.escalate_rejected_referrals(on=MONDAY)
    assert Escalation.objects.get().due_on == date(2026, 3, 4)


def test_running_the_sweep_again_adds_nothing(rejected):
    svc.escalate_rejected_referrals(on=MONDAY)
    assert svc.escalate_rejected_referrals(on=MONDAY) == 0
    assert svc.escalate_rejected_referrals(on=MONDAY, referral_id=rejected.pk) == 0
    assert Escalation.objects.count() == 1
    assert rejected.events.count() == 1
    assert Notification.objects.count() == 1


def test_a_closed_escalation_is_never_reopened_by_the_sweep(rejected, team):
    escalation = svc.escalate_rejected_referral(rejected.pk, on=MONDAY)
    svc.accept_rejection(escalation, by=team["manager"], rationale="Agreed.")
    assert svc.escalate_rejected_referrals(on=MONDAY) == 0


def test_the_database_refuses_a_second_escalation_at_the_same_level(rejected, team):
    EscalationFactory(referral=rejected, assigned_to=team["manager"])
    with pytest.raises(IntegrityError), transaction.atomic():
        EscalationFactory(referral=rejected, assigned_to=team["deputy"])


def test_only_rejected_mappa_referrals_are_escalated(team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    RejectedMappaReferralFactory(case=case, status=Referral.Status.SENT)
    RejectedMappaReferralFactory(case=case, kind=Referral.Kind.CHILDRENS_SOCIAL_CARE, mappa_category=None)
    assert svc.escalate_rejected_referrals(on=MONDAY) == 0


def test_with_both_line_managers_away_the_head_of_public_protection_takes_the_rejection(rejected, team):
    for person in (team["manager"], team["deputy"]):
        person.is_active = False
        person.save()
    assert svc.escalate_rejected_referrals(on=MONDAY) == 1
    assert Escalation.objects.get().assigned_to == team["head"]


def test_a_rejection_with_nobody_to_route_to_is_listed_as_unrouted_until_someone_is_back(rejected, team):
    for person in (team["manager"], team["deputy"], team["head"]):
        person.is_active = False
        person.save()
    assert svc.escalate_rejected_referrals(on=MONDAY) == 0
    assert svc.escalate_rejected_referrals(on=MONDAY) == 0  # a second run adds no second unrouted item
    item = UnroutedItem.objects.get()
    assert (item.kind, item.object_key, item.resolved_at) == (
        UnroutedItem.Kind.REJECTED_REFERRAL,
        f"referral:{rejected.pk}",
        None,
    )
    team["deputy"].is_active = True
    team["deputy"].save()
    assert svc.escalate_rejected_referrals(on=MONDAY) == 1
    assert Escalation.objects.get().assigned_to == team["deputy"]
    item.refresh_from_db()
    assert item.resolved_at is not None and item.resolved_by is None


@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_escalate_each_rejection_exactly_once(team):
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    referrals = [RejectedMappaReferralFactory(case=case) for _ in range(5)]
    barrier = threading.Barrier(4)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait()
            results.append(svc.escalate_rejected_referrals(on=MONDAY))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 5
    assert Escalation.objects.count() == 5
    for referral in referrals:
        assert referral.events.filter(action=Action.ESCALATED_TO_LINE_MANAGER).count() == 1
    assert Notification.objects.filter(recipient=team["manager"]).count() == 5


# Line manager's decisions ------------------------------------------------------------------------------


@pytest.fixture
def escalation(rejected):
    return svc.escalate_rejected_referral(rejected.pk, on=MONDAY)


def test_accepting_the_rejection_closes_it_and_tells_the_officer(escalation, team):
    svc.accept_rejection(escalation, by=team["manager"], rationale="The unit is right.")
    svc.accept_rejection(escalation, by=team["manager"], rationale="The unit is right.")
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.CLOSED
    assert escalation.resolution == Escalation.Resolution.REJECTION_ACCEPTED
    assert escalation.referral.events.filter(action=Action.REJECTION_ACCEPTED).count() == 1
    assert Notification.objects.filter(recipient=team["officer"]).count() == 1
    with pytest.raises(InvalidTransition):
        svc.request_more_information(escalation, by=team["manager"], rationale="?")


def test_asking_for_more_information_and_the_officers_answer(escalation, team):
    svc.request_more_information(escalation, by=team["manager"], rationale="What did the police say?")
    assert Escalation.objects.get().status == Escalation.Status.MORE_INFORMATION
    svc.provide_information(escalation, by=team["officer"], information="Stopped driving while disqualified.")
    assert Escalation.objects.get().status == Escalation.Status.OPEN
    assert Notification.objects.filter(recipient=team["officer"]).count() == 1
    assert Notification.objects.filter(recipient=team["manager"]).count() == 2


def test_escalating_to_the_head_of_public_protection(escalation, team):
    upper = svc.escalate_to_head_of_public_protection(
        escalation, by=team["manager"], rationale="Conflicting accounts and intelligence.", on=date(2026, 3, 4)
    )
    again = svc.escalate_to_head_of_public_protection(escalation, by=team["manager"], rationale="x", on=MONDAY)
    assert upper == again
    assert upper.level == Level.HEAD_OF_PUBLIC_PROTECTION and upper.assigned_to == team["head"]
    assert upper.due_on == date(2026, 3, 11)
    assert upper.previous == escalation
    assert Escalation.objects.get(pk=escalation.pk).resolution == Escalation.Resolution.ESCALATED
    assert Notification.objects.filter(recipient=team["head"]).count() == 1


# Automatic step-up -----------------------------------------------------------------------------------------


def test_an_escalation_not_acted_on_by_its_due_date_steps_up_and_both_managers_are_told(escalation, team):
    assert escalation.due_on == date(2026, 3, 9)
    assert svc.step_up_overdue_escalations(on=date(2026, 3, 9)) == 0  # due today: not yet overdue
    assert svc.step_up_overdue_escalations(on=date(2026, 3, 10)) == 1
    assert svc.step_up_overdue_escalations(on=date(2026, 3, 11)) == 0
    escalation.refresh_from_db()
    assert escalation.resolution == Escalation.Resolution.STEPPED_UP
    assert escalation.resolved_by is None
    upper = escalation.next
    assert upper.assigned_to == team["head"]
    assert escalation.referral.events.filter(action=Action.STEPPED_UP).count() == 1
    told = Notification.objects.filter(subject__contains="overdue").values_list("recipient", flat=True)
    assert set(told) == {team["manager"].pk, team["head"].pk}


def test_an_escalation_awaiting_information_still_steps_up_when_overdue(escalation, team):
    svc.request_more_information(escalation, by=team["manager"], rationale="?")
    assert svc.step_up_overdue_escalations(on=date(2026, 3, 10)) == 1


# Head of Public Protection -------------------------------------------------------------------------------


@pytest.fixture
def hopp_escalation(escalation, team):
    return svc.escalate_to_head_of_public_protection(escalation, by=team["manager"], rationale="Disagree.", on=MONDAY)


def test_upholding_keeps_the_rejection(hopp_escalation, team):
    svc.uphold_rejection(hopp_escalation, by=team["head"], rationale="Level 1 is sufficient.")
    assert Referral.objects.get().status == Referral.Status.REJECTED
    assert Escalation.objects.get(pk=hopp_escalation.pk).resolution == Escalation.Resolution.REJECTION_UPHELD


def test_each_escalation_step_records_who_took_it_in_the_escalations_history(escalation, team):
    svc.request_more_information(escalation, by=team["manager"], rationale="?")
    upper = svc.escalate_to_head_of_public_protection(escalation, by=team["manager"], rationale="x", on=MONDAY)
    assert escalation.history.first().history_user == team["manager"]
    assert upper.history.get().history_user == team["manager"]
