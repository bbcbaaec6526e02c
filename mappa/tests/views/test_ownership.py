"""Same-team ownership: only a referral's maker or their line manager (or cover) withdraws it; only an action's
owner, or the case's officer or manager on the owner's behalf (with both names shown), marks it done. Another
officer in the team is refused and nothing changes."""

import pytest
from django.urls import reverse

from mappa.models import Referral
from mappa.tests.factories import MappaActionFactory, MappaMeetingFactory, MappaReferralFactory, managed_team
from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["colleague"] = StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=people["team"])
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def withdraw(client, user, referral):
    client.force_login(user)
    return client.post(reverse("mappa:referral-withdraw", args=[referral.pk]), {"rationale": "No longer needed."})


def test_another_officer_in_the_team_cannot_withdraw_the_referral(client, team):
    referral = MappaReferralFactory(case=team["case"], created_by=team["officer"])
    status = Referral.objects.get(pk=referral.pk).status
    client.force_login(team["colleague"])
    detail = client.get(reverse("mappa:referral-detail", args=[referral.pk])).content.decode()
    assert "Withdraw referral" not in detail
    assert withdraw(client, team["colleague"], referral).status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == status


@pytest.mark.parametrize("who", ["officer", "manager", "deputy"])
def test_the_maker_or_their_manager_or_cover_withdraws_it(client, team, who):
    referral = MappaReferralFactory(case=team["case"], created_by=team["officer"])
    assert withdraw(client, team[who], referral).status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.WITHDRAWN


def mark_done(client, user, action):
    client.force_login(user)
    return client.post(reverse("mappa:action-done", args=[action.pk]))


def test_another_officer_cannot_mark_the_polices_action_done(client, team):
    action = MappaActionFactory(meeting=MappaMeetingFactory(case=team["case"]), owner_name="DI Sarah Kent")
    client.force_login(team["colleague"])
    page = client.get(reverse("mappa:meeting-detail", args=[action.meeting_id])).content.decode()
    assert "Mark as done" not in page
    assert mark_done(client, team["colleague"], action).status_code == 403
    action.refresh_from_db()
    assert action.done_on is None and action.done_recorded_by is None


def test_an_officer_cannot_mark_a_colleagues_own_action_done(client, team):
    other_case = CaseFactory(responsible_officer=team["colleague"], team=team["team"])
    action = MappaActionFactory(meeting=MappaMeetingFactory(case=other_case), owner_user=team["colleague"])
    assert mark_done(client, team["officer"], action).status_code == 403
    action.refresh_from_db()
    assert action.done_on is None


def test_the_owner_marks_their_own_action_done(client, team):
    action = MappaActionFactory(
        meeting=MappaMeetingFactory(case=team["case"]), owner_user=team["colleague"], owner_name=""
    )
    assert mark_done(client, team["colleague"], action).status_code == 302
    action.refresh_from_db()
    assert action.done_on is not None and action.done_recorded_by == team["colleague"]
    page = client.get(reverse("mappa:meeting-detail", args=[action.meeting_id])).content.decode()
    assert "on behalf of" not in page


@pytest.mark.parametrize("who", ["officer", "manager", "head"])
def test_the_cases_officer_or_manager_records_it_on_the_owners_behalf_with_both_names(client, team, who):
    action = MappaActionFactory(meeting=MappaMeetingFactory(case=team["case"]), owner_name="DI Sarah Kent")
    assert mark_done(client, team[who], action).status_code == 302
    action.refresh_from_db()
    assert action.done_recorded_by == team[who]
    page = client.get(reverse("mappa:meeting-detail", args=[action.meeting_id])).content.decode()
    assert f"Recorded by {team[who].get_full_name()} on behalf of DI Sarah Kent" in page
