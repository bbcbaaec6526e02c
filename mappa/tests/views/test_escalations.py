"""Escalation pages and queues: only the assigned manager decides, the officer answers, queues stay flat and
never show a case the manager may not see."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseworks.errors import InvalidTransition
from mappa.models import Escalation, Referral
from mappa.services import escalations
from mappa.tests.factories import (
    EscalationFactory,
    RejectedMappaReferralFactory,
    managed_team,
)
from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def test_only_the_assigned_manager_may_act_on_an_escalation(client, team):
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=team["manager"])
    url = reverse("mappa:escalation-detail", args=[escalation.pk])
    data = {"action": "escalate", "rationale": "Conflicting accounts."}
    client.force_login(team["deputy"])
    assert client.post(url, data).status_code == 403
    client.force_login(StaffFactory(role=roles.LINE_MANAGER))
    assert client.get(url).status_code == 404
    client.force_login(team["manager"])
    assert client.post(url, {"action": "escalate", "rationale": ""}).status_code == 200  # rationale required
    assert Escalation.objects.count() == 1
    assert client.post(url, data).status_code == 302
    assert Escalation.objects.get(level="HOPP").assigned_to == team["head"]


def test_the_head_of_public_protection_disputes_from_their_queue_by_recording_the_meeting(client, team):
    escalation = EscalationFactory(
        referral__case=team["case"], assigned_to=team["head"], level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION
    )
    client.force_login(team["manager"])
    assert client.get(reverse("mappa:hopp-queue")).status_code == 403
    client.force_login(team["head"])
    assert team["case"].crn in client.get(reverse("mappa:hopp-queue")).content.decode()
    url = reverse("mappa:escalation-detail", args=[escalation.pk])
    # Disputing without the meeting's details shows each one to fill in, and saves nothing.
    response = client.post(url, {"action": "dispute", "rationale": "Needs MAPPA."})
    body = response.content.decode()
    assert response.status_code == 200 and "Enter the date of the meeting" in body
    assert "Select the MAPPA co-ordinator you met" in body and "Enter who attended the meeting" in body
    seat = team["coordinator"].mappa_coordinator
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url,
        {
            "action": "dispute",
            "rationale": "Needs MAPPA.",
            "held_on_0": yesterday.day,
            "held_on_1": yesterday.month,
            "held_on_2": yesterday.year,
            "coordinator": seat.pk,
            "attendees": "Head of Public Protection, MAPPA co-ordinator",
            "considered": "The conflicting accounts.",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get().status == Referral.Status.UNDER_REVIEW
    assert Escalation.objects.get().resolution == Escalation.Resolution.DISPUTED


def test_the_head_of_public_protection_cannot_decide_the_referral_itself(client, team):
    referral = RejectedMappaReferralFactory(case=team["case"], status=Referral.Status.UNDER_REVIEW)
    client.force_login(team["head"])
    assert client.get(reverse("mappa:coordinator-revise", args=[referral.pk])).status_code == 403
    assert client.get(reverse("mappa:referral-detail", args=[referral.pk])).status_code == 200
    assert Referral.objects.get().status == Referral.Status.UNDER_REVIEW


def test_the_officer_answers_a_request_for_more_information(client, team):
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=team["manager"], status="INFO")
    url = reverse("mappa:escalation-answer", args=[escalation.pk])
    client.force_login(team["manager"])
    assert client.post(url, {"rationale": "x"}).status_code == 403
    client.force_login(team["officer"])
    assert client.post(url, {"rationale": "Police intelligence attached."}).status_code == 302
    assert Escalation.objects.get().status == Escalation.Status.OPEN


@pytest.mark.parametrize("url_name,level", [("mappa:queue", "SPO"), ("mappa:hopp-queue", "HOPP")])
def test_queue_pages_cost_the_same_queries_for_10_or_200_escalations(
    client, team, url_name, level, django_assert_max_num_queries
):
    manager = team["manager"] if level == "SPO" else team["head"]
    client.force_login(manager)

    def fill(count):
        for _ in range(count):
            EscalationFactory(
                referral=RejectedMappaReferralFactory(case=team["case"]), assigned_to=manager, level=level
            )

    fill(10)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    fill(190)
    with django_assert_max_num_queries(len(small)):
        response = client.get(reverse(url_name))
    assert response.content.decode().count(reverse("mappa:escalation-detail", args=[1])[:-2]) >= 200


def test_queue_never_shows_a_case_the_manager_may_not_see(client, team):
    hidden = CaseFactory()  # another team
    EscalationFactory(referral__case=hidden, assigned_to=team["manager"])
    client.force_login(team["manager"])
    assert hidden.crn not in client.get(reverse("mappa:queue")).content.decode()


def test_navigation_shows_each_queue_only_to_its_role(client, team):
    client.force_login(team["officer"])
    body = client.get(reverse("supervision:caseload")).content.decode()
    assert "MAPPA escalations" not in body
    client.force_login(team["manager"])
    assert "MAPPA escalations" in client.get(reverse("supervision:caseload")).content.decode()


def test_a_decision_on_an_escalation_that_has_moved_on_is_refused_with_a_message(client, team):
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=team["manager"])
    url = reverse("mappa:escalation-detail", args=[escalation.pk])
    client.force_login(team["manager"])
    assert client.post(url, {"action": "accept", "rationale": "Agreed."}).status_code == 302
    assert "Save decision" not in client.get(url).content.decode()  # closed: no decision form
    response = client.post(url, {"action": "escalate", "rationale": "Second thoughts."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [InvalidTransition.MESSAGE]
    assert Escalation.objects.get().resolution == Escalation.Resolution.REJECTION_ACCEPTED


def test_escalating_with_no_head_of_public_protection_shows_why(client, team):
    team["head"].is_active = False
    team["head"].save()
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=team["manager"])
    client.force_login(team["manager"])
    response = client.post(
        reverse("mappa:escalation-detail", args=[escalation.pk]), {"action": "escalate", "rationale": "Disagree."}
    )
    assert response.context["form"].non_field_errors() == [escalations.NO_HEAD_OF_PUBLIC_PROTECTION]
    assert Escalation.objects.get().status == Escalation.Status.OPEN
