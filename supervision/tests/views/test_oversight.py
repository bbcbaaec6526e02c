"""The management oversight pages: who may record it, what a post saves (once), the error summary on bad input,
the officer marking an action done from My work, and lists that cost a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.tests.form_client import guards
from supervision.models import OversightAction, OversightRecord
from supervision.services import oversight as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory
from supervision.tests.oversight_factories import record_oversight

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def url(name, case, pk=None):
    return reverse(f"supervision:{name}", kwargs={"crn": case.crn, **({"pk": pk} if pk else {})})


def date_parts(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def oversight_post(*actions, **extra):
    data = {
        **date_parts("reviewed_on", TODAY),
        "areas": ["CONTACTS", "VICTIMS"],
        "what_was_reviewed": "The contacts since release and the victim liaison reports.",
        "decision": "Increase home visits; refer to children's social care.",
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": "0",
    }
    for index, (text, due) in enumerate(actions):
        data[f"actions-{index}-description"] = text
        data.update(date_parts(f"actions-{index}-due_on", due))
    return {**data, **extra}


def test_a_line_manager_records_oversight_with_two_actions_once_however_often_it_is_sent(client, team):
    client.force_login(team["manager"])
    path = url("oversight-create", team["case"])
    data = {
        **guards(client, path),
        **oversight_post(("Refer to children's social care", TODAY + timedelta(days=2)), ("Home visit", TODAY)),
    }

    first = client.post(path, data)
    second = client.post(path, data)

    assert first.status_code == 302 and second.status_code == 302
    record = OversightRecord.objects.get()
    assert record.recorded_by == team["manager"]
    assert sorted(record.actions.values_list("description", flat=True)) == [
        "Home visit",
        "Refer to children's social care",
    ]


def test_bad_input_shows_the_error_summary_and_saves_nothing(client, team):
    client.force_login(team["manager"])
    data = oversight_post(("Home visit", TODAY), decision="", **{"actions-0-due_on_0": "31", "actions-0-due_on_1": "2"})

    response = client.post(url("oversight-create", team["case"]), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert services.DECISION_REQUIRED in page
    assert not OversightRecord.objects.exists()


def test_add_another_action_without_javascript_draws_one_more_row_and_saves_nothing(client, team):
    client.force_login(team["manager"])

    response = client.post(
        url("oversight-create", team["case"]), oversight_post(("Home visit", TODAY), **{"add-action": "1"})
    )

    assert response.status_code == 200
    assert 'name="actions-1-description"' in response.content.decode()
    assert not OversightRecord.objects.exists()


@pytest.mark.parametrize("who", ["officer", "colleague"])
def test_officers_are_refused_the_oversight_form(client, team, who):
    client.force_login(team[who])

    assert client.get(url("oversight-create", team["case"])).status_code == 403
    assert client.post(url("oversight-create", team["case"]), oversight_post()).status_code == 403
    assert not OversightRecord.objects.exists()


def test_a_manager_of_another_team_cannot_find_the_case(client, team):
    client.force_login(managed_team()["manager"])

    assert client.get(url("oversight-create", team["case"])).status_code == 404
    assert client.get(url("case-oversight", team["case"])).status_code == 404


def test_the_officer_sees_the_action_in_my_work_and_marks_it_done(client, team):
    record = record_oversight(team["case"], team["manager"], actions=[("Book an unannounced home visit", 3)])
    action = record.actions.get()
    client.force_login(team["officer"])

    work = client.get(reverse("supervision:my-work")).content.decode()
    assert "Book an unannounced home visit" in work
    assert "Actions from management oversight" in work

    response = client.post(
        url("oversight-action-done", team["case"], action.pk),
        {"note": "Visited; partner seen alone", **date_parts("done_on", TODAY)},
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == OversightAction.Status.DONE
    assert "Book an unannounced home visit" not in client.get(reverse("supervision:my-work")).content.decode()


def test_marking_done_from_a_stale_form_is_refused_with_a_message(client, team):
    action = record_oversight(team["case"], team["manager"], actions=[("Home visit", 3)]).actions.get()
    client.force_login(team["officer"])
    path = url("oversight-action-done", team["case"], action.pk)
    data = {**guards(client, path), "note": "Done", **date_parts("done_on", TODAY)}
    data["version"] = str(action.version + 1)

    response = client.post(path, data)

    assert response.status_code == 200
    assert OversightAction.objects.get().status == "OPEN"


def test_a_colleague_cannot_mark_the_action_done(client, team):
    action = record_oversight(team["case"], team["manager"], actions=[("Home visit", 3)]).actions.get()
    client.force_login(team["colleague"])

    assert client.get(url("oversight-action-done", team["case"], action.pk)).status_code == 403


def test_oversight_shows_on_the_case_tab_the_chronology_and_the_overview(client, team):
    record_oversight(team["case"], team["manager"], actions=[("Speak to the partner alone", 3)])
    client.force_login(team["officer"])

    assert "Speak to the partner alone" in client.get(url("case-oversight", team["case"])).content.decode()
    assert "Management oversight" in client.get(url("case-chronology", team["case"])).content.decode()
    assert "Speak to the partner alone" in client.get(url("case-detail", team["case"])).content.decode()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["case-oversight", "case-chronology", "case-detail"])
def test_pages_listing_oversight_cost_the_same_queries_for_one_record_or_eight(
    client, team, page, django_assert_max_num_queries
):
    client.force_login(team["manager"])
    record_oversight(team["case"], team["manager"], actions=[("Visit", 2)])
    small = _queries(client, url(page, team["case"]))
    for _ in range(7):
        record_oversight(team["case"], team["manager"], actions=[("Visit", 2), ("Refer", 4)])

    with django_assert_max_num_queries(small):
        assert client.get(url(page, team["case"])).status_code == 200


def test_my_work_costs_the_same_queries_for_one_action_or_many(client, team, django_assert_max_num_queries):
    client.force_login(team["officer"])
    record_oversight(team["case"], team["manager"], actions=[("Visit", 2)])
    small = _queries(client, reverse("supervision:my-work"))
    for _ in range(3):
        case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
        record_oversight(case, team["manager"], actions=[("Visit", 2), ("Refer", 4)])

    with django_assert_max_num_queries(small):
        assert client.get(reverse("supervision:my-work")).status_code == 200
