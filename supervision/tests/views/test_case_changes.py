"""The case details page, the change forms and the case history, through the pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.submissions import STALE_EDIT
from supervision.models import Case, CaseChange
from supervision.services import case_changes as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def team():
    return managed_team()


@pytest.fixture
def case(team):
    return CaseFactory(
        crn="D482913", responsible_officer=team["officer"], team=team["team"], address="27 Larkspur Road\nAvonford"
    )


def url(name, case):
    return reverse(f"supervision:{name}", kwargs={"crn": case.crn})


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def approved_premises(**overrides):
    return {
        "address": "Larkspur House Approved Premises\n3 Mill Lane\nAvonford",
        "postcode": "AV1 2AA",
        **_date("moved_on", TODAY),
        "is_approved_premises": "yes",
        **_date("approved_premises_ends_on", TODAY + timedelta(days=84)),
        "reason": "Released to approved premises",
        **overrides,
    }


def test_the_officer_sees_change_links_for_their_changes_only(client, case, team):
    client.force_login(team["officer"])
    html = client.get(url("case-details", case)).content.decode()
    assert url("case-address-move", case) in html and url("case-rosh-change", case) in html
    assert url("licence-variation-create", case) in html
    assert url("case-tier-change", case) not in html and url("case-close", case) not in html


def test_the_line_manager_sees_every_change_and_the_closure(client, case, team):
    Case.objects.filter(pk=case.pk).update(mappa_category=2, mappa_level=2)
    client.force_login(team["manager"])
    html = client.get(url("case-details", case)).content.decode()
    assert "Category 2 – violent offender; Level 2 – active multi-agency management" in html
    for name in ("case-address-move", "case-tier-change", "case-mappa-change", "case-supervision-change", "case-close"):
        assert url(name, case) in html


def test_the_officer_moves_the_person_to_approved_premises_and_it_shows_on_the_chronology_and_history(
    client, case, team
):
    client.force_login(team["officer"])
    response = client.post(url("case-address-move", case), approved_premises())
    assert response.status_code == 302 and response.url == url("case-details", case)
    case.refresh_from_db()
    assert case.address.startswith("Larkspur House Approved Premises")
    chronology = client.get(url("case-chronology", case)).content.decode()
    assert "Moved address" in chronology and "Released to approved premises" in chronology
    history = client.get(url("case-history", case)).content.decode()
    assert "27 Larkspur Road" in history and "Approved premises" in history


def test_a_move_without_a_reason_shows_the_error_summary_and_saves_nothing(client, case, team):
    client.force_login(team["officer"])
    response = client.post(url("case-address-move", case), approved_premises(reason=""))
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and services.REASON_REQUIRED in html
    assert not CaseChange.objects.exists()


def test_a_double_click_records_one_move(client, case, team):
    client.force_login(team["officer"])
    form = client.get(url("case-address-move", case)).content.decode()
    token = form.split('name="submission_token" value="')[1].split('"')[0]
    data = approved_premises(submission_token=token, version=str(case.version))
    assert client.post(url("case-address-move", case), data).status_code == 302
    assert client.post(url("case-address-move", case), data).status_code == 302
    assert CaseChange.objects.count() == 1


def test_a_stale_change_is_refused_showing_what_changed(client, case, team):
    client.force_login(team["manager"])
    form = client.get(url("case-tier-change", case)).content.decode()
    token = form.split('name="submission_token" value="')[1].split('"')[0]
    services.reassess_rosh(case, rosh="HIGH", assessed_on=TODAY, reason="Acute risk", by=team["officer"])
    response = client.post(
        url("case-tier-change", case),
        {"submission_token": token, "version": "1", "tier": "A", "reason": "Raised"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and STALE_EDIT.split(",")[0] in html and "Very high" not in html
    assert "High" in html
    case.refresh_from_db()
    assert case.tier == "C"


@pytest.mark.parametrize("name", ["case-tier-change", "case-mappa-change", "case-supervision-change", "case-close"])
def test_the_officer_is_refused_a_managers_change(client, case, team, name):
    client.force_login(team["officer"])
    assert client.get(url(name, case)).status_code == 403
    assert client.post(url(name, case), {"reason": "x", "tier": "A"}).status_code == 403
    assert not CaseChange.objects.exists()


def test_a_colleague_in_the_team_is_refused_and_another_team_sees_no_case(client, case, team):
    client.force_login(team["colleague"])
    assert client.get(url("case-details", case)).status_code == 200
    assert client.get(url("case-address-move", case)).status_code == 403
    client.force_login(managed_team()["officer"])
    assert client.get(url("case-address-move", case)).status_code == 404


def test_closing_asks_for_confirmation_first(client, case, team):
    client.force_login(team["manager"])
    data = {"closure_reason": "SENTENCE_ENDED", **_date("closed_on", TODAY), "reason": "Licence expired"}
    form = client.get(url("case-close", case)).content.decode()
    token = form.split('name="submission_token" value="')[1].split('"')[0]
    data.update(submission_token=token, version=str(case.version))

    confirm = client.post(url("case-close", case), data)
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Are you sure you want to close this case?" in html
    assert 'name="confirmed" value="yes"' in html
    case.refresh_from_db()
    assert case.status == Case.Status.ACTIVE

    closed = client.post(url("case-close", case), {**data, "confirmed": "yes"})
    assert closed.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (Case.Status.CLOSED, "SENTENCE_ENDED")
    details = client.get(url("case-details", case)).content.decode()
    assert url("case-reopen", case) in details and url("case-address-move", case) not in details
    assert case.crn not in client.get(reverse("supervision:caseload")).content.decode()


def test_a_closed_case_offers_reopening_not_changes(client, team):
    closed = CaseFactory(responsible_officer=team["officer"], team=team["team"], status=Case.Status.CLOSED)
    client.force_login(team["officer"])
    assert "This case is closed" in client.get(url("case-address-move", closed)).content.decode()
    client.force_login(team["manager"])
    response = client.post(url("case-reopen", closed), {"reason": "Closed by mistake"})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.status == Case.Status.ACTIVE


def test_reopening_an_active_case_says_it_is_active(client, case, team):
    client.force_login(team["manager"])
    assert "This case is active" in client.get(url("case-reopen", case)).content.decode()


def test_the_history_and_chronology_cost_the_same_queries_however_many_changes(client, case, team):
    def record(changes):
        for number in range(changes):
            services.change_tier(case, tier="AB"[number % 2], reason=f"Change {number}", by=team["manager"])
            services.correct_address(
                case, address=f"{number} Mill Lane", postcode="", reason="Typo", by=team["officer"]
            )

    def queries():
        counted = []
        for name in ("case-history", "case-chronology"):
            with CaptureQueriesContext(connection) as context:
                assert client.get(url(name, case)).status_code == 200
            counted.append(len(context))
        return counted

    client.force_login(team["manager"])
    record(2)
    few = queries()
    record(18)
    assert queries() == few
    history = client.get(url("case-history", case)).content.decode()
    assert history.count("moj-timeline__item") == 40
