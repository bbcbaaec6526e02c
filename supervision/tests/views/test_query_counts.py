"""Every list and case page costs the same number of queries whatever the caseload or the number of records."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    HomeVisitTypeFactory,
    KeyIndividualFactory,
    LicenceConditionFactory,
    RiskFlagFactory,
    StaffFactory,
)
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db


# Query counts: the same whatever the caseload or contact count. Every page also counts the user's unread
# notifications for the header (1). Pages showing contact requirements run the one computation
# (supervision.contact_requirements): with a rule and a case-level requirement in force, 10 queries (the rules
# with their contact types and two kinds of risk flag, the case-level requirements with their contact types, all
# contact types, the cases' facts and open flags, and the latest qualifying contacts), however many cases.
CONTACT_REQUIREMENT_QUERIES = 10


def _with_a_contact_rule():
    """A fortnightly home visit for every case, so the contact requirement computation runs in full."""
    HomeVisitTypeFactory()
    ContactRuleFactory(name="Fortnightly home visit", every_days=14)


def _caseload_of(officer, size):
    _with_a_contact_rule()
    for _ in range(size):
        case = CaseFactory(responsible_officer=officer)
        ContactFactory(case=case)
        RiskFlagFactory(case=case)
    CaseContactRequirementFactory(case=case)


# Sign-in and scope (4), the count, the page's ids in order and the page's cases with their contact summary (3),
# their open flags (1), unread notifications (1), the cases past their end date (1).
CASELOAD_QUERIES = 10 + CONTACT_REQUIREMENT_QUERIES


@pytest.mark.parametrize("size", [10, 200])
def test_the_caseload_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    officer = StaffFactory()
    _caseload_of(officer, size)
    client.force_login(officer)
    with django_assert_max_num_queries(CASELOAD_QUERIES):
        response = client.get(reverse("supervision:caseload"))
    assert response.context["page"].paginator.count == size
    # The Contact column: every case on the page has its status (none has had a home visit in 30 days).
    assert all(case.contact_status.worst.is_overdue for case in response.context["page"].object_list)
    assert response.text.count('data-label="Contact"') == min(size, 50)


def _case_with_contacts(size):
    _with_a_contact_rule()
    case = CaseFactory()
    CaseContactRequirementFactory(case=case)
    contact_type = ContactTypeFactory()
    person = KeyIndividualFactory(case=case)
    for n in range(size):
        ContactFactory(
            case=case,
            contact_type=contact_type,
            key_individual=person,
            starts_at=timezone.now() - timedelta(hours=n + 1),
        )
    LicenceConditionFactory(case=case)
    RiskFlagFactory(case=case)
    return case


# Sign-in and scope (session, user, roles, profile, the case) plus the identity bar and acute risk banner
# cost 7, the unread notification count 1; the rest is one query per kind of record on the page, including
# mappa's (mappa.case_record: two chronology sources, three open work sources). The overview's open work and
# its contact requirements panel share one computation; the contact requirements tab adds the open overdue
# flags and the case-level requirements with their contact types (3).
# Every case page writes its audit row: one INSERT, in a savepoint inside the test's transaction (3).
ALLOCATION_RECORDS = 1  # the chronology's allocation and transfer entries (supervision/case_record/allocation.py)
AUDIT_ROW = 4  # the audit row, and whether the case is access-limited (its row is then written first)
# Allegations (supervision.case_record.allegations): one open work source, and five chronology queries (steps,
# findings, accounts, checks, police intelligence).
ALLEGATION_OPEN_WORK, ALLEGATION_CHRONOLOGY = 1, 5
# The overview's compliance summary (supervision.services.compliance): the counts, the warnings in force and the
# last contact; the chronology's programme enrolment steps (supervision.case_record.programmes).
COMPLIANCE_SUMMARY, PROGRAMME_CHRONOLOGY = 3, 1
# Unacceptable absences waiting for an enforcement decision (supervision.case_record.open_work): the policy, the
# absences.
ABSENCE_OPEN_WORK = 2
# Recalls (supervision.case_record.recalls): the recall in progress in the open work, its steps on the chronology.
RECALL_OPEN_WORK, RECALL_CHRONOLOGY = 1, 1
# Management oversight (supervision.case_record.oversight): one open work source (its actions), and five chronology
# queries at most (records and their actions, actions done, case reviews and their judgements).
OVERSIGHT_OPEN_WORK, OVERSIGHT_CHRONOLOGY = 1, 5
# Enforcement (supervision.case_record.enforcement): the decisions on the chronology.
ENFORCEMENT_CHRONOLOGY = 1
CASE_PAGE_QUERIES = {
    "case-detail": 15
    + 3
    + CONTACT_REQUIREMENT_QUERIES
    + AUDIT_ROW
    + ALLEGATION_OPEN_WORK
    + COMPLIANCE_SUMMARY
    + ABSENCE_OPEN_WORK
    + RECALL_OPEN_WORK
    + OVERSIGHT_OPEN_WORK,
    # One more for the changes to the case (supervision/case_record/case_changes.py).
    "case-chronology": 15
    + 2
    + 1
    + ALLOCATION_RECORDS
    + AUDIT_ROW
    + ALLEGATION_CHRONOLOGY
    + PROGRAMME_CHRONOLOGY
    + RECALL_CHRONOLOGY
    + OVERSIGHT_CHRONOLOGY
    + ENFORCEMENT_CHRONOLOGY,
    "case-contacts": 11 + AUDIT_ROW,
    "case-contact-requirements": 8 + CONTACT_REQUIREMENT_QUERIES + 3 + AUDIT_ROW,
}


@pytest.mark.parametrize("size", [10, 200])
@pytest.mark.parametrize("page", sorted(CASE_PAGE_QUERIES))
def test_case_pages_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries, size, page):
    case = _case_with_contacts(size)
    client.force_login(case.responsible_officer)
    with django_assert_max_num_queries(CASE_PAGE_QUERIES[page]):
        response = client.get(reverse(f"supervision:{page}", kwargs={"crn": case.crn}))
    assert response.status_code == 200
