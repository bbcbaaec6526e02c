"""The Programmes tab and its forms: who may open and use them, what a post saves (once), the messages a broken
rule shows, and a list that costs a fixed number of queries however many enrolments and sessions the case holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.tests.form_client import guards
from supervision.models import ProgrammeEnrolment, ProgrammeSession
from supervision.services import programmes as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, StaffFactory
from supervision.tests.programme_factories import (
    bbr,
    enrol,
    programme_condition,
    programme_session_type,
    thinking_skills,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], started_on=TODAY - timedelta(days=90)
    )
    people["condition"] = programme_condition(people["case"])
    programme_session_type()
    return people


def url(name, case, enrolment=None):
    kwargs = {"crn": case.crn, **({"pk": enrolment.pk} if enrolment else {})}
    return reverse(f"supervision:{name}", kwargs=kwargs)


def date_parts(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def enrol_post(team, **extra):
    return {
        "programme": bbr().pk,
        "licence_condition": team["condition"].pk,
        **date_parts("referred_on", TODAY - timedelta(days=3)),
        **extra,
    }


def booking_post(**extra):
    day = TODAY + timedelta(days=2)
    return {**date_parts("on", day), "at": "14:00", "count": "4", "first_number": "1", "location": "", **extra}


def test_the_officer_enrols_once_however_often_the_form_is_sent(client, team):
    client.force_login(team["officer"])
    data = {**guards(client, url("programme-enrol", team["case"])), **enrol_post(team)}

    first = client.post(url("programme-enrol", team["case"]), data)
    again = client.post(url("programme-enrol", team["case"]), data)

    assert first.status_code == again.status_code == 302
    enrolment = ProgrammeEnrolment.objects.get()
    assert enrolment.licence_condition == team["condition"]
    assert enrolment.status == ProgrammeEnrolment.Status.REFERRED


def test_an_enrolment_with_no_condition_and_no_reason_shows_the_message_and_saves_nothing(client, team):
    client.force_login(team["officer"])

    response = client.post(url("programme-enrol", team["case"]), enrol_post(team, licence_condition=""))

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert services.REASON_REQUIRED in response.text
    assert not ProgrammeEnrolment.objects.exists()


def test_a_run_of_sessions_is_booked_from_the_form(client, team):
    enrolment = enrol(team["case"], licence_condition=team["condition"])
    client.force_login(team["officer"])

    response = client.post(url("programme-sessions-book", team["case"], enrolment), booking_post())

    assert response.status_code == 302
    assert list(enrolment.sessions.values_list("session_number", flat=True)) == [1, 2, 3, 4]
    page = client.get(url("case-programmes", team["case"]))
    assert "0 attended of 4 booked" in page.text
    assert page.text.count("Booked") >= 4


def test_booking_a_session_in_the_past_shows_the_message(client, team):
    enrolment = enrol(team["case"], licence_condition=team["condition"])
    client.force_login(team["officer"])

    response = client.post(
        url("programme-sessions-book", team["case"], enrolment),
        booking_post(**date_parts("on", TODAY - timedelta(days=1))),
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not ProgrammeSession.objects.exists()


def test_termination_needs_its_reason_then_records_it(client, team):
    enrolment = enrol(team["case"], licence_condition=team["condition"])
    client.force_login(team["officer"])
    path = url("programme-terminate", team["case"], enrolment)

    refused = client.post(path, {**date_parts("ended_on", TODAY)})
    done = client.post(path, {**date_parts("ended_on", TODAY), "reason": "NON_ATTENDANCE", "details": "Missed 3"})

    assert refused.status_code == 200 and services.TERMINATION_REASON_REQUIRED in refused.text
    assert done.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == ProgrammeEnrolment.Status.TERMINATED


def test_the_officer_is_told_how_many_booked_sessions_the_end_cancelled(client, team):
    enrolment = enrol(team["case"], licence_condition=team["condition"])
    services.book_sessions(enrolment, by=team["officer"], first_at=timezone.now() + timedelta(days=1), count=3)
    client.force_login(team["officer"])

    done = client.post(
        url("programme-withdraw", team["case"], enrolment),
        {**date_parts("ended_on", TODAY), "reason": "Moved area"},
        follow=True,
    )

    assert "Enrolment withdrawn. 3 sessions booked after the end were cancelled" in done.text
    assert "3 cancelled" in done.text


def test_a_step_the_state_does_not_allow_shows_its_message(client, team):
    enrolment = enrol(team["case"], licence_condition=team["condition"], started=False)
    client.force_login(team["officer"])

    response = client.post(url("programme-complete", team["case"], enrolment), date_parts("ended_on", TODAY))

    assert response.status_code == 200
    assert services.NOT_STARTED in response.text


@pytest.mark.parametrize("who", ["manager", "deputy", "head"])
def test_the_officer_s_managers_enrol_and_record(client, team, who):
    client.force_login(team[who])

    assert client.post(url("programme-enrol", team["case"]), enrol_post(team)).status_code == 302
    enrolment = ProgrammeEnrolment.objects.get()
    response = client.post(url("programme-start", team["case"], enrolment), date_parts("started_on", TODAY))

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == ProgrammeEnrolment.Status.STARTED


def test_another_officer_in_the_team_reads_the_programmes_but_may_not_enrol_or_record(client, team):
    enrolment = enrol(team["case"], licence_condition=team["condition"])
    client.force_login(team["colleague"])

    page = client.get(url("case-programmes", team["case"]))
    assert page.status_code == 200
    assert "Building Better Relationships" in page.text
    assert "Enrol on a programme" not in page.text and "Book sessions" not in page.text
    assert client.get(url("programme-enrol", team["case"])).status_code == 403
    assert client.post(url("programme-enrol", team["case"]), enrol_post(team)).status_code == 403
    for name in ("programme-sessions-book", "programme-terminate", "programme-withdraw", "programme-complete"):
        assert client.post(url(name, team["case"], enrolment), booking_post()).status_code == 403
    assert ProgrammeEnrolment.objects.count() == 1 and not ProgrammeSession.objects.exists()


def test_an_officer_in_another_team_cannot_find_the_case_s_programmes(client, team):
    enrolment = enrol(team["case"], licence_condition=team["condition"])
    client.force_login(StaffFactory())

    assert client.get(url("case-programmes", team["case"])).status_code == 404
    assert client.post(url("programme-withdraw", team["case"], enrolment), {"reason": "x"}).status_code == 404


def test_an_enrolment_on_another_case_is_not_found_through_this_one(client, team):
    other = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    enrolment = enrol(other, required_because="Order requirement")
    client.force_login(team["officer"])

    assert client.get(url("programme-start", team["case"], enrolment)).status_code == 404


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["case-programmes", "case-chronology", "case-detail"])
def test_the_pages_showing_programmes_cost_the_same_queries_for_one_enrolment_or_three(client, team, page):
    client.force_login(team["officer"])
    first = enrol(team["case"], licence_condition=team["condition"])
    services.book_sessions(first, by=team["officer"], first_at=timezone.now() + timedelta(days=1))
    small = _queries(client, url(page, team["case"]))

    services.book_sessions(first, by=team["officer"], first_at=timezone.now() + timedelta(days=8), count=8)
    services.withdraw_enrolment(first, by=team["officer"], ended_on=TODAY, reason="Varied")
    enrol(team["case"], licence_condition=team["condition"])
    second = enrol(team["case"], programme=thinking_skills(), required_because="Order requirement")
    services.book_sessions(second, by=team["officer"], first_at=timezone.now() + timedelta(days=2), count=5)

    assert _queries(client, url(page, team["case"])) == small


def test_the_chronology_shows_each_step_of_the_enrolment(client, team):
    enrolment = enrol(team["case"], licence_condition=team["condition"])
    services.terminate_enrolment(
        enrolment, by=team["officer"], ended_on=TODAY, reason="NON_COMPLIANCE", details="Disruptive in group"
    )
    client.force_login(team["manager"])

    page = client.get(url("case-chronology", team["case"]))

    for step in ("referred", "started", "terminated"):
        assert f"Building Better Relationships: {step}" in page.text
    assert "Disruptive in group" in page.text
