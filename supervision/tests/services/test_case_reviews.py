"""The "keeping people safe" review: the evidence gathered per prompt (in a fixed number of queries), the rules
for saving a judgement on every prompt, the evidence kept with the review, and the team's latest reviews."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caseworks.errors import RulesBroken
from supervision.case_review import Window, gather_evidence
from supervision.models import CaseReview, CaseReviewJudgement, Contact, KeyIndividual, OverdueFlag
from supervision.models.case_reviews import Prompt
from supervision.services import case_reviews as services
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import (
    CaseFactory,
    ContactFactory,
    ContactTypeFactory,
    HomeVisitTypeFactory,
    KeyIndividualFactory,
)
from supervision.tests.oversight_factories import judgements, record_case_review, record_oversight
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], started_on=TODAY - timedelta(days=200)
    )
    return people


def figures(evidence, prompt):
    return {figure.label: figure for figure in evidence[prompt]}


def test_contact_periods_met_are_the_periods_in_the_window_less_those_flagged_overdue(team):
    case = team["case"]
    rule = ContactRuleFactory(contact_types=[HomeVisitTypeFactory()], every_days=14)
    for days_ago in (40, 12):
        OverdueFlag.objects.create(
            case=case, rule=rule, due_on=TODAY - timedelta(days=days_ago), opened_on=TODAY, explanation="Late"
        )
    OverdueFlag.objects.create(
        case=case, rule=rule, due_on=TODAY - timedelta(days=90), opened_on=TODAY, explanation="x"
    )

    evidence = gather_evidence(case, Window(TODAY - timedelta(days=55), TODAY, TODAY))

    contact = figures(evidence, Prompt.CONTACT)
    assert contact["Contact requirement periods met"].value == "2 of 4 (50%)"
    assert contact["Periods flagged overdue"].value == "2"


def test_home_visits_count_those_made_by_probation_and_by_the_police(team):
    case = team["case"]
    visit = HomeVisitTypeFactory()
    ContactFactory(case=case, contact_type=visit, starts_at=timezone.now() - timedelta(days=3))
    ContactFactory(
        case=case,
        contact_type=visit,
        made_by=Contact.MadeBy.POLICE,
        made_by_user=None,
        made_by_identifier="PC 1234",
        made_by_name="PC Hale",
    )
    ContactFactory(case=case, contact_type=visit, outcome=Contact.Outcome.NO_CONTACT)
    ContactFactory(case=case, contact_type=visit, starts_at=timezone.now() - timedelta(days=300))

    evidence = gather_evidence(case, Window(TODAY - timedelta(days=30), TODAY, TODAY))

    visits = figures(evidence, Prompt.HOME_VISITS)
    assert visits["Home visits made"].value == "2"
    assert visits["Home visits made"].items == ["By probation: 1", "By the police on the officer's behalf: 1"]
    assert visits["Home visits without contact"].value == "1"


def test_victims_key_individuals_and_oversight_are_gathered(team):
    case = team["case"]
    KeyIndividualFactory(
        case=case, name="Leanne Pryor", relationship=KeyIndividual.Relationship.FORMER_PARTNER, is_victim=True
    )
    KeyIndividualFactory(
        case=case, name="Kerry Lane", relationship="PARTNER", is_potential_victim=True, is_pregnant=True
    )
    liaison = ContactTypeFactory(code="CLVL", name="Liaison with victim liaison officer", group="AGENCY")
    ContactFactory(case=case, contact_type=liaison)
    record_oversight(case, team["manager"], actions=[("Visit", 3)])

    evidence = gather_evidence(case, Window(TODAY - timedelta(days=30), TODAY, TODAY))

    victims = figures(evidence, Prompt.VICTIMS)
    assert victims["Victims and potential victims recorded"].value == "2"
    assert sorted(victims["Victims and potential victims recorded"].items) == [
        "Kerry Lane (Partner): potential victim, pregnant",
        "Leanne Pryor (Former partner): victim",
    ]
    assert victims["Contacts with the victim liaison officer"].value == "1"
    assert figures(evidence, Prompt.AGENCIES)["Liaison contacts with other agencies"].value == "1"
    assert figures(evidence, Prompt.KEY_INDIVIDUALS)["Key individuals recorded"].value == "2"
    oversight = figures(evidence, Prompt.OVERSIGHT)
    assert oversight["Management oversight recorded"].value == "1"
    assert oversight["Actions set for the officer"].value == "1"


def test_gathering_the_evidence_costs_the_same_queries_however_much_the_case_holds(team, django_assert_max_num_queries):
    case = team["case"]

    def window():
        return Window(TODAY - timedelta(days=180), TODAY, TODAY)  # a fresh cache each time

    with CaptureQueriesContext(connection) as captured:
        gather_evidence(case, window())
    small = len(captured)
    visit = HomeVisitTypeFactory()
    for days_ago in range(1, 30, 3):
        ContactFactory(case=case, contact_type=visit, starts_at=timezone.now() - timedelta(days=days_ago))
        KeyIndividualFactory(case=case, is_victim=True)
    for _ in range(3):
        record_oversight(case, team["manager"], actions=[("Visit", 3), ("Refer", 5)])
    record_case_review(case, team["manager"])

    with django_assert_max_num_queries(small):
        gather_evidence(case, window())


def test_a_review_keeps_a_judgement_per_prompt_and_the_evidence_as_it_stood(team):
    case = team["case"]
    review = record_case_review(case, team["manager"], not_sufficient=[Prompt.VICTIMS.value])
    ContactFactory(case=case, contact_type=HomeVisitTypeFactory())

    review.refresh_from_db()
    assert review.judgements.count() == len(Prompt)
    assert not review.judgements.get(prompt=Prompt.VICTIMS).is_sufficient
    visits = {f["label"]: f["value"] for f in review.evidence[Prompt.HOME_VISITS.value]}
    assert visits["Home visits made"] == "0"


def test_every_prompt_needs_a_judgement_and_not_sufficient_needs_a_comment(team):
    given = judgements()
    del given[Prompt.CONTACT.value]
    given[Prompt.VICTIMS.value] = services.Judgement(False, " ")

    with pytest.raises(RulesBroken) as error:
        services.record_case_review(
            team["case"], by=team["manager"], window_from=TODAY - timedelta(days=10), window_to=TODAY, judgements=given
        )

    messages = [rule.message for rule in error.value.every_rule]
    assert messages == [
        services.JUDGEMENT_REQUIRED.format(prompt=Prompt.CONTACT.label),
        services.COMMENT_REQUIRED.format(prompt=Prompt.VICTIMS.label),
    ]
    assert not CaseReview.objects.exists()


def test_the_window_must_be_in_order_and_not_start_in_the_future(team):
    with pytest.raises(RulesBroken) as error:
        services.check_window(TODAY + timedelta(days=5), TODAY + timedelta(days=1), today=TODAY)

    assert {r.message for r in error.value.every_rule} == {services.WINDOW_FROM_AFTER_TO, services.WINDOW_IN_THE_FUTURE}


@pytest.mark.parametrize("who", ["officer", "colleague"])
def test_officers_cannot_review_a_case(team, who):
    with pytest.raises(PermissionDenied):
        record_case_review(team["case"], team[who])


def test_a_manager_outside_the_team_cannot_review_the_case(team):
    with pytest.raises(PermissionDenied):
        record_case_review(team["case"], managed_team()["manager"])


def test_reviews_and_judgements_cannot_be_rewritten(team):
    review = record_case_review(team["case"], team["manager"])

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CaseReview.objects.filter(pk=review.pk).update(summary="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CaseReviewJudgement.objects.filter(review=review).update(is_sufficient=False, comment="x")


def test_the_team_view_takes_each_cases_latest_review_and_counts_not_sufficient_per_prompt(team):
    case = team["case"]
    record_case_review(case, team["manager"], not_sufficient=[Prompt.VICTIMS.value, Prompt.CONTACT.value])
    latest = record_case_review(case, team["manager"], not_sufficient=[Prompt.OVERSIGHT.value])
    CaseFactory(responsible_officer=team["officer"], team=team["team"])

    cases = {c.pk: c for c in services.latest_reviews(team["team"].cases.all())}

    assert cases[case.pk].latest_review == latest
    assert getattr(cases[case.pk].latest_review, f"not_{Prompt.OVERSIGHT.value}") == 1
    assert getattr(cases[case.pk].latest_review, f"not_{Prompt.VICTIMS.value}") == 0
    assert [c.latest_review for c in cases.values() if c.pk != case.pk] == [None]


def test_the_default_window_is_the_last_six_months():
    assert services.default_window(date(2026, 8, 31)) == (date(2026, 2, 28), date(2026, 8, 31))
    assert services.default_window(date(2026, 3, 15)) == (date(2025, 9, 15), date(2026, 3, 15))


def test_team_totals_count_every_case_without_loading_them(team):
    """The team view pages its cases; the totals per prompt, from each case's latest review, cover every case."""
    case = team["case"]
    record_case_review(case, team["manager"], not_sufficient=[Prompt.VICTIMS.value])
    record_case_review(case, team["manager"], not_sufficient=[Prompt.OVERSIGHT.value, Prompt.CONTACT.value])
    other = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    record_case_review(other, team["manager"], not_sufficient=[Prompt.OVERSIGHT.value])
    CaseFactory(responsible_officer=team["officer"], team=team["team"])

    total, reviewed, totals = services.team_review_totals(team["team"].cases.all())

    assert (total, reviewed) == (team["team"].cases.count(), 2)
    assert totals[Prompt.OVERSIGHT] == 2 and totals[Prompt.CONTACT] == 1
    assert totals[Prompt.VICTIMS] == 0  # only in the earlier review
