"""Amending a MAPPA meeting and its actions: with a reason, refused from a stale copy, refused to another
officer; the meeting page shows each amendment. New actions come in MoJ "add another" rows, at most 20."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.forms.meetings import ACTION_CANNOT_BE_REMOVED
from mappa.models import MappaAction, MappaMeeting
from mappa.services import meetings as services
from mappa.tests.factories import AgencyFactory, MappaActionFactory, MappaMeetingFactory, managed_team
from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    people["meeting"] = MappaMeetingFactory(case=people["case"], recorded_by=people["officer"], chair="DI Kent")
    people["action"] = MappaActionFactory(meeting=people["meeting"], description="Police to check vehicle use")
    return people


def _amendment(client, meeting, **changes):
    """The amendment page's own form as drawn, posted back with `changes`."""
    url = reverse("mappa:meeting-amend", args=[meeting.pk])
    page = client.get(url)
    form, current, formset = page.context["form"], page.context["current"], page.context["formset"]
    data = {}
    for bound in (form, *current, *formset):
        for field in bound:
            value = field.value()
            widget = field.field.widget
            if hasattr(widget, "widgets"):
                for position, part in enumerate(widget.decompress(value) if not isinstance(value, list) else value):
                    data[f"{field.html_name}_{position}"] = "" if part is None else part
            elif isinstance(value, list):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = "" if value is None else value
    for management in (current.management_form, formset.management_form):
        for field in management:
            data[field.html_name] = field.value()
    data.update(changes)
    return url, data


def test_an_officer_amends_the_meeting_and_an_action_and_the_page_shows_the_history(client, team):
    meeting, action = team["meeting"], team["action"]
    client.force_login(team["officer"])
    url, data = _amendment(
        client,
        meeting,
        chair="DCI Rao",
        reason="The minutes name DCI Rao as chair",
        **{"current-0-description": "Police to check vehicle and phone use"},
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["error_form"].errors
    meeting.refresh_from_db()
    action.refresh_from_db()
    assert (meeting.chair, meeting.version) == ("DCI Rao", 2)
    assert action.description == "Police to check vehicle and phone use"
    latest = meeting.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("The minutes name DCI Rao as chair", team["officer"])
    page = client.get(reverse("mappa:meeting-detail", args=[meeting.pk])).text
    assert "Amended: The minutes name DCI Rao as chair" in page
    assert "DI Kent → DCI Rao" in page
    assert "Police to check vehicle use → Police to check vehicle and phone use" in page


def test_new_actions_are_added_from_add_another_rows(client, team):
    meeting = team["meeting"]
    client.force_login(team["officer"])
    due = timezone.localdate() + timedelta(days=14)
    url, data = _amendment(
        client,
        meeting,
        reason="Actions agreed after the meeting",
        **{
            "actions-TOTAL_FORMS": "2",
            "actions-0-description": "Children's services to visit the partner",
            "actions-0-owner_agency": AgencyFactory().pk,
            "actions-0-due_on_0": due.day,
            "actions-0-due_on_1": due.month,
            "actions-0-due_on_2": due.year,
            "actions-1-description": "",
        },
    )
    assert client.post(url, data).status_code == 302
    assert meeting.actions.count() == 2
    added = meeting.actions.get(description__startswith="Children")
    assert added.history.get().history_change_reason == "Actions agreed after the meeting"
    page = client.get(reverse("mappa:meeting-detail", args=[meeting.pk])).text
    assert "Action added" in page


def test_an_amendment_from_a_stale_copy_is_refused_and_shows_what_changed(client, team):
    meeting = team["meeting"]
    client.force_login(team["officer"])
    url, stale = _amendment(client, meeting, chair="DS Webb", reason="Typo")
    _, first = _amendment(client, meeting, chair="DCI Rao", reason="The minutes name DCI Rao")
    assert client.post(url, first).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "Someone else" in response.text or response.context["form"].non_field_errors()
    assert response.context["changes"]
    meeting.refresh_from_db()
    assert meeting.chair == "DCI Rao"


def test_an_amendment_needs_a_reason_and_cannot_remove_an_action(client, team):
    client.force_login(team["officer"])
    url, data = _amendment(client, team["meeting"], reason="", **{"current-0-description": ""})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [services.AMENDMENT_REASON_NEEDED]
    assert response.context["current"][0].errors["description"] == [ACTION_CANNOT_BE_REMOVED]
    assert MappaAction.objects.get().description == "Police to check vehicle use"


def test_another_meetings_action_cannot_be_changed_through_this_one(client, team):
    other = MappaActionFactory(meeting=MappaMeetingFactory(case=team["case"]), description="Theirs")
    client.force_login(team["officer"])
    url, data = _amendment(client, team["meeting"], reason="Sneaky", **{"current-0-action_id": other.pk})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "action_id" in response.context["current"][0].errors
    other.refresh_from_db()
    assert other.description == "Theirs"


def test_another_officer_in_the_team_may_read_the_meeting_but_not_amend_it(client, team):
    url = reverse("mappa:meeting-amend", args=[team["meeting"].pk])
    client.force_login(StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team["team"]))
    assert client.get(reverse("mappa:meeting-detail", args=[team["meeting"].pk])).status_code == 200
    assert client.get(url).status_code == 403
    assert "Amend this meeting" not in client.get(reverse("mappa:meeting-detail", args=[team["meeting"].pk])).text
    client.force_login(team["manager"])
    assert client.get(url).status_code == 200


def test_a_plan_holds_at_most_20_actions(team):
    meeting = team["meeting"]
    new = [{"description": f"Action {n}", "owner_name": "DI Kent", "due_on": timezone.localdate()} for n in range(20)]
    with pytest.raises(services.RuleBroken) as refused:
        services.amend_mappa_meeting(meeting, by=team["officer"], reason="More", changes={}, new_actions=new)
    assert refused.value.message == services.TOO_MANY_ACTIONS
    assert MappaMeeting.objects.get().actions.count() == 1


def test_without_javascript_add_another_posts_back_one_more_row_and_saves_nothing(client, team):
    client.force_login(team["officer"])
    url = reverse("mappa:meeting-new", args=[team["case"].crn])
    page = client.get(url)
    assert 'data-module="moj-add-another"' in page.text
    assert 'data-name="actions-%index%-description"' in page.text
    assert 'data-name="actions-%index%-due_on_0"' in page.text
    token = page.context["form"].initial["submission_token"]
    response = client.post(
        url,
        {
            "submission_token": token,
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-description": "Police to check vehicle use",
            "add-action": "1",
        },
    )
    assert response.status_code == 200
    assert len(response.context["formset"]) == 2
    assert response.context["error_form"] is None
    assert "Police to check vehicle use" in response.text
    assert MappaMeeting.objects.count() == 1  # only the fixture's
