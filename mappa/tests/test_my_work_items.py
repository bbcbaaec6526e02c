""" "My work" against a generated caseload: every kind of work appears (supervision's and mappa's, through the
registry) and disappears when the thing is done through its service. In mappa's tests because it needs both."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mappa.services.meetings import mark_action_done, record_mappa_meeting
from mappa.services.referrals import record_response
from mappa.tests.factories import MappaActionFactory, MappaReferralFactory, ReferralFactory
from mappa.work_items import mappa_actions_due
from supervision import roles
from supervision.models import Case, Contact
from supervision.services.contacts import ContactDetails, record_contact, record_outcome
from supervision.services.risk import review_risk_flag
from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    HomeVisitTypeFactory,
    RiskFlagFactory,
    StaffFactory,
)
from supervision.tests.rule_factories import CaseContactRequirementFactory
from supervision.work import WORK_SOURCES, work_for

pytestmark = pytest.mark.django_db

ALL_KINDS = {
    "appointment",
    "outcome",
    "evidence",
    "contact-requirement",
    "risk-flag-review",
    "referral-response",
    "mappa-meeting",
    "mappa-action",
}


def _caseload(officer, size):
    """`size` quiet cases, and one case with work of every kind."""
    today = timezone.localdate()
    now = timezone.now()
    for _ in range(size):
        CaseFactory(responsible_officer=officer)
    case = CaseFactory(responsible_officer=officer, started_on=today - timedelta(days=40))
    office = ContactTypeFactory()
    world = {
        "case": case,
        "appointment": ContactFactory(
            case=case, contact_type=office, is_appointment=True, starts_at=now + timedelta(days=2), outcome=""
        ),
        "outcome": ContactFactory(
            case=case, contact_type=office, is_appointment=True, starts_at=now - timedelta(days=1), outcome=""
        ),
        "evidence": ContactFactory(
            case=case,
            contact_type=office,
            is_appointment=True,
            starts_at=now - timedelta(days=3),
            outcome=Contact.Outcome.FAILED_TO_ATTEND,
            evidence_due_on=today + timedelta(days=2),
        ),
        "requirement": CaseContactRequirementFactory(
            case=case, every_days=7, starts_on=case.started_on, ends_on=today + timedelta(days=60)
        ),
        "flag": RiskFlagFactory(case=case, next_review_on=today - timedelta(days=1)),
        "referral": ReferralFactory(
            case=case, sent_on=today - timedelta(days=20), response_due_on=today - timedelta(days=6)
        ),
        "overturned": MappaReferralFactory(
            case=case, status="ACCEPTED", meeting_due_on=today + timedelta(days=5), sent_on=today - timedelta(days=9)
        ),
        "action": MappaActionFactory(meeting__case=case, due_on=today + timedelta(days=3)),
        "home_visit_type": HomeVisitTypeFactory(),
    }
    return world


def _kinds(officer):
    cases = Case.objects.filter(responsible_officer=officer).select_related("responsible_officer")
    return [item.kind for item in work_for(cases, now=timezone.now())]


@pytest.fixture
def officer():
    return StaffFactory(role=roles.RESPONSIBLE_OFFICER)


def test_mappa_registers_its_kinds_of_work():
    assert {"referral-response", "mappa-meeting", "mappa-action"} <= {source.kind for source in WORK_SOURCES}


def test_every_kind_of_work_appears_most_urgent_first(officer):
    _caseload(officer, 3)
    kinds = _kinds(officer)
    assert set(kinds) == ALL_KINDS
    cases = Case.objects.filter(responsible_officer=officer).select_related("responsible_officer")
    items = work_for(cases, now=timezone.now())
    overdue = [item.is_overdue for item in items]
    assert overdue == sorted(overdue, reverse=True), "overdue work comes first"
    not_overdue = [item.due_on for item in items if not item.is_overdue]
    assert not_overdue == sorted(not_overdue)


def test_each_kind_disappears_when_it_is_done(officer):
    world = _caseload(officer, 2)
    today, now = timezone.localdate(), timezone.now()

    record_outcome(world["outcome"], outcome=Contact.Outcome.ATTENDED_COMPLIED, by=officer)
    assert "outcome" not in _kinds(officer)

    record_outcome(
        world["evidence"],
        outcome=Contact.Outcome.ACCEPTABLE_ABSENCE,
        absence_reason=Contact.AbsenceReason.MEDICAL,
        reason="Sick note received.",
        by=officer,
    )
    assert "evidence" not in _kinds(officer)

    details = ContactDetails(
        contact_type=world["home_visit_type"],
        starts_at=now - timedelta(hours=1),
        outcome=Contact.Outcome.ATTENDED_COMPLIED,
    )
    record_contact(world["case"], details, by=officer)
    assert "contact-requirement" not in _kinds(officer)

    review_risk_flag(world["flag"], reviewed_on=today, next_review_on=today + timedelta(days=90), by=officer)
    assert "risk-flag-review" not in _kinds(officer)

    record_response(world["referral"], by=officer, response="Assessment opened.", responded_by_name="Duty team")
    assert "referral-response" not in _kinds(officer)

    mark_action_done(world["action"], by=officer, done_on=today)
    assert "mappa-action" not in _kinds(officer)

    record_mappa_meeting(
        world["case"],
        by=officer,
        held_on=today,
        level=2,
        chair="DI Sarah Kent",
        attendees="Probation: the responsible officer",
        referral=world["overturned"],
    )
    assert "mappa-meeting" not in _kinds(officer)

    assert _kinds(officer) == ["appointment"]


def test_an_appointment_becomes_an_outcome_to_record_once_its_time_has_passed(officer):
    world = _caseload(officer, 0)
    later = world["appointment"].starts_at + timedelta(minutes=1)
    cases = Case.objects.filter(pk=world["case"].pk).select_related("responsible_officer")
    items = work_for(cases, now=later, kinds=["appointment", "outcome"])
    assert [item.kind for item in items] == ["outcome", "outcome"]
    assert any(item.url.endswith(f"/contacts/{world['appointment'].pk}/outcome/") for item in items)


def test_a_mappa_action_shows_while_due_this_week_not_only_once_overdue(officer):
    case = CaseFactory(responsible_officer=officer)
    today = timezone.localdate()
    soon = MappaActionFactory(meeting__case=case, due_on=today + timedelta(days=6))
    MappaActionFactory(meeting__case=case, due_on=today + timedelta(days=20))
    items = list(mappa_actions_due({case.pk: case}, today=today, now=timezone.now()))
    assert [(item.url.rstrip("/").split("/")[-1], item.is_overdue) for item in items] == [(str(soon.meeting_id), False)]


@pytest.mark.parametrize("size", [2, 20])
def test_the_list_costs_the_same_queries_whatever_the_caseload(officer, size, django_assert_max_num_queries):
    for _ in range(size):
        _caseload(officer, 1)
    cases = Case.objects.filter(responsible_officer=officer).select_related("responsible_officer")
    # One query per work source (supervision's, recalls in progress, enforcement's unacceptable absences with the
    # policy's days, management oversight's actions, mappa's), whatever the size.
    with django_assert_max_num_queries(20):
        items = work_for(cases, now=timezone.now())
    assert len({item.case_id for item in items}) == size
