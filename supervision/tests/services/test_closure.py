"""Closing a case ends its contact requirements and closes its overdue flags in the same transaction; it leaves
caseloads and the overdue computation; a recall ends it the same way; reopening restores it, history kept."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import get_resolver

from caseworks.errors import RuleBroken
from caseworks.submissions import StaleEdit
from supervision.contact_requirements import contact_requirements
from supervision.models import Case, CaseChange, CaseContactRequirement, OverdueFlag
from supervision.services import closure
from supervision.services.case_changes import NOT_ALLOWED, REASON_REQUIRED
from supervision.services.overdue_contacts import flag_overdue_contacts
from supervision.tests.access_factories import managed_team
from supervision.tests.contact_requirements.helpers import START
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db

OVERDUE_DAY = START + timedelta(days=15)


@pytest.fixture
def team():
    return managed_team()


@pytest.fixture
def case(team):
    """A case overdue a home visit every 14 days, with a case-level requirement of a weekly visit."""
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Home visit every 14 days", every_days=14)
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"], started_on=START)
    CaseContactRequirementFactory(case=case, set_by=team["manager"], ends_on=START + timedelta(days=3650))
    return case


def close(case, by, **overrides):
    details = {
        "closure_reason": Case.ClosureReason.TRANSFERRED_OUT,
        "closed_on": OVERDUE_DAY,
        "reason": "Moved to Scotland: case transferred to the Scottish justice social work service.",
    }
    return closure.close_case(case, by=by, **{**details, **overrides})


def test_closing_ends_the_requirements_and_closes_the_overdue_flags_in_one_step(case, team):
    flag_overdue_contacts(on=OVERDUE_DAY)
    assert OverdueFlag.objects.open().filter(case=case).count() == 2

    change = close(case, team["manager"])

    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closed_on) == ("CLOSED", "TRANSFERRED_OUT", OVERDUE_DAY)
    assert change.kind == CaseChange.Kind.CLOSED and change.changes["status"] == {"from": "ACTIVE", "to": "CLOSED"}
    requirement = CaseContactRequirement.objects.get(case=case)
    assert (requirement.ended_on, requirement.ended_by) == (OVERDUE_DAY, team["manager"])
    assert requirement.end_reason == "The case was closed: transferred out of the service"
    assert not OverdueFlag.objects.open().filter(case=case).exists()
    assert set(OverdueFlag.objects.values_list("resolution", flat=True)) == {OverdueFlag.Resolution.CASE_CLOSED}


def test_a_closed_case_leaves_caseloads_and_the_overdue_computation(case, team):
    close(case, team["manager"])
    assert not Case.objects.active().filter(pk=case.pk).exists()
    assert contact_requirements(on=OVERDUE_DAY, cases=Case.objects.filter(pk=case.pk)) == []
    run = flag_overdue_contacts(on=OVERDUE_DAY + timedelta(days=1))
    assert (run.opened, run.closed) == (0, 0)


def test_the_officer_may_not_close_their_own_case(case, team):
    with pytest.raises(RuleBroken) as refused:
        close(case, team["officer"])
    assert refused.value.message == NOT_ALLOWED
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE


def test_a_closure_needs_a_reason_a_past_date_and_no_recall(case, team):
    with pytest.raises(RuleBroken) as refused:
        close(case, team["head"], closure_reason="RECALLED", closed_on=START + timedelta(days=9999), reason=" ")
    assert {rule.message for rule in refused.value.every_rule} == {
        closure.CLOSURE_REASON_REQUIRED,
        closure.CLOSED_IN_THE_FUTURE,
        REASON_REQUIRED,
    }
    assert not CaseChange.objects.exists()


def test_a_closure_from_a_stale_form_is_refused(case, team):
    opened_at = case.version
    close(case, team["manager"])
    with pytest.raises(StaleEdit):
        closure.reopen_case(case, reason="Closed by mistake", by=team["manager"], expected_version=opened_at)


def test_a_recall_ends_the_case_as_recalled_and_a_second_recall_changes_nothing(case, team):
    flag_overdue_contacts(on=OVERDUE_DAY)
    first = closure.record_recall(
        case, recalled_on=OVERDUE_DAY, reason="Recall decision: standard recall", by=team["head"]
    )
    again = closure.record_recall(
        case, recalled_on=OVERDUE_DAY, reason="Recall decision: standard recall", by=team["head"]
    )
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (Case.Status.RECALLED, Case.ClosureReason.RECALLED)
    assert first == again and CaseChange.objects.filter(kind=CaseChange.Kind.RECALLED).count() == 1
    assert not OverdueFlag.objects.open().exists()
    assert CaseContactRequirement.objects.get().ended_on == OVERDUE_DAY


def test_only_the_recall_workflow_ends_a_case_as_recalled():
    # The closure form never offers a recall; the recall's own pages (endorsed and countersigned first) do.
    assert Case.ClosureReason.RECALLED not in closure.CLOSING_REASONS
    names = [pattern.name or "" for pattern in get_resolver("supervision.urls").url_patterns]
    assert [name for name in names if "recall" in name and not name.startswith("recall-")] == []


def test_reopening_restores_the_case_and_keeps_the_closure_in_the_history(case, team):
    close(case, team["manager"])
    change = closure.reopen_case(case, reason="Closed by mistake: the transfer was refused", by=team["manager"])
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason) == ("ACTIVE", None, "")
    assert change.changes["closure_reason"] == {"from": "TRANSFERRED_OUT", "to": ""}
    assert list(case.changes.order_by("pk").values_list("kind", flat=True)) == ["CLOSED", "REOPENED"]
    assert "CLOSED" in case.history.values_list("status", flat=True)
    assert Case.objects.active().filter(pk=case.pk).exists()


def test_only_a_closed_case_can_be_reopened_and_only_by_a_manager(case, team):
    with pytest.raises(RuleBroken) as refused:
        closure.reopen_case(case, reason="x", by=team["manager"])
    assert refused.value.message == closure.NOT_CLOSED
    close(case, team["manager"])
    with pytest.raises(RuleBroken) as refused:
        closure.reopen_case(case, reason="x", by=team["officer"])
    assert refused.value.message == NOT_ALLOWED


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "CLOSED", "closed_on": None, "closure_reason": "DIED"},
        {"status": "CLOSED", "closed_on": START, "closure_reason": ""},
        {"status": "CLOSED", "closed_on": START, "closure_reason": "RECALLED"},
        {"status": "ACTIVE", "closed_on": START, "closure_reason": ""},
        {"status": "ACTIVE", "closed_on": None, "closure_reason": "DIED"},
        {"status": "RECALLED", "closed_on": START, "closure_reason": "DIED"},
    ],
)
def test_the_database_keeps_the_closure_and_the_status_together(case, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(**fields)
