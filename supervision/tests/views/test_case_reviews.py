"""The "keeping people safe" review pages: the evidence page and its window (bad dates get the error summary),
saving a review once, who may, the saved reviews, two side by side, the team view, and fixed query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.tests.form_client import guards
from supervision.models import CaseAccessLimit, CaseReview
from supervision.models.case_reviews import Prompt
from supervision.services.access import set_access_limit
from supervision.services.case_reviews import default_window
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, ContactFactory, HomeVisitTypeFactory, KeyIndividualFactory
from supervision.tests.oversight_factories import record_case_review, record_oversight

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], started_on=TODAY - timedelta(days=300)
    )
    return people


def url(name, case, pk=None):
    return reverse(f"supervision:{name}", kwargs={"crn": case.crn, **({"pk": pk} if pk else {})})


def window(start, end):
    return {
        "window_from_0": start.day,
        "window_from_1": start.month,
        "window_from_2": start.year,
        "window_to_0": end.day,
        "window_to_1": end.month,
        "window_to_2": end.year,
    }


def review_post(start, end, *, not_sufficient=(), **extra):
    data = {"window_from": start.isoformat(), "window_to": end.isoformat(), "summary": "Reviewed in supervision."}
    for prompt in Prompt:
        insufficient = prompt.value in not_sufficient
        data[f"{prompt.value}_judgement"] = "no" if insufficient else "yes"
        data[f"{prompt.value}_comment"] = "Not enough contact with the partner" if insufficient else ""
    return {**data, **extra}


def test_the_evidence_page_opens_on_the_last_six_months(client, team):
    client.force_login(team["manager"])

    page = client.get(url("case-review-new", team["case"])).content.decode()

    assert "Contact requirement periods met" in page
    start, end = default_window(TODAY)
    assert f"Evidence from {start:%-d %B %Y} to {end:%-d %B %Y}" in page
    assert 'name="VICTIMS_judgement"' in page


def test_bad_dates_show_the_error_summary_and_no_evidence(client, team):
    client.force_login(team["manager"])
    bad = {**window(TODAY, TODAY), "window_from_0": "31", "window_from_1": "2"}

    page = client.get(url("case-review-new", team["case"]), bad).content.decode()

    assert "There is a problem" in page
    assert "The start of the window must be a real date" in page
    assert "Contact requirement periods met" not in page


def test_a_window_ending_before_it_starts_is_refused_with_a_message(client, team):
    client.force_login(team["manager"])

    page = client.get(url("case-review-new", team["case"]), window(TODAY, TODAY - timedelta(days=5))).content.decode()

    assert "The start of the window must be the same as or before its end" in page


def test_a_manager_saves_a_review_once_however_often_the_form_is_sent(client, team):
    client.force_login(team["manager"])
    path = url("case-review-new", team["case"])
    start = TODAY - timedelta(days=90)
    data = {**guards(client, path), **review_post(start, TODAY, not_sufficient=[Prompt.KEY_INDIVIDUALS.value])}

    first = client.post(path, data)
    second = client.post(path, data)

    review = CaseReview.objects.get()
    assert first.status_code == 302 and second.status_code == 302
    assert first["Location"] == url("case-review-detail", team["case"], review.pk)
    assert (review.window_from, review.window_to) == (start, TODAY)
    assert not review.judgements.get(prompt=Prompt.KEY_INDIVIDUALS).is_sufficient


def test_not_sufficient_without_a_comment_shows_the_error_summary_and_saves_nothing(client, team):
    client.force_login(team["manager"])
    data = review_post(TODAY - timedelta(days=30), TODAY, not_sufficient=[Prompt.VICTIMS.value])
    data[f"{Prompt.VICTIMS.value}_comment"] = ""
    del data[f"{Prompt.CONTACT.value}_judgement"]

    page = client.post(url("case-review-new", team["case"]), data).content.decode()

    assert "There is a problem" in page
    assert "Enter why this was not sufficient" in page
    assert "Select whether this was sufficient" in page
    assert not CaseReview.objects.exists()


@pytest.mark.parametrize("who", ["officer", "colleague"])
def test_officers_may_read_reviews_but_not_make_them(client, team, who):
    review = record_case_review(team["case"], team["manager"])
    client.force_login(team[who])

    assert client.get(url("case-review-new", team["case"])).status_code == 403
    assert client.post(url("case-review-new", team["case"]), review_post(TODAY, TODAY)).status_code == 403
    assert client.get(url("case-review-detail", team["case"], review.pk)).status_code == 200
    assert client.get(url("case-reviews", team["case"])).status_code == 200


def test_a_manager_of_another_team_cannot_find_the_case_or_its_reviews(client, team):
    review = record_case_review(team["case"], team["manager"])
    client.force_login(managed_team()["manager"])

    assert client.get(url("case-review-new", team["case"])).status_code == 404
    assert client.get(url("case-review-detail", team["case"], review.pk)).status_code == 404


def test_two_reviews_side_by_side_show_each_judgement_and_figure(client, team):
    first = record_case_review(team["case"], team["manager"], not_sufficient=[Prompt.HOME_VISITS.value])
    ContactFactory(case=team["case"], contact_type=HomeVisitTypeFactory())
    second = record_case_review(team["case"], team["manager"])
    client.force_login(team["manager"])

    response = client.get(url("case-review-compare", team["case"]), {"first": second.pk, "second": first.pk})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Not sufficient") >= 1
    assert "Home visits made" in page
    assert client.get(url("case-review-compare", team["case"]), {"first": "x", "second": "1"}).status_code == 404


def test_the_team_view_lists_each_cases_latest_review(client, team):
    record_case_review(team["case"], team["manager"], not_sufficient=[Prompt.VICTIMS.value])
    client.force_login(team["manager"])

    page = client.get(reverse("supervision:team-case-reviews")).content.decode()

    assert team["case"].crn in page
    assert "Actual and potential victims were protected" in page


def test_officers_are_refused_the_team_view(client, team):
    client.force_login(team["officer"])

    assert client.get(reverse("supervision:team-case-reviews")).status_code == 403


def _queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured)


def test_the_evidence_page_costs_the_same_queries_however_much_the_case_holds(
    client, team, django_assert_max_num_queries
):
    client.force_login(team["manager"])
    path = url("case-review-new", team["case"])
    small = _queries(client, path)
    visit = HomeVisitTypeFactory()
    for days_ago in range(1, 40, 4):
        ContactFactory(case=team["case"], contact_type=visit, starts_at=timezone.now() - timedelta(days=days_ago))
        KeyIndividualFactory(case=team["case"], is_victim=True)
    for _ in range(3):
        record_oversight(team["case"], team["manager"], actions=[("Visit", 3)])

    with django_assert_max_num_queries(small):
        assert client.get(path).status_code == 200


def test_the_team_view_costs_the_same_queries_for_one_case_or_six(client, team, django_assert_max_num_queries):
    client.force_login(team["manager"])
    record_case_review(team["case"], team["manager"])
    small = _queries(client, reverse("supervision:team-case-reviews"))
    for _ in range(5):
        case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
        record_case_review(case, team["manager"], not_sufficient=[Prompt.CONTACT.value])

    with django_assert_max_num_queries(small):
        assert client.get(reverse("supervision:team-case-reviews")).status_code == 200


def test_the_review_pages_cost_the_same_queries_for_two_reviews_or_six(client, team, django_assert_max_num_queries):
    client.force_login(team["manager"])
    first = record_case_review(team["case"], team["manager"])
    second = record_case_review(team["case"], team["manager"])
    pages = [
        (url("case-reviews", team["case"]), None),
        (url("case-review-detail", team["case"], first.pk), None),
        (url("case-review-compare", team["case"]), {"first": first.pk, "second": second.pk}),
    ]
    small = [_queries(client, path, params) for path, params in pages]
    for _ in range(4):
        record_case_review(team["case"], team["manager"], not_sufficient=[Prompt.CONTACT.value])

    for (path, params), count in zip(pages, small, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(path, params).status_code == 200


def test_a_case_whose_access_excludes_the_manager_is_left_out_of_the_team_view(client, team):
    hidden = CaseFactory(responsible_officer=team["officer"], team=team["team"], last_name="Withheld")
    record_case_review(hidden, team["manager"], not_sufficient=[Prompt.VICTIMS.value])
    set_access_limit(
        hidden,
        kind=CaseAccessLimit.Kind.EXCLUSION,
        staff=[team["manager"]],
        message="Ask the Head of Public Protection",
        reason="Known to the manager",
        by=team["head"],
    )
    client.force_login(team["manager"])

    page = client.get(reverse("supervision:team-case-reviews")).content.decode()

    assert hidden.crn not in page and "Withheld" not in page
    assert team["case"].crn in page
