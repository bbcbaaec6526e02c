"""The dashboards' benchmark (caseworks/bench/dashboards.py): its hand-written SQL returns every figure the
application counts, on the dashboards' own test worlds (one of everything each figure counts, and the cases it must
leave out), and the benchmark refuses a baseline that returns other numbers, naming the figure."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from caseworks.bench.dashboards import (
    REGION_SQL,
    TEAM_SQL,
    dashboard_benchmarks,
    region_params,
    run_sql,
    same_figures,
    team_params,
)
from caseworks.bench.measure import Comparison, alternate
from caseworks.bench.report import target_rows
from mappa.dashboard.breakdown import Area, breakdown
from mappa.dashboard.figures import Moment
from mappa.tests.dashboard.world import one_of_each, region_world
from supervision.dashboards import FIGURES, count_figures
from supervision.tests.dashboards.world import build_team, cases_left_out

pytestmark = pytest.mark.django_db


def test_the_team_sql_counts_what_each_figure_of_the_team_dashboard_counts():
    world = build_team(officers=2, cases_each=2)
    world.update(cases_left_out(world))
    manager, on = world["manager"], world["on"]

    counted = count_figures(FIGURES, user=manager, on=on)

    assert run_sql(TEAM_SQL, team_params(manager, on)) == counted
    assert sum(1 for count in counted.values() if count) >= 20  # the world gives most figures something to count


def test_the_team_and_region_sql_count_what_the_mappa_figures_count_for_a_manager_and_a_head():
    world = region_world()
    for officer, manager in zip(world["officers"], world["managers"], strict=True):
        one_of_each(officer, manager, world["head"])
    on, moment = timezone.localdate(), Moment(timezone.now())

    for user in (world["managers"][0], world["head"]):
        assert run_sql(TEAM_SQL, team_params(user, on)) == count_figures(FIGURES, user=user, on=on)
    totals = breakdown(world["head"], Area(world["region"]), moment=moment).totals
    assert run_sql(REGION_SQL, region_params(world["head"], moment)) == totals
    assert all(totals.values())


def test_a_baseline_returning_other_numbers_fails_naming_the_figure():
    world = build_team(officers=1, cases_each=1)
    manager, on = world["manager"], world["on"]
    a_week_later = team_params(manager, on + timedelta(days=7))

    with pytest.raises(AssertionError, match="overdue-up-to-a-week: application 1, SQL 0"):
        alternate(
            "team",
            lambda: count_figures(FIGURES, user=manager, on=on),
            {"hand-written SQL": lambda: run_sql(TEAM_SQL, a_week_later)},
            repetitions=1,
            same=same_figures,
        )


def test_a_figure_missing_from_either_side_is_a_difference():
    with pytest.raises(AssertionError, match="new-figure: application 3, SQL missing"):
        same_figures({"a": 1, "new-figure": 3}, {"a": 1})
    assert same_figures({"a": 1}, {"a": 1})


def test_the_dashboards_benchmark_runs_on_generated_data(settings):
    settings.DEMO_MODE = True
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("seed_scale", size="test", stdout=StringIO(), stderr=StringIO())

    comparisons, plans = dashboard_benchmarks(repetitions=1, memory=False)

    assert [c.name.split(":")[0].split(",")[0] for c in comparisons] == [
        "Team dashboard figures",
        "Team dashboard",
        "Region dashboard figures",
        "Region dashboard",
    ]
    assert all("the same as the SQL's" in c.note and c.queries for c in comparisons)
    assert len(plans) == 4


def test_each_dashboards_figures_have_the_target_and_the_whole_pages_none():
    figures = Comparison("Team dashboard figures: x", app_seconds=[2.6], baselines={"hand-written SQL": [1.0]})
    page = Comparison("Team dashboard, whole page (test client)", app_seconds=[9.0], baselines={"x": [1.0]})

    rows = target_rows([figures, page])

    assert "| Team dashboard figures: x ≤ 1.3 × hand-written SQL | 2.6× | no, 2 times over |" in rows
    assert not any("whole page" in row for row in rows)
