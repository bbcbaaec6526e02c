"""The recall pages: who may open each step (403 for the wrong person, 404 outside scope), what a post saves
(once), the messages a broken rule shows, the queue's scope and order, and fixed query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.tests.form_client import guards
from supervision import roles
from supervision.models import Case, Recall, RecallEvent
from supervision.services import recalls as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, StaffFactory
from supervision.tests.recall_factories import endorsed_recall, recommend_recall, requested_recall

pytestmark = pytest.mark.django_db

Status = Recall.Status
TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def url(name, recall):
    return reverse(f"supervision:{name}", kwargs={"crn": recall.case.crn, "pk": recall.pk})


def status_of(recall):
    return Recall.objects.get(pk=recall.pk).status


def test_the_recall_page_shows_the_recommendation_its_history_and_the_managers_steps(client, team):
    recall = recommend_recall(team["case"], kind=Recall.Kind.EMERGENCY)
    client.force_login(team["manager"])

    page = client.get(url("recall-detail", recall)).content.decode()

    assert "Emergency recall" in page and "Missed the Building Better Relationships session" in page
    assert "A further warning and an increased reporting level" in page
    assert "moj-timeline" in page and "Recall recommended" in page
    assert url("recall-endorse", recall) in page and url("recall-refuse-endorsement", recall) in page
    assert url("recall-countersign", recall) not in page


def test_a_late_recall_is_marked_late_in_red_with_its_deadline(client, team):
    recall = recommend_recall(team["case"], now=timezone.now() - timedelta(days=2))
    client.force_login(team["officer"])

    page = client.get(url("recall-detail", recall)).content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Late</strong>' in page
    assert f"{timezone.localtime(recall.endorse_by):%-d %B %Y, %H:%M}" in page
    assert url("recall-endorse", recall) not in page  # the officer cannot endorse
    assert url("recall-withdraw", recall) in page


def test_the_line_manager_endorses_through_the_form_once_however_often_it_is_sent(client, team):
    recall = recommend_recall(team["case"])
    client.force_login(team["manager"])
    data = {**guards(client, url("recall-endorse", recall)), "note": "Agreed.", "confirmed": "on"}

    first = client.post(url("recall-endorse", recall), data)
    second = client.post(url("recall-endorse", recall), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == recall.get_absolute_url()
    assert status_of(recall) == Status.ENDORSED
    assert recall.events.filter(action=RecallEvent.Action.ENDORSED).count() == 1


def test_an_unticked_confirmation_shows_the_error_summary_and_saves_nothing(client, team):
    recall = recommend_recall(team["case"])
    client.force_login(team["manager"])

    response = client.post(url("recall-refuse-endorsement", recall), {"reason": "", "confirmed": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert services.REFUSAL_REASON_REQUIRED in page
    assert "Confirm that you do not endorse the recall" in page
    assert status_of(recall) == Status.RECOMMENDED


def test_an_endorsement_from_a_page_opened_before_another_managers_is_refused(client, team):
    recall = recommend_recall(team["case"])
    client.force_login(team["manager"])
    stale = guards(client, url("recall-refuse-endorsement", recall))
    services.withdraw_recall(recall, by=team["officer"], reason="Arrested on a new charge")

    response = client.post(url("recall-refuse-endorsement", recall), {**stale, "reason": "No", "confirmed": "on"})

    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert status_of(recall) == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("page", "who", "state"),
    [
        ("recall-endorse", "officer", "recommended"),
        ("recall-endorse", "colleague", "recommended"),
        ("recall-refuse-endorsement", "officer", "recommended"),
        ("recall-countersign", "manager", "endorsed"),
        ("recall-countersign", "deputy", "endorsed"),
        ("recall-refuse-countersignature", "manager", "endorsed"),
        ("recall-withdraw", "colleague", "recommended"),
        ("recall-confirm", "colleague", "requested"),
    ],
)
def test_the_wrong_person_is_refused_every_step(client, team, page, who, state):
    makers = {
        "recommended": lambda: recommend_recall(team["case"]),
        "endorsed": lambda: endorsed_recall(team["case"], manager=team["manager"]),
        "requested": lambda: requested_recall(team["case"], manager=team["manager"], head=team["head"]),
    }
    recall = makers[state]()
    client.force_login(team[who])

    assert client.get(url(page, recall)).status_code == 403
    assert client.post(url(page, recall), {"reason": "x", "confirmed": "on"}).status_code == 403
    assert status_of(recall) == recall.status


def test_no_one_signs_their_own_recommendation(client, team):
    recall = recommend_recall(team["case"], by=team["manager"])
    client.force_login(team["manager"])
    assert client.get(url("recall-endorse", recall)).status_code == 403
    assert url("recall-endorse", recall) not in client.get(url("recall-detail", recall)).content.decode()


@pytest.mark.parametrize("who", ["officer", "manager", "head"])
def test_another_regions_staff_cannot_open_the_recall(client, team, who):
    recall = endorsed_recall(team["case"], manager=team["manager"])
    client.force_login(managed_team()[who])
    for page in ("recall-detail", "recall-countersign", "recall-endorse"):
        assert client.get(url(page, recall)).status_code == 404


@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.AUDITOR, roles.MAPPA_COORDINATOR])
def test_administrators_auditors_and_coordinators_get_no_recall_page(client, team, role):
    recall = recommend_recall(team["case"])
    client.force_login(StaffFactory(role=role, profile__team=team["team"]))
    assert client.get(url("recall-detail", recall)).status_code == 403
    assert client.get(reverse("supervision:recall-queue")).status_code == 403


def test_the_head_countersigns_and_the_officer_confirms_and_the_case_is_recalled(client, team):
    recall = endorsed_recall(team["case"], manager=team["manager"])
    client.force_login(team["head"])
    assert client.post(url("recall-countersign", recall), {"confirmed": "on"}).status_code == 302
    assert status_of(recall) == Status.REQUESTED

    client.force_login(team["officer"])
    day = {"confirmed_on_0": TODAY.day, "confirmed_on_1": TODAY.month, "confirmed_on_2": TODAY.year}
    assert client.post(url("recall-confirm", recall), {**day, "confirmed": "on"}).status_code == 302

    assert status_of(recall) == Status.CONFIRMED
    assert Case.objects.get(pk=team["case"].pk).status == Case.Status.RECALLED


def test_a_confirmation_dated_before_the_request_shows_on_the_date(client, team):
    recall = requested_recall(team["case"], manager=team["manager"], head=team["head"])
    client.force_login(team["officer"])
    day = TODAY - timedelta(days=5)
    data = {"confirmed_on_0": day.day, "confirmed_on_1": day.month, "confirmed_on_2": day.year, "confirmed": "on"}

    response = client.post(url("recall-confirm", recall), data)

    assert services.CONFIRMED_BEFORE_REQUESTED in response.content.decode()
    assert status_of(recall) == Status.REQUESTED


# The queue ------------------------------------------------------------------------------------------------------


def _queue(client):
    return client.get(reverse("supervision:recall-queue"))


def test_the_queue_lists_endorsements_for_the_manager_and_countersignatures_for_the_head(client, team):
    waiting = recommend_recall(team["case"])
    other = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    endorsed = endorsed_recall(other, manager=team["manager"])

    client.force_login(team["manager"])
    manager_sees = list(_queue(client).context["recalls"])
    client.force_login(team["head"])
    head_sees = list(_queue(client).context["recalls"])
    client.force_login(managed_team()["head"])
    elsewhere_sees = list(_queue(client).context["recalls"])

    assert manager_sees == [waiting]
    assert head_sees == [endorsed]
    assert elsewhere_sees == []


def test_an_officer_has_no_recall_queue(client, team):
    client.force_login(team["officer"])
    assert _queue(client).status_code == 403


def test_the_queue_puts_emergency_then_late_recalls_first(client, team):
    def case():
        return CaseFactory(responsible_officer=team["officer"], team=team["team"])

    now = timezone.now()
    standard = recommend_recall(case(), now=now)
    late = recommend_recall(case(), now=now - timedelta(days=2))
    emergency = recommend_recall(case(), kind=Recall.Kind.EMERGENCY, now=now)
    late_emergency = recommend_recall(case(), kind=Recall.Kind.EMERGENCY, now=now - timedelta(days=1))
    client.force_login(team["manager"])

    response = _queue(client)

    assert list(response.context["recalls"]) == [late_emergency, emergency, late, standard]
    assert response.content.decode().count('govuk-tag--red">Late') == 2


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_queue_costs_the_same_queries_for_two_or_twelve_recalls(client, team, django_assert_max_num_queries):
    for _ in range(2):
        recommend_recall(CaseFactory(responsible_officer=team["officer"], team=team["team"]))
    client.force_login(team["manager"])
    small = _queries(client, reverse("supervision:recall-queue"))
    for _ in range(10):
        recommend_recall(CaseFactory(responsible_officer=team["officer"], team=team["team"]))

    with django_assert_max_num_queries(small):
        response = _queue(client)
    assert len(response.context["recalls"]) == 12


def test_the_recall_page_and_chronology_cost_the_same_queries_however_long_the_history(
    client, team, django_assert_max_num_queries
):
    first = recommend_recall(team["case"])
    client.force_login(team["manager"])
    pages = [url("recall-detail", first), reverse("supervision:case-chronology", kwargs={"crn": team["case"].crn})]
    small = {page: _queries(client, page) for page in pages}
    services.withdraw_recall(first, by=team["officer"], reason="Arrested")
    for _ in range(3):
        recall = endorsed_recall(team["case"], manager=team["manager"])
        services.refuse_countersignature(recall, by=team["head"], reason="Not enough evidence")

    for page in pages:
        with django_assert_max_num_queries(small[page]):
            client.get(page)


def test_the_chronology_and_my_work_show_the_recall(client, team):
    recall = recommend_recall(team["case"], kind=Recall.Kind.EMERGENCY)
    client.force_login(team["officer"])

    chronology = client.get(reverse("supervision:case-chronology", kwargs={"crn": team["case"].crn}))
    my_work = client.get(reverse("supervision:my-work"))
    overview = client.get(team["case"].get_absolute_url())

    assert "Recall recommended (emergency recall)" in chronology.content.decode()
    assert "Emergency recall waiting for the line manager&#x27;s endorsement" in my_work.content.decode()
    assert recall.get_absolute_url() in overview.content.decode()


def test_a_step_opened_after_the_recall_moved_on_goes_back_to_the_recall_with_where_it_is(client, team):
    recall = endorsed_recall(team["case"], manager=team["manager"])
    client.force_login(team["deputy"])

    response = client.get(url("recall-endorse", recall), follow=True)

    assert response.redirect_chain == [(recall.get_absolute_url(), 302)]
    assert "This step cannot be taken now: the recall is awaiting head of public protection" in (
        response.content.decode()
    )


def test_a_step_page_shows_the_recommendation_being_signed(client, team):
    recall = endorsed_recall(team["case"], manager=team["manager"])
    client.force_login(team["head"])
    page = client.get(url("recall-countersign", recall)).content.decode()
    assert "Alternatives considered" in page and "Missed the Building Better Relationships session" in page
    assert 'name="version"' in page and 'name="submission_token"' in page
