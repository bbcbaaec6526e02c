"""Pages: each step for the right person, 404 outside their access, 403 for the wrong role, flat queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.models import Escalation, MappaMeeting, Referral
from mappa.tests.factories import (
    AgencyFactory,
    EscalationFactory,
    MappaActionFactory,
    MappaMeetingFactory,
    MappaReferralFactory,
    MappaUnitFactory,
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


def test_case_referrals_page_shows_late_referrals_and_is_404_for_another_team(client, team):
    from mappa.tests.factories import ReferralFactory

    ReferralFactory(
        case=team["case"],
        sent_on=timezone.localdate() - timedelta(days=20),
        response_due_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(team["officer"])
    url = reverse("mappa:case-referrals", args=[team["case"].crn])
    response = client.get(url)
    assert response.status_code == 200
    assert "Late" in response.content.decode()
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 404


def test_making_a_mappa_referral_through_the_form(client, team):
    client.force_login(team["officer"])
    unit = MappaUnitFactory()
    url = reverse("mappa:referral-new", args=[team["case"].crn])
    page = client.get(url)
    token = page.context["form"].initial["submission_token"]
    data = {
        "kind": "MAPPA2",
        "agency": unit.pk,
        "reason": "Complex risk.",
        "mappa_category": "2",
        "submission_token": token,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    client.post(url, data)  # double submit
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.AWAITING_ENDORSEMENT


def test_bad_input_saves_nothing_and_shows_the_error_summary(client, team):
    client.force_login(team["officer"])
    url = reverse("mappa:referral-new", args=[team["case"].crn])
    token = client.get(url).context["form"].initial["submission_token"]
    response = client.post(
        url, {"kind": "MAPPA3", "agency": AgencyFactory().pk, "reason": "", "submission_token": token}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter what level 2 cannot deliver" in body
    assert "Send a MAPPA referral to the MAPPA unit" in body
    assert not Referral.objects.exists()


def test_only_a_line_manager_other_than_the_referrer_may_endorse(client, team):
    referral = MappaReferralFactory(case=team["case"], status=Referral.Status.AWAITING_ENDORSEMENT)
    url = reverse("mappa:referral-endorse", args=[referral.pk])
    client.force_login(team["officer"])
    assert client.post(url, {"decision": "endorse"}).status_code == 403
    client.force_login(StaffFactory(role=roles.LINE_MANAGER))  # another team
    assert client.post(url, {"decision": "endorse"}).status_code == 404
    client.force_login(team["manager"])
    assert client.post(url, {"decision": "endorse"}).status_code == 302
    assert Referral.objects.get().status == Referral.Status.SENT


def test_recording_the_mappa_units_rejection(client, team, django_capture_on_commit_callbacks):
    referral = MappaReferralFactory(case=team["case"])
    client.force_login(team["officer"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("mappa:referral-response", args=[referral.pk]),
            {"decision": "REJ1", "reason": "Communication sufficient."},
        )
    assert response.status_code == 302
    assert Referral.objects.get().status == Referral.Status.REJECTED
    assert len(callbacks) >= 1


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


def test_the_head_of_public_protection_overturns_from_their_queue(client, team):
    escalation = EscalationFactory(
        referral__case=team["case"], assigned_to=team["head"], level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION
    )
    client.force_login(team["manager"])
    assert client.get(reverse("mappa:hopp-queue")).status_code == 403
    client.force_login(team["head"])
    assert team["case"].crn in client.get(reverse("mappa:hopp-queue")).content.decode()
    response = client.post(
        reverse("mappa:escalation-detail", args=[escalation.pk]), {"action": "overturn", "rationale": "Needs MAPPA."}
    )
    assert response.status_code == 302
    assert Referral.objects.get().status == Referral.Status.ACCEPTED


def test_the_officer_answers_a_request_for_more_information(client, team):
    escalation = EscalationFactory(referral__case=team["case"], assigned_to=team["manager"], status="INFO")
    url = reverse("mappa:escalation-answer", args=[escalation.pk])
    client.force_login(team["manager"])
    assert client.post(url, {"rationale": "x"}).status_code == 403
    client.force_login(team["officer"])
    assert client.post(url, {"rationale": "Police intelligence attached."}).status_code == 302
    assert Escalation.objects.get().status == Escalation.Status.OPEN


def _queue_of(manager, case, count):
    for _ in range(count):
        EscalationFactory(referral=RejectedMappaReferralFactory(case=case), assigned_to=manager)


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


def test_recording_a_meeting_with_actions(client, team):
    client.force_login(team["officer"])
    url = reverse("mappa:meeting-new", args=[team["case"].crn])
    token = client.get(url).context["form"].initial["submission_token"]
    held = timezone.localdate() - timedelta(days=1)
    data = {
        "held_on_0": held.day,
        "held_on_1": held.month,
        "held_on_2": held.year,
        "level": "2",
        "chair": "DI Kent",
        "attendees": "RO\nPolice",
        "enforcement_decision": "FINAL",
        "submission_token": token,
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-0-description": "Police to check vehicle use",
        "actions-0-owner_name": "DI Kent",
        "actions-0-due_on_0": "1",
        "actions-0-due_on_1": "1",
        "actions-0-due_on_2": str(held.year + 1),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["error_form"].errors
    meeting = MappaMeeting.objects.get()
    assert meeting.actions.count() == 1
    assert meeting.next_review_on == held + timedelta(weeks=16)
    assert client.get(reverse("mappa:meeting-detail", args=[meeting.pk])).status_code == 200


def test_an_action_without_an_owner_is_refused_and_nothing_is_saved(client, team):
    client.force_login(team["officer"])
    url = reverse("mappa:meeting-new", args=[team["case"].crn])
    token = client.get(url).context["form"].initial["submission_token"]
    held = timezone.localdate()
    data = {
        "held_on_0": held.day,
        "held_on_1": held.month,
        "held_on_2": held.year,
        "level": "2",
        "chair": "DI Kent",
        "attendees": "RO",
        "submission_token": token,
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-description": "Something",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select who owns the action" in response.content.decode()
    assert not MappaMeeting.objects.exists()


def test_marking_an_action_done(client, team):
    action = MappaActionFactory(meeting=MappaMeetingFactory(case=team["case"]))
    client.force_login(StaffFactory())
    assert client.post(reverse("mappa:action-done", args=[action.pk])).status_code == 404
    client.force_login(team["officer"])
    assert client.post(reverse("mappa:action-done", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_navigation_shows_each_queue_only_to_its_role(client, team):
    client.force_login(team["officer"])
    body = client.get(reverse("supervision:caseload")).content.decode()
    assert "MAPPA escalations" not in body
    client.force_login(team["manager"])
    assert "MAPPA escalations" in client.get(reverse("supervision:caseload")).content.decode()
