"""Allocation and transfer: the line manager allocates a waiting case to an officer of the team with a reason; a
case moves to another officer or team with its work; every move is an append-only record, and the people who
receive the case are told. A case with no officer is a guarded state every notification and route copes with."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from caseworks.errors import RuleBroken, RulesBroken
from supervision import roles
from supervision.models import Case, CaseAccessLimit, CaseAllocation, Notification, OutboxEmail
from supervision.services import allocation
from supervision.services.access import set_access_limit
from supervision.services.intake import open_case
from supervision.services.notifications import notify
from supervision.services.routing import holder_of
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, RiskFlagFactory, StaffFactory, TeamFactory
from supervision.tests.intake_helpers import opening

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = open_case(opening(people["team"]), by=people["manager"])
    return people


def test_allocating_records_who_when_and_why_and_tells_the_officer(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        record = allocation.allocate_case(
            team["case"], officer=team["officer"], reason="Lowest caseload.", by=team["manager"]
        )

    case = Case.objects.get(pk=team["case"].pk)
    assert case.responsible_officer == team["officer"] and case.awaiting_allocation_since is None
    assert record.kind == CaseAllocation.Kind.ALLOCATED
    assert (record.to_officer, record.by, record.reason) == (team["officer"], team["manager"], "Lowest caseload.")
    assert case.history.first().history_user == team["manager"]
    told = Notification.objects.get(recipient=team["officer"], case=case)
    assert told.subject == "A case has been allocated to you"
    assert OutboxEmail.objects.filter(notification=told).exists()
    assert not Case.objects.awaiting_allocation().exists()


def test_allocating_again_to_the_same_officer_records_nothing_twice(team):
    first = allocation.allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    again = allocation.allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])

    assert again == first
    assert team["case"].allocations.filter(kind=CaseAllocation.Kind.ALLOCATED).count() == 1


def test_an_allocated_case_is_transferred_not_allocated_again(team):
    allocation.allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    with pytest.raises(RuleBroken) as refused:
        allocation.allocate_case(team["case"], officer=team["colleague"], reason="Two.", by=team["manager"])
    assert refused.value.message == allocation.ALREADY_ALLOCATED


def test_only_an_officer_of_the_team_with_a_reason_can_be_allocated(team):
    stranger = StaffFactory(role=roles.RESPONSIBLE_OFFICER)
    with pytest.raises(RulesBroken) as refused:
        allocation.allocate_case(team["case"], officer=stranger, reason=" ", by=team["manager"])
    assert {r.message for r in refused.value.every_rule} == {allocation.OFFICER_NOT_IN_TEAM, allocation.REASON_NEEDED}
    assert Case.objects.get(pk=team["case"].pk).responsible_officer is None


def test_the_caseload_size_counts_active_cases_only(team):
    CaseFactory.create_batch(3, responsible_officer=team["officer"], team=team["team"])
    CaseFactory(responsible_officer=team["officer"], team=team["team"], status=Case.Status.CLOSED)

    sizes = {o.pk: o.caseload_size for o in allocation.officers_of(team["team"])}

    assert sizes == {team["officer"].pk: 3, team["colleague"].pk: 0}


def test_a_transfer_to_another_officer_moves_the_case_and_its_flags_and_tells_them(team):
    allocation.allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    flag = RiskFlagFactory(case=team["case"])

    record = allocation.transfer_case(
        team["case"], team=team["team"], officer=team["colleague"], reason="Officer leaving.", by=team["manager"]
    )

    case = Case.objects.get(pk=team["case"].pk)
    assert case.responsible_officer == team["colleague"]
    assert record.kind == CaseAllocation.Kind.TRANSFERRED_OFFICER
    assert (record.from_officer, record.to_officer) == (team["officer"], team["colleague"])
    assert flag.case_id == case.pk
    assert Notification.objects.filter(recipient=team["colleague"], subject="A case has been transferred to you")


def test_a_transfer_to_another_team_lands_in_its_queue_and_tells_its_line_managers(team):
    allocation.allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    receiving = TeamFactory(pdu=team["team"].pdu)
    their_manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=receiving)

    record = allocation.transfer_case(team["case"], team=receiving, reason="Moved house.", by=team["manager"])

    case = Case.objects.get(pk=team["case"].pk)
    assert case.team == receiving and case.responsible_officer is None
    assert case.awaiting_allocation_since is not None
    assert record.kind == CaseAllocation.Kind.TRANSFERRED_TEAM and record.to_officer is None
    assert Notification.objects.get(recipient=their_manager).subject == (
        "A case transferred to your team is waiting for allocation"
    )


def test_a_transfer_to_another_team_can_name_the_receiving_officer(team):
    receiving = TeamFactory(pdu=team["team"].pdu)
    officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=receiving)

    allocation.transfer_case(team["case"], team=receiving, officer=officer, reason="Moved.", by=team["head"])

    case = Case.objects.get(pk=team["case"].pk)
    assert (case.team, case.responsible_officer) == (receiving, officer)


def test_a_line_manager_cannot_transfer_beyond_their_pdu(team):
    other_pdu = TeamFactory(pdu__region=team["team"].pdu.region)
    with pytest.raises(RuleBroken) as refused:
        allocation.transfer_case(team["case"], team=other_pdu, reason="Moved.", by=team["manager"])
    assert refused.value.message == allocation.TEAM_OUT_OF_REACH


def test_a_transfer_is_refused_when_the_receiving_officer_could_not_see_the_restricted_case(team):
    allocation.allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    set_access_limit(
        team["case"],
        kind=CaseAccessLimit.Kind.RESTRICTION,
        staff=[team["officer"], team["manager"]],
        message="Restricted.",
        reason="Family works here.",
        by=team["head"],
    )

    with pytest.raises(RuleBroken) as refused:
        allocation.transfer_case(
            team["case"], team=team["team"], officer=team["colleague"], reason="Two.", by=team["manager"]
        )

    assert refused.value.message == allocation.OFFICER_CANNOT_SEE_CASE
    assert Case.objects.get(pk=team["case"].pk).responsible_officer == team["officer"]
    assert team["case"].allocations.count() == 2  # opened, allocated: the refused transfer wrote nothing


def test_a_case_with_no_officer_must_be_waiting_and_one_waiting_has_no_officer():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(responsible_officer=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(awaiting_allocation_since=timezone.now())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_allocation_records_are_append_only(team):
    record = team["case"].allocations.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CaseAllocation.objects.filter(pk=record.pk).update(reason="Rewritten.")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        record.delete()


def test_work_for_a_waiting_case_goes_to_a_line_manager_of_its_team(team):
    holder = holder_of(team["case"], on=timezone.localdate())
    assert holder in (team["manager"], team["deputy"])

    notification = notify(None, event_key="test:waiting", subject="Something to do", case=team["case"], body="")

    assert notification.recipient == holder


def test_routing_a_waiting_case_passes_an_absent_team_manager_to_the_next(team):
    today = timezone.localdate()
    first = holder_of(team["case"], on=today)
    first.profile.absent_from = today - timedelta(days=1)
    first.profile.save()

    assert holder_of(team["case"], on=today) == ({team["manager"], team["deputy"]} - {first}).pop()
