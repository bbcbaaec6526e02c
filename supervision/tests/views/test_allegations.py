"""The allegation pages: who may open and use them, what a post saves (once), the messages a broken rule shows,
and lists that cost a fixed number of queries however many allegations the case holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.tests.form_client import guards
from supervision.models import Allegation, AllegationAccount, AllegationFinding, CaseAccessLimit, PoliceIntelligence
from supervision.services import allegations as services
from supervision.tests.access_factories import managed_team
from supervision.tests.allegation_factories import add_account, decided_allegation, exclusion_zone, record_allegation
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], started_on=TODAY - timedelta(days=90)
    )
    people["zone"] = exclusion_zone(people["case"])
    return people


def url(name, case, allegation=None):
    kwargs = {"crn": case.crn, **({"pk": allegation.pk} if allegation else {})}
    return reverse(f"supervision:{name}", kwargs=kwargs)


def date_parts(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def allegation_post(zone, **extra):
    return {
        **date_parts("received_on", TODAY - timedelta(days=1)),
        **date_parts("alleged_on", TODAY - timedelta(days=2)),
        "reported_by": "VLO",
        "reporter_name": "VLO for the victim",
        "channel": "EMAIL",
        "location": "Eastfield estate",
        "conditions": [zone.pk],
        "description": "Seen in the exclusion zone on Saturday.",
        "urgency": "URGENT",
        **extra,
    }


def test_the_officer_records_an_allegation_once_however_often_the_form_is_sent(client, team):
    client.force_login(team["officer"])
    data = {**guards(client, url("allegation-create", team["case"])), **allegation_post(team["zone"])}

    first = client.post(url("allegation-create", team["case"]), data)
    again = client.post(url("allegation-create", team["case"]), data)

    assert first.status_code == again.status_code == 302
    allegation = Allegation.objects.get()
    assert list(allegation.conditions.all()) == [team["zone"]]
    assert allegation.first_response_due_on >= allegation.received_on


def test_a_condition_not_in_force_on_the_date_shows_on_the_field_and_saves_nothing(client, team):
    client.force_login(team["officer"])
    early = TODAY - timedelta(days=200)
    data = allegation_post(team["zone"], **date_parts("alleged_on", early))

    response = client.post(url("allegation-create", team["case"]), data)

    assert response.status_code == 200
    assert "was not in force" in response.text
    assert "govuk-error-summary" in response.text
    assert not Allegation.objects.exists()


def test_nonsense_input_gets_messages_not_a_500(client, team):
    client.force_login(team["officer"])
    data = {"received_on_0": "99", "received_on_1": "x", "received_on_2": "20261", "conditions": ["abc"]}

    response = client.post(url("allegation-create", team["case"]), data)

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not Allegation.objects.exists()


@pytest.mark.parametrize("who", ["manager", "deputy", "head"])
def test_managers_in_scope_record_and_investigate(client, team, who):
    client.force_login(team[who])
    assert client.post(url("allegation-create", team["case"]), allegation_post(team["zone"])).status_code == 302
    allegation = Allegation.objects.get()

    response = client.post(
        url("allegation-account-create", team["case"], allegation),
        {"given_by": "PERSON", **date_parts("given_on", TODAY), "account": "I was at home."},
    )

    assert response.status_code == 302
    assert AllegationAccount.objects.count() == 1


def test_another_officer_in_the_team_reads_but_may_not_record_or_investigate(client, team):
    allegation = record_allegation(team["case"])
    client.force_login(team["colleague"])

    assert client.get(url("allegation-detail", team["case"], allegation)).status_code == 200
    assert client.get(url("allegation-create", team["case"])).status_code == 403
    assert client.post(url("allegation-create", team["case"]), allegation_post(team["zone"])).status_code == 403
    response = client.post(
        url("allegation-account-create", team["case"], allegation),
        {"given_by": "PERSON", **date_parts("given_on", TODAY), "account": "x"},
    )
    assert response.status_code == 403
    assert Allegation.objects.count() == 1
    assert not AllegationAccount.objects.exists()


def test_another_teams_officer_gets_not_found(client, team):
    allegation = record_allegation(team["case"])
    client.force_login(StaffFactory())

    assert client.get(url("allegation-detail", team["case"], allegation)).status_code == 404
    assert client.get(url("case-allegations", team["case"])).status_code == 404


def test_an_allegation_of_another_case_is_not_found_under_this_case(client, team):
    other = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    allegation = record_allegation(other)
    client.force_login(team["officer"])

    assert client.get(url("allegation-detail", team["case"], allegation)).status_code == 404


def test_a_restricted_case_refuses_even_its_own_team(client, team):
    allegation = record_allegation(team["case"])
    limit = CaseAccessLimit.objects.create(
        case=team["case"],
        kind=CaseAccessLimit.Kind.RESTRICTION,
        message="Ask the SPO.",
        reason="Staff member knows the victim.",
        set_by=team["head"],
    )
    limit.staff.set([team["officer"]])
    client.force_login(team["colleague"])

    response = client.get(url("allegation-detail", team["case"], allegation))

    assert response.status_code == 403
    assert allegation.description not in response.text


def test_the_first_finding_is_the_officers_a_manager_may_not_make_it_but_may_revisit_it(client, team):
    allegation = record_allegation(team["case"])
    add_account(allegation)
    finding = {"outcome": "UNABLE", "rationale": "Accounts conflict.", **date_parts("decided_on", TODAY)}

    client.force_login(team["manager"])
    assert client.post(url("allegation-finding", team["case"], allegation), finding).status_code == 403
    assert not AllegationFinding.objects.exists()

    client.force_login(team["officer"])
    assert client.post(url("allegation-finding", team["case"], allegation), finding).status_code == 302

    client.force_login(team["manager"])
    revisit = {**finding, "outcome": "SUBSTANTIATED", "reason": "CCTV has come in.", "rationale": "CCTV shows him."}
    assert client.post(url("allegation-revisit", team["case"], allegation), revisit).status_code == 302
    allegation.refresh_from_db()
    assert allegation.finding == AllegationFinding.Outcome.SUBSTANTIATED
    assert allegation.findings.count() == 2


def test_a_colleague_may_not_revisit_a_finding(client, team):
    allegation = decided_allegation(team["case"])
    client.force_login(team["colleague"])
    data = {"outcome": "SUBSTANTIATED", "rationale": "x", "reason": "y", **date_parts("decided_on", TODAY)}

    assert client.post(url("allegation-revisit", team["case"], allegation), data).status_code == 403
    assert allegation.findings.count() == 1


def test_a_finding_without_a_rationale_shows_the_message_and_changes_nothing(client, team):
    allegation = record_allegation(team["case"])
    add_account(allegation)
    client.force_login(team["officer"])

    response = client.post(
        url("allegation-finding", team["case"], allegation),
        {"outcome": "SUBSTANTIATED", "rationale": "", **date_parts("decided_on", TODAY)},
    )

    assert response.status_code == 200
    assert services.RATIONALE_REQUIRED in response.text
    allegation.refresh_from_db()
    assert allegation.status == Allegation.Status.INVESTIGATING


def test_a_finding_on_a_withdrawn_allegation_gets_a_clear_message(client, team):
    allegation = record_allegation(team["case"])
    client.force_login(team["officer"])
    data = guards(client, url("allegation-finding", team["case"], allegation))
    services.withdraw_allegation(allegation, by=team["officer"], reason="Retracted by the victim.")

    response = client.post(
        url("allegation-finding", team["case"], allegation),
        {**data, "outcome": "SUBSTANTIATED", "rationale": "x", **date_parts("decided_on", TODAY)},
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not AllegationFinding.objects.exists()


def test_the_accounts_view_sets_each_account_in_its_own_column(client, team):
    allegation = record_allegation(team["case"])
    add_account(allegation, account="I was at my mother's.")
    add_account(allegation, given_by="VICTIM", account="I saw him by the shops.")
    client.force_login(team["officer"])  # a colleague may not read the victim's words (test_victim_accounts.py)

    response = client.get(url("allegation-accounts", team["case"], allegation))

    assert response.status_code == 200
    assert response.text.count('class="govuk-grid-column-one-half"') == 2
    assert "I was at my mother&#x27;s." in response.text
    assert "I saw him by the shops." in response.text


def test_police_intelligence_is_recorded_and_shown_with_the_risk_flags(client, team):
    client.force_login(team["officer"])
    response = client.post(
        url("police-intelligence-create", team["case"]),
        {
            **date_parts("received_on", TODAY),
            "source": "Wessex Police",
            "description": "Stopped driving while disqualified.",
            "relevance": "HIGH",
        },
    )
    assert response.status_code == 302
    assert PoliceIntelligence.objects.count() == 1

    page = client.get(url("case-risk-flags", team["case"]))
    assert "Stopped driving while disqualified." in page.text


def test_an_allegation_past_its_first_response_date_is_in_the_open_work(client, team):
    record_allegation(team["case"], days_ago=6, first_response_due_on=TODAY - timedelta(days=1))
    client.force_login(team["officer"])

    response = client.get(url("case-detail", team["case"]))

    assert "Respond to the allegation received" in response.text
    assert "(overdue)" in response.text


def test_the_allegations_appear_on_the_chronology(client, team):
    decided_allegation(team["case"])
    client.force_login(team["officer"])

    response = client.get(url("case-chronology", team["case"]) + "?kind=allegations")

    assert "Allegation of breach: allegation recorded" in response.text
    assert "Unable to determine – conflicting accounts" in response.text


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["case-allegations", "case-chronology", "case-detail", "case-risk-flags"])
def test_the_pages_listing_allegations_cost_the_same_queries_for_two_or_twelve(
    client, team, page, django_assert_max_num_queries
):
    client.force_login(team["officer"])
    for _ in range(2):
        decided_allegation(team["case"])
    small = _queries(client, url(page, team["case"]))
    for _ in range(10):
        allegation = record_allegation(team["case"], days_ago=5, first_response_due_on=TODAY - timedelta(days=1))
        services.record_police_intelligence(
            team["case"],
            by=team["officer"],
            received_on=TODAY,
            source="Police",
            description="x",
            relevance="LOW",
            allegation=allegation,
        )

    with django_assert_max_num_queries(small):
        assert client.get(url(page, team["case"])).status_code == 200


def test_the_allegation_pages_cost_the_same_queries_however_many_accounts_and_checks(client, team):
    allegation = record_allegation(team["case"])
    add_account(allegation)
    services.add_verification_step(allegation, by=team["officer"], kind="CCTV", carried_out_on=TODAY, result="None.")
    client.force_login(team["officer"])
    small = {
        name: _queries(client, url(name, team["case"], allegation))
        for name in ("allegation-detail", "allegation-accounts")
    }
    for _ in range(6):
        add_account(allegation, given_by="WITNESS", account="Another view.")
        services.add_verification_step(
            allegation, by=team["officer"], kind="OTHER", carried_out_on=TODAY, result="Found nothing."
        )

    for name, count in small.items():
        assert _queries(client, url(name, team["case"], allegation)) <= count
