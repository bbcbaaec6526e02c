"""A line manager sets (and ends early) a contact requirement for one case; officers see it on the case's
"Contact requirements" tab, inside the case record, and on the overview."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseworks.tests.form_client import guards
from supervision import roles
from supervision.contact_requirements import for_case
from supervision.models import Case, CaseContactRequirement, Region
from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    HomeVisitTypeFactory,
    StaffFactory,
)
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    HomeVisitTypeFactory()
    return CaseFactory(crn="D482913", first_name="Damien", last_name="Hollis")


@pytest.fixture
def manager(case):
    return StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team, first_name="Helen", last_name="Carter")


def tab_url(case):
    return reverse("supervision:case-contact-requirements", kwargs={"crn": case.crn})


def create_url(case):
    return reverse("supervision:case-requirement-create", kwargs={"crn": case.crn})


def end_url(requirement):
    return reverse("supervision:case-requirement-end", kwargs={"crn": requirement.case.crn, "pk": requirement.pk})


def _post(**overrides):
    today = timezone.localdate()
    ends = today + timedelta(days=56)
    data = {
        "contact_description": "Home visit",
        "counts_home_visits": "on",
        "contacts_needed": "1",
        "every_days": "7",
        "starts_on_0": today.day,
        "starts_on_1": today.month,
        "starts_on_2": today.year,
        "ends_on_0": ends.day,
        "ends_on_1": ends.month,
        "ends_on_2": ends.year,
        "reason": "New relationship with a vulnerable, pregnant partner.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_tab_sits_in_the_case_record_with_the_identity_bar_and_sub_navigation(client, case):
    ContactRuleFactory(name="Fortnightly home visits", every_days=14)
    client.force_login(case.responsible_officer)
    response = client.get(tab_url(case))
    html = response.text
    assert response.status_code == 200
    assert "moj-identity-bar" in html and "moj-sub-navigation" in html
    assert f'href="{tab_url(case)}" aria-current="page">Contact requirements</a>' in html
    assert "Home visit every 14 days" in html
    # An officer cannot change the contact level of their own case.
    assert create_url(case) not in html


def test_a_line_manager_sets_a_requirement_and_it_applies_at_once_with_its_history(client, case, manager):
    client.force_login(manager)
    page = client.get(tab_url(case))
    assert create_url(case) in page.text

    response = client.post(create_url(case), _post())

    assert response.status_code == 302 and response.url == tab_url(case)
    requirement = CaseContactRequirement.objects.get(case=case)
    assert requirement.set_by == manager and requirement.every_days == 7 and requirement.counts_home_visits
    assert requirement.history.get().history_user == manager
    statuses = for_case(case, on=timezone.localdate())
    assert [s.frequency for s in statuses.statuses] == ["Home visit every 7 days"]
    html = client.get(tab_url(case)).text
    assert "Case-level requirement set by Helen Carter" in html
    assert "New relationship with a vulnerable, pregnant partner." in html


def test_a_double_click_sets_one_requirement(client, case, manager):
    client.force_login(manager)
    data = {**guards(client, create_url(case)), **_post()}  # one form, sent twice
    client.post(create_url(case), data)
    client.post(create_url(case), data)
    assert CaseContactRequirement.objects.filter(case=case).count() == 1


def test_a_head_of_public_protection_in_the_region_may_set_one(client, case):
    hopp = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=case.team.pdu.region)
    client.force_login(hopp)
    assert client.post(create_url(case), _post()).status_code == 302
    assert CaseContactRequirement.objects.filter(case=case, set_by=hopp).exists()


def test_a_responsible_officer_may_not_set_or_end_one(client, case):
    requirement = CaseContactRequirementFactory(case=case)
    client.force_login(case.responsible_officer)
    for url in (create_url(case), end_url(requirement)):
        assert client.get(url).status_code == 403
    assert client.post(create_url(case), _post()).status_code == 403
    assert client.post(end_url(requirement), {"reason": "No longer needed"}).status_code == 403
    assert CaseContactRequirement.objects.count() == 1
    requirement.refresh_from_db()
    assert requirement.ended_on is None


def test_another_teams_manager_gets_not_found(client, case):
    requirement = CaseContactRequirementFactory(case=case)
    other_region = Region.objects.create(name="Elsewhere")
    for user in (
        StaffFactory(role=roles.LINE_MANAGER),
        StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=other_region),
    ):
        client.force_login(user)
        for url in (tab_url(case), create_url(case), end_url(requirement)):
            assert client.get(url).status_code == 404, url
            assert client.post(url, _post()).status_code == 404, url
    assert CaseContactRequirement.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": ""}, "Enter the reason for the requirement"),
        ({"ends_on_0": None, "ends_on_1": None, "ends_on_2": None}, "Enter the end date"),
        ({"ends_on_2": str(timezone.localdate().year - 1)}, "The end date must be today or in the future"),
        ({"counts_home_visits": None}, "Select at least one kind of contact that counts"),
        ({"every_days": "0"}, "Enter the period in days, as a number from 1 to 365"),
        ({"every_days": "a week"}, "Enter the period in days, as a number from 1 to 365"),
        ({"contacts_needed": "9", "every_days": "7"}, "9 contacts cannot all fit in a period of 7 days"),
        ({"contact_description": ""}, "Enter the contact needed"),
    ],
)
def test_bad_input_shows_the_error_summary_and_saves_nothing(client, case, manager, overrides, message):
    client.force_login(manager)
    response = client.post(create_url(case), _post(**overrides))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert message in response.text
    assert response.text.count(message) >= 2  # in the summary and beside the field
    assert not CaseContactRequirement.objects.exists()


def test_an_end_date_before_the_start_is_refused(client, case, manager):
    client.force_login(manager)
    later = timezone.localdate() + timedelta(days=70)
    response = client.post(
        create_url(case), _post(starts_on_0=later.day, starts_on_1=later.month, starts_on_2=later.year)
    )
    assert "The end date must be after the start date" in response.text
    assert not CaseContactRequirement.objects.exists()


def test_other_contact_types_can_count(client, case, manager):
    office = ContactTypeFactory(name="Planned office appointment", group="APPOINTMENT", channel="OFFICE")
    client.force_login(manager)
    client.post(
        create_url(case),
        _post(contact_description="Office appointment", counts_home_visits=None, contact_types=[office.pk]),
    )
    requirement = CaseContactRequirement.objects.get()
    assert list(requirement.contact_types.all()) == [office]
    ContactFactory(case=case, contact_type=office, starts_at=timezone.now() - timedelta(hours=1))
    assert for_case(case, on=timezone.localdate()).worst.last_contact.contact_type_name == office.name


def test_a_manager_ends_a_requirement_early_and_it_stops_applying_today(client, case, manager):
    requirement = CaseContactRequirementFactory(case=case, set_by=manager)
    client.force_login(manager)
    assert end_url(requirement) in client.get(tab_url(case)).text

    missing = client.post(end_url(requirement), {"reason": ""})
    assert "Enter why the requirement is ending early" in missing.text

    response = client.post(end_url(requirement), {"reason": "Partner has moved away; risk reviewed."})

    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.ended_on == timezone.localdate() and requirement.ended_by == manager
    assert for_case(case, on=timezone.localdate()) is None
    assert [h.history_user for h in requirement.history.order_by("history_date")][-1] == manager
    html = client.get(tab_url(case)).text
    assert "Ended early" in html and "Partner has moved away; risk reviewed." in html
    # Ended: it cannot be ended again.
    assert client.get(end_url(requirement)).status_code == 404


def test_the_overview_shows_the_panel_and_overdue_requirements_as_open_work(client, case):
    ContactRuleFactory(name="Fortnightly home visits", every_days=14)  # the case started 30 days ago
    client.force_login(case.responsible_officer)
    html = client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn})).text
    assert "Home visit every 14 days: overdue by 16 days" in html  # open work, linked to the tab
    assert f'href="{tab_url(case)}"' in html
    assert '<h2 class="govuk-heading-m">Contact requirements</h2>' in html
    assert "Overdue by 16 days." in html


def test_a_qualifying_contact_clears_the_overdue_status_at_once(client, case):
    ContactRuleFactory(name="Fortnightly home visits", every_days=14)
    client.force_login(case.responsible_officer)
    caseload = client.get(reverse("supervision:caseload")).text
    assert "Home visit overdue by 16 days" in caseload
    ContactFactory(case=case, contact_type=HomeVisitTypeFactory(), starts_at=timezone.now() - timedelta(hours=1))
    caseload = client.get(reverse("supervision:caseload")).text
    assert "Home visit overdue" not in caseload
    assert "govuk-tag--green" in caseload


def test_case_page_explains_each_requirement(client, django_assert_max_num_queries):
    HomeVisitTypeFactory()
    ContactRuleFactory(name="High RoSH first 12 weeks", every_days=14)
    case = CaseFactory(started_on=timezone.localdate() - timedelta(days=16), rosh=Case.RoSH.HIGH)
    client.force_login(case.responsible_officer)
    with django_assert_max_num_queries(20 + 3):  # 3: the audit row's insert, in a savepoint in the test's transaction
        response = client.get(tab_url(case))
    assert response.status_code == 200
    assert "Home visit every 14 days" in response.text
    assert "Overdue by 2 days." in response.text
    assert "govuk-tag--red" in response.text


def test_another_teams_case_is_not_found(client):
    case = CaseFactory()
    client.force_login(StaffFactory())
    assert client.get(tab_url(case)).status_code == 404
