"""The case's own work: the responsible officer, their line manager (or that manager's deputy) and the region's
Head of Public Protection open every page that changes the case; another officer in the team, who may read the
case, is refused (403) on each, for every method, and nothing changes."""

import pytest
from django.urls import reverse

from supervision.models import Case, Contact, KeyIndividual, LicenceCondition, RiskFlag
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import (
    AcuteRiskFactorFactory,
    CaseFactory,
    ContactFactory,
    KeyIndividualFactory,
    LicenceConditionFactory,
    RiskFlagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    case = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    ContactFactory(case=case)
    LicenceConditionFactory(case=case)
    KeyIndividualFactory(case=case)
    RiskFlagFactory(case=case)
    AcuteRiskFactorFactory(case=case)
    people["case"] = case
    return people


def work_urls(case: Case) -> list[str]:
    crn = {"crn": case.crn}
    ids = {
        "contact": case.contacts.first().pk,
        "condition": case.licence_conditions.first().pk,
        "person": case.key_individuals.first().pk,
        "flag": case.risk_flags.first().pk,
        "factor": case.acute_risk_factors.first().pk,
    }
    plain = [
        "contact-create",
        "appointment-create",
        "condition-create",
        "standard-conditions-create",
        "key-individual-create",
        "disclosure-create",
        "acute-risk-factor-create",
        "risk-flag-create",
    ]
    with_id = [
        ("contact-outcome", "contact"),
        ("contact-amend", "contact"),
        ("condition-vary", "condition"),
        ("condition-end", "condition"),
        ("key-individual-edit", "person"),
        ("acute-risk-factor-review", "factor"),
        ("risk-flag-review", "flag"),
        ("risk-flag-end", "flag"),
    ]
    return [reverse(f"supervision:{name}", kwargs=crn) for name in plain] + [
        reverse(f"supervision:{name}", kwargs={**crn, "pk": ids[kind]}) for name, kind in with_id
    ]


def counts():
    return [model.objects.count() for model in (Contact, LicenceCondition, KeyIndividual, RiskFlag)]


def test_another_officer_in_the_team_is_refused_every_change_and_nothing_changes(client, team):
    before = counts()
    client.force_login(team["colleague"])
    assert client.get(team["case"].get_absolute_url()).status_code == 200  # they may still read it
    for url in work_urls(team["case"]):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"notes": "x", "reason": "x"}).status_code == 403, url
    assert counts() == before


@pytest.mark.parametrize("who", ["officer", "manager", "deputy", "head"])
def test_the_officer_their_manager_cover_and_head_open_every_change(client, team, who):
    client.force_login(team[who])
    for url in work_urls(team["case"]):
        assert client.get(url).status_code in (200, 302), url
