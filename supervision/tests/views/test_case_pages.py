"""Pages: every case URL is refused outside scope, bad input saves nothing, and query counts stay flat."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import AcuteRiskFactor, Contact, LicenceCondition, RiskFlag
from supervision.tests.factories import (
    AcuteRiskFactorFactory,
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


@pytest.fixture
def case():
    case = CaseFactory(crn="D482913", address="27 Larkspur Road\nAvonford", postcode="AV4 7QT")
    ContactFactory(case=case)
    LicenceConditionFactory(case=case)
    KeyIndividualFactory(case=case)
    RiskFlagFactory(case=case)
    AcuteRiskFactorFactory(case=case)
    return case


def case_urls(case):
    """Every URL that shows or changes a case, with the ids of that case's records."""
    contact = case.contacts.first()
    condition = case.licence_conditions.first()
    person = case.key_individuals.first()
    flag = case.risk_flags.first()
    factor = case.acute_risk_factors.first()
    crn = {"crn": case.crn}
    names = [
        "case-detail",
        "case-contacts",
        "case-contact-requirements",
        "contact-create",
        "appointment-create",
        "case-chronology",
        "case-conditions",
        "condition-create",
        "standard-conditions-create",
        "case-key-individuals",
        "key-individual-create",
        "disclosure-create",
        "acute-risk-factor-create",
        "case-risk-flags",
        "risk-flag-create",
    ]
    urls = [reverse(f"supervision:{name}", kwargs=crn) for name in names]
    with_pk = [
        ("contact-detail", contact),
        ("contact-outcome", contact),
        ("contact-amend", contact),
        ("condition-vary", condition),
        ("condition-end", condition),
        ("key-individual-edit", person),
        ("acute-risk-factor-review", factor),
        ("risk-flag-review", flag),
        ("risk-flag-end", flag),
    ]
    urls += [reverse(f"supervision:{name}", kwargs={**crn, "pk": obj.pk}) for name, obj in with_pk]
    return urls


def test_the_responsible_officer_can_open_every_case_page(client, case):
    client.force_login(case.responsible_officer)
    for url in case_urls(case):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_teams_officer_gets_not_found_on_every_case_url(client, case, method):
    client.force_login(StaffFactory())
    for url in case_urls(case):
        assert getattr(client, method)(url).status_code == 404, url


def test_an_administrator_without_a_case_role_is_refused_every_case_url(client, case):
    admin = StaffFactory(role=roles.ADMINISTRATOR, profile__team=case.team)
    client.force_login(admin)
    for url in [*case_urls(case), reverse("supervision:caseload")]:
        assert client.get(url).status_code == 403, url


def test_a_line_manager_sees_an_officers_caseload_in_their_team(client, case):
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team)
    client.force_login(manager)
    response = client.get(reverse("supervision:caseload"), {"officer": case.responsible_officer.pk})
    assert list(response.context["page"].object_list) == [case]


def test_search_finds_visible_cases_by_crn_or_name_but_never_another_teams(client, case):
    other_team_case = CaseFactory(last_name=case.last_name)
    colleague = StaffFactory(profile__team=case.team)
    client.force_login(colleague)
    by_crn = client.get(reverse("supervision:caseload"), {"q": "d482913"})
    assert list(by_crn.context["page"].object_list) == [case]
    by_name = client.get(reverse("supervision:caseload"), {"q": case.last_name})
    assert case in by_name.context["page"].object_list
    assert other_team_case not in by_name.context["page"].object_list


def _contact_post(**overrides):
    when = timezone.localtime() - timedelta(hours=2)
    data = {
        "contact_type": HomeVisitTypeFactory().pk,
        "on_0": when.day,
        "on_1": when.month,
        "on_2": when.year,
        "at": when.strftime("%H:%M"),
        "made_by": "POLICE",
        "made_by_name": "PC Rachel Jones",
        "made_by_identifier": "4471",
        "made_by_agency": "",
        "location": "",
        "outcome": "ATTC",
        "notes": "Police home visit: present, no concerns.",
        "submission_token": "5b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11",
    }
    data.update(overrides)
    return data


