"""Trends: overdue requirements open at the end of each of the last 12 weeks, in one query, and the chart's
geometry."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from supervision.dashboards import team_cases
from supervision.dashboards.trends import bar_chart, overdue_requirements_weekly, week_ends
from supervision.models import OverdueFlag
from supervision.tests.dashboards.world import build_team, overdue_flag, rules

pytestmark = pytest.mark.django_db


def test_the_weeks_end_today_and_go_back_eleven_weeks():
    days = week_ends(date(2026, 3, 31))
    assert days[-1] == date(2026, 3, 31)
    assert days[0] == date(2026, 1, 13)
    assert len(days) == 12


def test_a_flag_counts_in_each_week_it_was_open_at_the_weeks_end(django_assert_num_queries):
    world = build_team(officers=1, cases_each=1, with_work=False)
    on, case = world["on"], world["cases"][0]
    home, office = rules()
    overdue_flag(case, home, days_overdue=30, on=on)  # opened 29 days ago, still open
    closed = overdue_flag(case, office, days_overdue=50, on=on)  # opened 49 days ago, met 20 days ago
    OverdueFlag.objects.filter(pk=closed.pk).update(
        resolved_at=timezone.now() - timedelta(days=20), resolved_on=on - timedelta(days=20), resolution="MET"
    )
    days = week_ends(on)
    team_cases(world["manager"]).exists()  # the manager's roles and profile, read once per request
    with django_assert_num_queries(1):
        weekly = overdue_requirements_weekly(world["manager"], days)
    # Weeks end 77, 70, 63, 56, 49, 42, 35, 28, 21, 14, 7 and 0 days ago.
    assert weekly == [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1, 1]


def test_another_teams_flags_are_not_in_the_trend():
    world = build_team(officers=1, cases_each=1, with_work=False)
    elsewhere = build_team(officers=1, cases_each=1, with_work=False)
    home, _ = rules()
    overdue_flag(elsewhere["cases"][0], home, days_overdue=3, on=world["on"])
    assert overdue_requirements_weekly(world["manager"], week_ends(world["on"])) == [0] * 12


def test_the_chart_scales_to_a_round_number_and_draws_a_bar_for_each_week():
    days = week_ends(date(2026, 3, 31))
    chart = bar_chart("overdue", "Overdue", "overdue", days, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 7])
    assert len(chart.bars) == 12
    assert [value for _, value in chart.gridlines] == [0, 3, 6, 9, 12]
    assert chart.bars[0].height == 0
    assert chart.bars[10].height > chart.bars[9].height
    assert chart.rows[-1] == ("31 Mar", 7)
    assert chart.summary == "Overdue: 7 overdue this week, 0 twelve weeks ago."
