"""Trends: how many things were open at the end of each of the last 12 weeks, and the bar chart that shows them.

A series counts, for each week's last day, the rows open on that day, from the days they opened and closed: one
query with one filtered COUNT per week, whatever the number of rows. The chart is server-rendered SVG (no
JavaScript), drawn beside a table of the same numbers that screen readers and axe read.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from supervision.dashboards import TrendSeries, register_trends, team_cases
from supervision.models import OverdueFlag

WEEKS = 12


def week_ends(on: date, weeks: int = WEEKS) -> list[date]:
    """The last day of each of the last `weeks` weeks, oldest first; the current week ends today."""
    return [on - timedelta(days=7 * back) for back in range(weeks - 1, -1, -1)]


def open_on_each(queryset, days: list, *, opened: str, closed: str, strictly_before: bool = False) -> list[int]:
    """For each day, the rows opened on or before it and not closed by then: one aggregate query. Given moments
    instead (`strictly_before`), the rows opened before each moment and not closed before it."""
    opened_by, closed_after = ("lt", "gte") if strictly_before else ("lte", "gt")

    def open_at(moment):
        return Q(**{f"{opened}__{opened_by}": moment}) & (
            Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__{closed_after}": moment})
        )

    counts = queryset.aggregate(
        **{f"w{index}": Count("pk", filter=open_at(moment)) for index, moment in enumerate(days)}
    )
    return [counts[f"w{index}"] for index in range(len(days))]


def overdue_requirements_weekly(user, days: list[date]) -> list[int]:
    """Overdue flags open at the end of each week, on the team's cases (whether or not the case is still open)."""
    flags = OverdueFlag.objects.filter(case__in=team_cases(user))
    return open_on_each(flags, days, opened="opened_on", closed="resolved_on")


# Chart geometry, in the SVG's own units; the SVG scales to the width it is given.
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 600, 240, 40, 36, 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    label_x: float
    show_label: bool  # every other week is labelled, counting back from this one, so the labels never touch


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    unit: str
    bars: list
    gridlines: list  # (y, value)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM

    @property
    def rows(self):
        return [(bar.label, bar.value) for bar in self.bars]

    @property
    def summary(self) -> str:
        if not self.bars:
            return self.title
        first, last = self.bars[0].value, self.bars[-1].value
        return f"{self.title}: {last} {self.unit} this week, {first} twelve weeks ago."


def _scale_top(highest: int) -> int:
    """A round number at or above the highest bar, so the gridlines read as whole numbers."""
    for step in (1, 2, 3, 5, 10, 15, 20, 25, 50, 75, 100, 150, 200, 250, 500, 1000):
        if highest <= step * 4:
            return step * 4
    return highest


def bar_chart(key: str, title: str, unit: str, days: list[date], values: list[int]) -> Chart:
    top = _scale_top(max(values, default=0))
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(values), 1)
    bars = []
    for index, (day, value) in enumerate(zip(days, values, strict=True)):
        height = plot_height * value / top if top else 0
        x = LEFT + index * slot + slot * 0.15
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                value=value,
                label=f"{day:%-d %b}",
                label_x=round(x + slot * 0.35, 1),
                show_label=(len(values) - 1 - index) % 2 == 0,
            )
        )
    gridlines = [(round(HEIGHT - BOTTOM - plot_height * step / 4, 1), top * step // 4) for step in range(5)]
    return Chart(key=key, title=title, unit=unit, bars=bars, gridlines=gridlines)


def charts_for(user, *, on: date, series: list[TrendSeries]) -> list[Chart]:
    days = week_ends(on)
    return [bar_chart(item.key, item.label, item.unit, days, item.weekly(user, days)) for item in series]


SERIES = [
    TrendSeries(
        "overdue-requirements", "Overdue contact requirements, week by week", overdue_requirements_weekly, 10,
        unit="overdue",
    ),
]  # fmt: skip


def register() -> None:
    register_trends(*SERIES)
