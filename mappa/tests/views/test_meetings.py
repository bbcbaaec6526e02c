"""MAPPA meeting pages: recording a meeting with its actions, refusing an action without an owner, marking
an action done."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.models import MappaMeeting
from mappa.tests.factories import (
    MappaActionFactory,
    MappaMeetingFactory,
    managed_team,
)
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


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
