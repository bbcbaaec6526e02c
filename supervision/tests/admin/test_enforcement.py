"""Enforcement in the admin: administrators edit the one enforcement policy (never a second, never deleted, nonsense
refused in words); decisions, recalls, flags and the case's history are case records, read-only even for a
superuser, and administrators cannot open them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import (
    AbsenceDecisionFlag,
    Allegation,
    AllegationAccount,
    AllegationEvent,
    AllegationFinding,
    CaseAddress,
    CaseAllocation,
    CaseChange,
    EnforcementDecision,
    EnforcementPolicy,
    PoliceIntelligence,
    Recall,
    RecallEvent,
    VerificationStep,
)
from supervision.tests.allegation_factories import add_account, decided_allegation
from supervision.tests.factories import StaffFactory
from supervision.tests.services.absence_helpers import FIRST_LATE_DAY, case_with_absence, decide

pytestmark = pytest.mark.django_db

POLICY_FIELDS = {
    "unacceptable_absence_decision_days": 10,
    "tell_line_manager_after_days": 2,
    "warning_in_force_days": 365,
    "standard_recall_endorse_hours": 24,
    "standard_recall_countersign_hours": 24,
    "emergency_recall_endorse_hours": 2,
    "emergency_recall_countersign_hours": 2,
}
CASE_RECORDS = [
    EnforcementDecision,
    Recall,
    RecallEvent,
    AbsenceDecisionFlag,
    CaseAllocation,
    CaseChange,
    CaseAddress,
    Allegation,
    AllegationEvent,
    AllegationFinding,
    AllegationAccount,
    VerificationStep,
    PoliceIntelligence,
]


def admin_url(model, view, *args):
    return reverse(f"admin:supervision_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def administrator(client):
    user = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)
    client.force_login(user)
    return user


def test_an_administrator_changes_the_policy_and_its_history_records_who(client, administrator):
    policy = EnforcementPolicy.current()
    response = client.post(admin_url(EnforcementPolicy, "change", policy.pk), POLICY_FIELDS)
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.unacceptable_absence_decision_days == 10
    assert policy.history.first().history_user == administrator


def test_the_policy_is_added_once_when_none_is_stored_and_never_again(client, administrator):
    assert client.post(admin_url(EnforcementPolicy, "add"), POLICY_FIELDS).status_code == 302
    assert EnforcementPolicy.objects.get().pk == 1
    assert client.get(admin_url(EnforcementPolicy, "add")).status_code == 403


def test_the_policy_cannot_be_deleted(client, administrator):
    policy = EnforcementPolicy.current()
    assert client.post(admin_url(EnforcementPolicy, "delete", policy.pk), {"post": "yes"}).status_code == 403
    assert EnforcementPolicy.objects.exists()


def test_an_emergency_recall_slower_than_a_standard_one_is_refused_with_a_message(client, administrator):
    policy = EnforcementPolicy.current()
    response = client.post(
        admin_url(EnforcementPolicy, "change", policy.pk), {**POLICY_FIELDS, "emergency_recall_endorse_hours": 48}
    )
    assert response.status_code == 200
    assert "An emergency recall&#x27;s endorse deadline must be no longer than a standard recall&#x27;s" in (
        response.content.decode()
    )
    policy.refresh_from_db()
    assert policy.emergency_recall_endorse_hours == 2


def test_zero_days_to_decide_is_refused(client, administrator):
    policy = EnforcementPolicy.current()
    response = client.post(
        admin_url(EnforcementPolicy, "change", policy.pk), {**POLICY_FIELDS, "unacceptable_absence_decision_days": 0}
    )
    assert response.status_code == 200 and "Enter a number of 1 or more" in response.content.decode()


def test_officers_cannot_edit_the_policy(client):
    client.force_login(StaffFactory(role=roles.LINE_MANAGER, is_staff=True))
    assert client.get(admin_url(EnforcementPolicy, "change", EnforcementPolicy.current().pk)).status_code == 403


@pytest.fixture
def records():
    """One of each case record, through the factories the services' tests use."""
    team, case, absence = case_with_absence()
    decide(absence, by=team["officer"], on=FIRST_LATE_DAY)
    recommendation = decide(absence, by=team["officer"], kind=EnforcementDecision.Kind.RECALL_STANDARD)
    now = timezone.now()
    recall = Recall.objects.create(
        case=case,
        decision=recommendation,
        kind=Recall.Kind.STANDARD,
        recommended_by=team["officer"],
        recommended_at=now,
        endorse_by=now + timedelta(hours=24),
    )
    RecallEvent.objects.create(
        recall=recall,
        action=RecallEvent.Action.RECOMMENDED,
        to_status=recall.status,
        actor=team["officer"],
        happened_at=now,
    )
    allegation = decided_allegation(case)
    add_account(allegation)
    return case


@pytest.mark.parametrize("model", CASE_RECORDS, ids=lambda m: m.__name__)
def test_administrators_hold_no_permission_on_case_records(client, administrator, model):
    assert client.get(admin_url(model, "changelist")).status_code == 403


@pytest.mark.parametrize("model", CASE_RECORDS, ids=lambda m: m.__name__)
def test_a_superuser_reads_case_records_but_cannot_add_change_or_delete_them(client, model, records):
    client.force_login(StaffFactory(is_superuser=True, is_staff=True))
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 403
    record = model.objects.first()
    if record is None:
        return  # no recall or address in this world: the list page is enough
    page = client.get(admin_url(model, "change", record.pk))
    assert page.status_code == 200 and 'type="submit" value="Save"' not in page.content.decode()
    assert client.post(admin_url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_the_case_records_are_listed_for_the_role_permissions():
    for model in CASE_RECORDS:
        assert f"supervision.{model._meta.model_name}" in roles.CASE_RECORD_MODELS
    assert "supervision.enforcementpolicy" in roles.REFERENCE_DATA_MODELS
