"""The line manager's dashboard: figures for their team, the lists behind them, CSV exports and trends.

A `Figure` is one number on the dashboard and the list it links to, from one function: `rows(user, on)` returns
the queryset of the list, already limited to the user's scope (`team_cases`), and the dashboard's number is that
queryset's count. So the number a manager sees is always the length of the list they open (a test for each).

supervision registers its own figures (supervision/dashboards/figures.py); mappa adds escalations and referrals
from MappaConfig.ready() (mappa/dashboard_figures.py), so supervision never imports mappa. Trends are registered
the same way (`TrendSeries`).

Counting is set-based: every figure's queryset becomes a scalar subquery of one statement (`count_figures`), so the
dashboard costs the same number of queries for a team of three officers or a region of three hundred.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection

from supervision import permissions


@dataclass(frozen=True)
class Column:
    """One column of a figure's list: its heading, the cell's value (a str, int or date) and, for the column that
    names the case or record, the page to open it on."""

    heading: str
    value: Callable  # (row, on) -> str | int | date | None
    url: Callable | None = None  # (row) -> str


@dataclass(frozen=True)
class Listing:
    """How a kind of row is shown: its columns, what to fetch with it for them (one query per page), and the path
    from the row to the responsible officer (the officer filter) and to the case's team (the team filter)."""

    columns: tuple[Column, ...]
    fetch: Callable  # (queryset) -> queryset with select_related for the columns
    officer_path: str
    team_path: str
    case_path: str | None = None  # to the case, for the audit of an export; None for a list of staff
    order_by: tuple[str, ...] = ("pk",)


@dataclass(frozen=True)
class Figure:
    key: str  # the list's URL: dashboard/<key>/
    label: str
    section: str
    rows: Callable  # (user, on: date) -> QuerySet, the list behind the number
    listing: Listing
    order: int
    hint: str = ""
    is_warning: Callable | None = None  # (count) -> bool: show the number as needing attention
    by_officer: str = ""  # a column heading: the figure is also counted per officer, in the officers' table
    title: str = ""  # the list's heading, when the label reads only under its section ("of which home visits")

    @property
    def heading(self) -> str:
        return self.title or self.label


@dataclass(frozen=True)
class TrendSeries:
    key: str
    label: str
    weekly: Callable  # (user, week_ends: list[date]) -> list[int], one query
    order: int
    unit: str = "open"


@dataclass
class Section:
    title: str
    figures: list = field(default_factory=list)


FIGURES: list[Figure] = []
TRENDS: list[TrendSeries] = []
# The order sections appear in, whatever order the apps register their figures in.
SECTIONS = [
    "MAPPA escalations awaiting you",
    "Contact",
    "Enforcement and breach",
    "Risk",
    "Management oversight",
    "Referrals to other agencies",
    "Caseload and allocation",
]


def register_figures(*figures: Figure) -> None:
    """Called from an AppConfig.ready(); safe to call twice."""
    FIGURES.extend(figure for figure in figures if figure.key not in {f.key for f in FIGURES})
    FIGURES.sort(key=lambda figure: figure.order)


def register_trends(*series: TrendSeries) -> None:
    TRENDS.extend(item for item in series if item.key not in {t.key for t in TRENDS})
    TRENDS.sort(key=lambda item: item.order)


def figure_for(key: str) -> Figure | None:
    return next((figure for figure in FIGURES if figure.key == key), None)


def caseload_threshold() -> int:
    """Quality falls above about 50 cases (DOMAIN.md); the number is local policy, set in the environment."""
    return settings.CASELOAD_THRESHOLD


def team_cases(user):
    """The cases a dashboard counts: those the user may see (limited access applied) in the teams they lead.

    Built once per user object (a request's user), as their roles are read once: a dashboard starts some thirty
    querysets from it, and building the access policy's queryset each time was half of the Python time the
    dashboard took (caseworks/bench/dashboards.py). Each call returns a fresh copy, so no caller sees another's
    results; the query is the same, and the limits it applies are read by the database when it runs."""
    scope = getattr(user, "_dashboard_team_cases", None)
    if scope is None:
        scope = permissions.cases_visible_to(user).filter(team__in=permissions.teams_allocated_by(user))
        user._dashboard_team_cases = scope
    return scope.all()


def team_officers(user):
    return permissions.officers_visible_to(user)


def count_figures(figures: list[Figure], *, user, on: date) -> dict[str, int]:
    """Every figure's count in one statement: `SELECT (SELECT COUNT(*) FROM (<list 1>)), (SELECT ...), ...`.

    Each subquery is the list's own SQL, compiled by Django with its parameters, so the count cannot drift from
    the list."""
    if not figures:
        return {}
    parts, params = [], []
    for figure in figures:
        sql, figure_params = figure.rows(user, on).order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS figure_{len(parts)})")
        params.extend(figure_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        counts = cursor.fetchone()
    return {figure.key: count for figure, count in zip(figures, counts, strict=True)}
