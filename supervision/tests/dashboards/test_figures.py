"""Each figure on a generated team: the number a manager sees, and that it is the length of the list it opens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from supervision.dashboards import FIGURES, count_figures, figure_for, team_cases
from supervision.dashboards.queries import chronic_shortfalls
from supervision.models import CaseAccessLimit, OverdueFlag
from supervision.services.overdue_shortfalls import chronic_shortfalls as digest_shortfalls
from supervision.tests.dashboards.world import build_team, cases_left_out, overdue_flag
from supervision.tests.factories import CaseFactory, ContactTypeFactory, HomeVisitTypeFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory, ContactRuleFactory

pytestmark = pytest.mark.django_db

# Per case in build_team: overdue flags 3 and 40 days (home visits) and 12 and 20 days (office, a chronic
# shortfall: 2 of the last 4 weekly periods), two open allegations (one past its first response), an unacceptable
# absence flagged past its decision day, a recall awaiting endorsement, an acute risk factor raised today, an
# overdue risk flag review, an unrouted item, and two actions from management oversight (one overdue).
PER_CASE = {
    "overdue-requirements": 4,
    "overdue-home-visits": 2,
    "overdue-up-to-a-week": 1,
    "overdue-one-to-four-weeks": 2,
    "overdue-over-four-weeks": 1,
    "chronic-shortfalls": 1,
    "allegations-open": 2,
    "allegations-past-due": 1,
    "allegations-this-week": 1,
    "allegations-one-to-four-weeks": 0,
    "allegations-over-four-weeks": 1,
    "absences-undecided": 1,
    "enforcement-decisions-overdue": 1,
    "recalls-awaiting-endorsement": 1,
    "acute-risk-factors-this-week": 1,
    "acute-risk-factors-awaiting-review": 1,
    "risk-flag-reviews-overdue": 1,
    "oversight-actions-open": 2,
    "oversight-actions-overdue": 1,
    "active-cases": 1,
    "cases-awaiting-allocation": 0,
    "cases-past-end-date": 0,
    "unrouted-items": 1,
}


@pytest.fixture
def world():
    world = build_team(officers=2, cases_each=2)
    world.update(cases_left_out(world))
    build_team(officers=1, cases_each=1)  # another team: none of it counts
    return world


def test_each_figure_counts_the_teams_work_and_nothing_else(world):
    counts = count_figures(FIGURES, user=world["manager"], on=world["on"])
    cases = len(world["cases"])
    for key, per_case in PER_CASE.items():
        assert counts[key] == per_case * cases, key


def test_each_figure_equals_the_length_of_its_list(world):
    counts = count_figures(FIGURES, user=world["manager"], on=world["on"])
    for figure in FIGURES:
        assert counts[figure.key] == len(list(figure.rows(world["manager"], world["on"]))), figure.key


def test_restricted_and_closed_cases_are_left_out_of_every_figure(world):
    for figure in FIGURES:
        rows = figure.rows(world["manager"], world["on"])
        path = figure.listing.case_path
        if path is None:
            continue
        case_ids = set(rows.values_list(path, flat=True))
        assert world["restricted"].pk not in case_ids, figure.key
        assert world["closed"].pk not in case_ids, figure.key


def test_the_scope_is_the_managers_team_as_the_access_policy_shows_it(world):
    assert set(team_cases(world["manager"])) == {*world["cases"], world["closed"]}


def test_the_scope_kept_on_the_user_still_reads_the_cases_and_limits_as_they_are_when_it_runs(world):
    manager, officer = world["manager"], world["officers"][0]
    before = set(team_cases(manager))
    new_case = CaseFactory(responsible_officer=officer, team=officer.profile.team)
    excluded = world["cases"][0]
    limit = CaseAccessLimit.objects.create(
        case=excluded, kind=CaseAccessLimit.Kind.EXCLUSION, message="No.", reason="Known to them.", set_by=officer
    )
    limit.staff.add(manager)

    assert set(team_cases(manager)) == (before | {new_case}) - {excluded}


def test_an_officer_over_the_caseload_threshold_is_counted(world, settings):
    settings.CASELOAD_THRESHOLD = 2
    CaseFactory(responsible_officer=world["officers"][0])
    counts = count_figures([figure_for("officers-over-threshold")], user=world["manager"], on=world["on"])
    assert counts["officers-over-threshold"] == 1
    officer = figure_for("officers-over-threshold").rows(world["manager"], world["on"]).get()
    assert officer == world["officers"][0]
    # Three active cases the manager can see; the restricted one is not theirs to count.
    assert officer.active_cases == 3


def test_cases_past_their_end_date_and_awaiting_allocation_are_counted():
    world = build_team(officers=1, cases_each=0, with_work=False)
    on = world["on"]
    officer = world["officers"][0]
    ended = CaseFactory(responsible_officer=officer, started_on=on - timedelta(days=400), expected_end_on=on)
    CaseFactory(responsible_officer=officer, expected_end_on=on + timedelta(days=1), started_on=on - timedelta(days=9))
    waiting = CaseFactory(
        responsible_officer=None, team=world["team"], awaiting_allocation_since=timezone.now() - timedelta(days=2)
    )
    manager = world["manager"]
    assert list(figure_for("cases-past-end-date").rows(manager, on)) == [ended]
    assert list(figure_for("cases-awaiting-allocation").rows(manager, on)) == [waiting]


def test_chronic_shortfalls_follow_the_digests_rule(world):
    """The dashboard's query and the line manager's digest agree on which requirements are chronic (the digest
    also leaves out those it has already told the manager about; none has been told here)."""
    on = world["on"]
    digest = {s.flag_id for s in digest_shortfalls(on=on)}
    assert set(chronic_shortfalls(on=on).values_list("pk", flat=True)) == digest


def test_a_requirement_met_by_a_ticked_home_visit_type_counts_as_a_home_visit():
    world = build_team(officers=1, cases_each=1, with_work=False)
    on, case = world["on"], world["cases"][0]
    ticked = ContactRuleFactory(
        name="Police home visit", counts_home_visits=False, contact_types=[HomeVisitTypeFactory()]
    )
    office = ContactRuleFactory(name="Office", counts_home_visits=False, contact_types=[ContactTypeFactory()])
    overdue_flag(case, ticked, days_overdue=2, on=on)
    overdue_flag(case, office, days_overdue=2, on=on)
    requirement = CaseContactRequirementFactory(case=case, set_by=world["manager"], counts_home_visits=True)
    OverdueFlag.objects.create(case=case, case_requirement=requirement, due_on=on - timedelta(days=1), opened_on=on,
                               explanation="Overdue.")  # fmt: skip
    rows = figure_for("overdue-home-visits").rows(world["manager"], on)
    assert {(flag.rule_id, flag.case_requirement_id) for flag in rows} == {(ticked.pk, None), (None, requirement.pk)}
