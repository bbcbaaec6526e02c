"""The MAPPA co-ordinator's pages: their queue (oldest first, flat queries), a referral, and the unit's steps;
404 outside their area, 403 for anyone without the seat; the officer has no decision page any more."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.errors import InvalidTransition
from mappa.models import MappaDecision, Referral
from mappa.tests.factories import MappaReferralFactory, ReferralFactory, coordinator_for, managed_team
from supervision.models import CaseAccessLimit
from supervision.tests.factories import CaseFactory, PDUFactory, TeamFactory

pytestmark = pytest.mark.django_db
Status = Referral.Status


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], mappa_category=2, mappa_level=1
    )
    return people


def _sent(team, days_ago, **extra):
    extra.setdefault("case", team["case"])
    return MappaReferralFactory(sent_on=timezone.localdate() - timedelta(days=days_ago), **extra)


def test_the_queue_lists_referrals_for_the_area_oldest_first(client, team):
    newer, older = _sent(team, 1), _sent(team, 9)
    _sent(team, 5, status=Status.ACCEPTED)  # decided: not waiting
    MappaReferralFactory(case=team["case"], status=Status.AWAITING_ENDORSEMENT, sent_on=None)  # not yet the unit's
    elsewhere = MappaReferralFactory(case=CaseFactory(team=TeamFactory(pdu=PDUFactory())))
    client.force_login(team["coordinator"])
    response = client.get(reverse("mappa:coordinator-queue"))
    body = response.content.decode()
    assert list(response.context["referrals"]) == [older, newer]
    assert body.index(reverse("mappa:coordinator-referral", args=[older.pk])) < body.index(
        reverse("mappa:coordinator-referral", args=[newer.pk])
    )
    assert elsewhere.case.crn not in body


def test_the_queue_costs_the_same_queries_for_5_or_100_referrals(client, team, django_assert_max_num_queries):
    client.force_login(team["coordinator"])
    for days in range(5):
        _sent(team, days, case=CaseFactory(team=team["team"]))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("mappa:coordinator-queue")).status_code == 200
    for days in range(95):
        _sent(team, days, case=CaseFactory(team=team["team"]))
    with django_assert_max_num_queries(len(small)):
        response = client.get(reverse("mappa:coordinator-queue"))
    assert len(response.context["referrals"]) == 100


def test_the_queue_leaves_out_a_case_whose_access_is_restricted_from_the_coordinator(client, team):
    referral = _sent(team, 2)
    limit = CaseAccessLimit.objects.create(
        case=referral.case,
        kind=CaseAccessLimit.Kind.RESTRICTION,
        reason="A relative on the staff.",
        message="Ask the Head of Public Protection.",
        set_by=team["head"],
    )
    limit.staff.add(team["officer"])
    client.force_login(team["coordinator"])
    assert referral.case.crn not in client.get(reverse("mappa:coordinator-queue")).content.decode()
    assert client.get(reverse("mappa:coordinator-referral", args=[referral.pk])).status_code == 404


@pytest.mark.parametrize("who", ["officer", "manager", "head"])
def test_the_queue_and_referral_pages_are_refused_to_everyone_else(client, team, who):
    referral = _sent(team, 2)
    client.force_login(team[who])
    assert client.get(reverse("mappa:coordinator-queue")).status_code == 403
    assert client.get(reverse("mappa:coordinator-referral", args=[referral.pk])).status_code == 403


def test_a_coordinator_for_another_area_gets_a_404_and_cannot_decide(client, team):
    referral = _sent(team, 2)
    client.force_login(coordinator_for(pdu=PDUFactory()))
    assert client.get(reverse("mappa:coordinator-referral", args=[referral.pk])).status_code == 404
    response = client.post(
        reverse("mappa:coordinator-decide", args=[referral.pk]), {"decision": "ACC2", "reason": "Yes."}
    )
    assert response.status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_the_coordinator_rejects_with_reasons_through_the_form(client, team):
    referral = _sent(team, 2)
    client.force_login(team["coordinator"])
    page = client.get(reverse("mappa:coordinator-referral", args=[referral.pk])).content.decode()
    assert reverse("mappa:coordinator-decide", args=[referral.pk]) in page
    response = client.post(
        reverse("mappa:coordinator-decide", args=[referral.pk]),
        {"decision": "REJ1", "reason": "Level 1 management is sufficient."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decision) == (Status.REJECTED, "REJ1")


def test_bad_input_shows_the_error_summary_and_saves_nothing(client, team):
    referral = _sent(team, 2)
    client.force_login(team["coordinator"])
    response = client.post(reverse("mappa:coordinator-decide", args=[referral.pk]), {"decision": "", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Select the decision" in body and "Enter the reasons for the decision" in body
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_a_double_submitted_decision_is_recorded_once(client, team):
    referral = _sent(team, 2)
    client.force_login(team["coordinator"])
    url = reverse("mappa:coordinator-decide", args=[referral.pk])
    token = client.get(url).context["form"].initial["submission_token"]
    data = {"decision": "ACC2", "reason": "Threshold met.", "submission_token": str(token)}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert MappaDecision.objects.count() == 1
    assert Referral.objects.get(pk=referral.pk).events.filter(action="ACCEPTED").count() == 1


def test_a_step_the_referral_no_longer_allows_is_refused_with_the_moved_on_message(client, team):
    referral = _sent(team, 2, status=Status.ACCEPTED)
    client.force_login(team["coordinator"])
    response = client.get(reverse("mappa:coordinator-decide", args=[referral.pk]), follow=True)
    assert InvalidTransition.MESSAGE in response.content.decode()
    response = client.post(
        reverse("mappa:coordinator-decide", args=[referral.pk]), {"decision": "REJ1", "reason": "Changed mind."}
    )
    assert InvalidTransition.MESSAGE in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED


def test_the_officer_has_no_way_to_record_the_units_decision(client, team):
    referral = _sent(team, 2)
    client.force_login(team["officer"])
    page = client.get(reverse("mappa:referral-detail", args=[referral.pk])).content.decode()
    assert "Record the MAPPA unit" not in page and "Record decision" not in page
    assert reverse("mappa:referral-response", args=[referral.pk]) not in page
    assert client.post(reverse("mappa:referral-response", args=[referral.pk]), {"response": "x"}).status_code == 403
    assert client.post(reverse("mappa:referral-acknowledge", args=[referral.pk]), {}).status_code == 403
    assert client.get(reverse("mappa:coordinator-decide", args=[referral.pk])).status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_the_officer_still_records_another_agencys_response(client, team):
    referral = ReferralFactory(case=team["case"])
    client.force_login(team["officer"])
    response = client.post(reverse("mappa:referral-response", args=[referral.pk]), {"response": "Assessment opened."})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Status.RESPONDED


def test_the_officer_answers_the_coordinators_question_from_the_referral_page(client, team):
    referral = _sent(team, 2)
    client.force_login(team["coordinator"])
    client.post(reverse("mappa:coordinator-ask", args=[referral.pk]), {"question": "Any police call-outs?"})
    client.force_login(team["officer"])
    page = client.get(reverse("mappa:referral-detail", args=[referral.pk])).content.decode()
    assert "The MAPPA co-ordinator has asked for more information" in page
    answer = client.get(reverse("mappa:referral-answer", args=[referral.pk])).content.decode()
    assert "Any police call-outs?" in answer
    response = client.post(reverse("mappa:referral-answer", args=[referral.pk]), {"information": "Two, in May."})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Status.ACKNOWLEDGED


def test_the_coordinator_is_sent_to_their_queue_from_home(client, team):
    client.force_login(team["coordinator"])
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("mappa:coordinator-queue")
    page = client.get(reverse("mappa:coordinator-queue")).content.decode()
    assert "MAPPA referrals" in page