def test_recording_a_police_home_visit_twice_with_the_same_form_saves_one(client, case):
    client.force_login(case.responsible_officer)
    url = reverse("supervision:contact-create", kwargs={"crn": case.crn})
    data = _contact_post()
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    contact = case.contacts.get(made_by=Contact.MadeBy.POLICE)
    assert contact.location == "27 Larkspur Road, Avonford, AV4 7QT"
    assert case.contacts.filter(made_by=Contact.MadeBy.POLICE).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"on_2": str(timezone.localdate().year + 1)}, "The date and time of the contact must be in the past"),
        ({"on_0": "31", "on_1": "2"}, "The date of the contact must be a real date"),
        ({"on_1": ""}, "The date of the contact must include a month"),
        ({"at": "25:00"}, "Enter the time of the contact as a real time, like 14:30"),
        ({"made_by_identifier": ""}, "Enter the police officer&#x27;s collar or warrant number"),
        ({"outcome": ""}, "Select the outcome"),
        ({"contact_type": ""}, "Select the type of contact"),
    ],
)
def test_bad_contact_input_shows_the_error_summary_and_saves_nothing(client, case, overrides, message):
    client.force_login(case.responsible_officer)
    before = Contact.objects.count()
    response = client.post(reverse("supervision:contact-create", kwargs={"crn": case.crn}), _contact_post(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert Contact.objects.count() == before


def test_booking_an_appointment_in_the_past_is_refused(client, case):
    client.force_login(case.responsible_officer)
    when = timezone.localtime() - timedelta(days=1)
    response = client.post(
        reverse("supervision:appointment-create", kwargs={"crn": case.crn}),
        {
            "contact_type": ContactTypeFactory().pk,
            "on_0": when.day,
            "on_1": when.month,
            "on_2": when.year,
            "at": "10:00",
            "submission_token": "0b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11",
        },
    )
    assert "The appointment must be in the future" in response.content.decode()
    assert not case.contacts.filter(is_appointment=True).exists()


def test_recording_failed_to_attend_shows_the_evidence_due_date(client, case):
    appointment = ContactFactory(
        case=case, is_appointment=True, outcome="", starts_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(case.responsible_officer)
    response = client.post(
        reverse("supervision:contact-outcome", kwargs={"crn": case.crn, "pk": appointment.pk}),
        {"outcome": "FTA"},
        follow=True,
    )
    appointment.refresh_from_db()
    assert appointment.evidence_due_on is not None
    assert f"{appointment.evidence_due_on:%-d %B %Y}" in response.content.decode()


def test_a_condition_ending_before_it_started_is_refused(client, case):
    condition = case.licence_conditions.get()
    client.force_login(case.responsible_officer)
    day = condition.started_on - timedelta(days=1)
    response = client.post(
        reverse("supervision:condition-end", kwargs={"crn": case.crn, "pk": condition.pk}),
        {"ended_on_0": day.day, "ended_on_1": day.month, "ended_on_2": day.year, "reason": "Ended"},
    )
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert LicenceCondition.objects.get(pk=condition.pk).ended_on is None


def test_the_acute_risk_banner_shows_until_the_review_is_recorded(client, case):
    factor = case.acute_risk_factors.get()
    client.force_login(case.responsible_officer)
    overview = reverse("supervision:case-detail", kwargs={"crn": case.crn})
    assert "Review the contact level and consider safeguarding referrals" in client.get(overview).content.decode()
    client.post(
        reverse("supervision:acute-risk-factor-review", kwargs={"crn": case.crn, "pk": factor.pk}),
        {"notes": "Weekly home visits; referral to children's social care made."},
    )
    assert AcuteRiskFactor.objects.get(pk=factor.pk).reviewed_by == case.responsible_officer
    assert "Review the contact level" not in client.get(overview).content.decode()


def test_an_overdue_flag_review_shows_as_overdue(client, case):
    today = timezone.localdate()
    RiskFlag.objects.filter(case=case).update(
        started_on=today - timedelta(days=200), next_review_on=today - timedelta(days=1)
    )
    client.force_login(case.responsible_officer)
    html = client.get(reverse("supervision:case-risk-flags", kwargs={"crn": case.crn})).content.decode()
    assert "Overdue" in html


def test_the_chronology_marks_sensitive_entries_and_filters_by_kind(client, case):
    ContactFactory(case=case, is_sensitive=True, notes="Victim reports a sighting")
    client.force_login(case.responsible_officer)
    url = reverse("supervision:case-chronology", kwargs={"crn": case.crn})
    everything = client.get(url).context["entries"]
    assert {entry.kind for entry in everything} == {"contacts", "conditions", "risk"}
    assert any(entry.is_sensitive and "Victim reports" in entry.description for entry in everything)
    only_conditions = client.get(url, {"kind": "conditions"}).context["entries"]
    assert {entry.kind for entry in only_conditions} == {"conditions"}


# Query counts: the same whatever the caseload or contact count. Every page also counts the user's unread
# notifications for the header (1). Pages showing contact requirements run the one computation
# (services.contact_requirements): with a rule and a case-level requirement in force, 10 queries (the rules
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


# Sign-in and scope (4), the count and the page of cases (2), their open flags (1), unread notifications (1).
CASELOAD_QUERIES = 8 + CONTACT_REQUIREMENT_QUERIES


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
CASE_PAGE_QUERIES = {
    "case-detail": 15 + 3 + CONTACT_REQUIREMENT_QUERIES,
    "case-chronology": 15 + 2,
    "case-contacts": 11,
    "case-contact-requirements": 8 + CONTACT_REQUIREMENT_QUERIES + 3,
}


@pytest.mark.parametrize("size", [10, 200])
@pytest.mark.parametrize("page", sorted(CASE_PAGE_QUERIES))
def test_case_pages_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries, size, page):
    case = _case_with_contacts(size)
    client.force_login(case.responsible_officer)
    with django_assert_max_num_queries(CASE_PAGE_QUERIES[page]):
        response = client.get(reverse(f"supervision:{page}", kwargs={"crn": case.crn}))
    assert response.status_code == 200


def test_chronology_shows_date_only_records_without_a_time(client):
    from supervision.tests.factories import LicenceConditionFactory

    condition = LicenceConditionFactory()
    client.force_login(condition.case.responsible_officer)
    response = client.get(reverse("supervision:case-chronology", kwargs={"crn": condition.case.crn}))
    assert f"{condition.started_on:%-d %B %Y}</time>" in response.text
    assert "00:00" not in response.text
