"""Every case URL: the responsible officer opens it; outside scope it is refused (another team's officer gets
not found, a user without a case role is forbidden)."""

import pytest
from django.urls import reverse

from supervision import roles
from supervision.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


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
