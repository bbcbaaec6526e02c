"""An escalation's page shows the case's risk so the manager decides without leaving it; the queues lead each
row with the "Decide" link, so it is the first thing on a phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.tests.factories import EscalationFactory, managed_team
from supervision.models import KeyIndividual, RelationshipDisclosure
from supervision.tests.factories import AcuteRiskFactorFactory, CaseFactory, KeyIndividualFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], rosh="HIGH", mappa_category=2, mappa_level=1
    )
    return people


def _risk(case):
    partner = KeyIndividualFactory(
        case=case,
        name="Kayleigh Dunn",
        relationship=KeyIndividual.Relationship.PARTNER,
        is_vulnerable=True,
        is_pregnant=True,
    )
    KeyIndividualFactory(case=case, name="Chloe Mason", relationship="VICTIM", is_victim=True)
    KeyIndividualFactory(case=case, name="Joan Hollis", relationship=KeyIndividual.Relationship.MOTHER)
    RelationshipDisclosure.objects.create(
        case=case,
        key_individual=partner,
        learned_on=timezone.localdate() - timedelta(days=10),
        is_disclosed_by_person=False,
        source="Police domestic abuse notification",
        recorded_by=case.responsible_officer,
    )
    old = KeyIndividualFactory(case=case, name="Amy Old", relationship=KeyIndividual.Relationship.FORMER_PARTNER)
    RelationshipDisclosure.objects.create(
        case=case,
        key_individual=old,
        learned_on=timezone.localdate() - timedelta(days=400),
        is_disclosed_by_person=True,
        recorded_by=case.responsible_officer,
    )
    AcuteRiskFactorFactory(case=case, description="New partner is pregnant and vulnerable")


def test_the_escalation_page_summarises_the_cases_risk(client, team):
    case = team["case"]
    _risk(case)
    escalation = EscalationFactory(referral__case=case, assigned_to=team["manager"])
    client.force_login(team["manager"])
    response = client.get(reverse("mappa:escalation-detail", args=[escalation.pk]))
    summary = response.text.split("Risk summary")[1].split("</dl>")[0]
    assert "High<span" in summary
    assert "Category 2, level 1" in summary
    assert "New partner is pregnant and vulnerable" in summary
    assert "Kayleigh Dunn (partner)" in summary and "Vulnerable" in summary and "Pregnant" in summary
    assert "Chloe Mason (victim (not otherwise related))" in summary
    assert "Joan Hollis" not in summary  # neither victim nor vulnerable
    assert "not disclosed by the person" in summary and "Police domestic abuse notification" in summary
    assert "Amy Old" not in summary  # learned of more than 90 days ago


def test_the_risk_summary_costs_the_same_for_a_case_with_more_people(client, team, django_assert_max_num_queries):
    case = team["case"]
    _risk(case)
    escalation = EscalationFactory(referral__case=case, assigned_to=team["manager"])
    client.force_login(team["manager"])
    url = reverse("mappa:escalation-detail", args=[escalation.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        KeyIndividualFactory(case=case, name=f"Victim {n}", is_victim=True)
        AcuteRiskFactorFactory(case=case, description=f"Factor {n}")
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.text.count("Victim 1") >= 1


def test_a_manager_outside_the_team_sees_no_risk_summary(client, team):
    _risk(team["case"])
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=team["manager"])
    client.force_login(StaffFactory(role="Line manager"))
    response = client.get(reverse("mappa:escalation-detail", args=[escalation.pk]))
    assert response.status_code == 404
    assert "Kayleigh Dunn" not in response.text


@pytest.mark.parametrize("queue", ["mappa:queue", "mappa:hopp-queue"])
def test_each_queue_row_leads_with_the_decide_link(client, team, queue):
    level = "SPO" if queue == "mappa:queue" else "HOPP"
    manager = team["manager"] if level == "SPO" else team["head"]
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=manager, level=level)
    client.force_login(manager)
    body = client.get(reverse(queue)).text
    row = body.split('<tr class="govuk-table__row">')[2]
    first_cell = row.split("</th>")[0]
    assert 'class="govuk-table__header app-stack-table__lead"' in first_cell
    assert f'href="{reverse("mappa:escalation-detail", args=[escalation.pk])}">Decide' in first_cell
    assert "app-stack-table" in body
