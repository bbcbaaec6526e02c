"""Where in the region the dashboard looks (the whole region, one PDU or one team), and its figures broken down one
level further: a region by PDU, a PDU by team, a team by officer.

Counting is set-based: one statement per source (cases, escalations, referrals, meetings, recalls), each figure a
`Count(filter=)` grouped by the next level down, then one query for the rows' names. The number of queries is the
same for a region of three cases or three thousand.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404

from mappa.dashboard.figures import FIGURES, SOURCES, Moment, Source, figures_of
from supervision import roles
from supervision.models import PDU, Region, Team


@dataclass(frozen=True)
class Area:
    """The part of the Head of Public Protection's region being looked at."""

    region: Region
    pdu: PDU | None = None
    team: Team | None = None

    @property
    def level(self) -> str:
        return "team" if self.team else "pdu" if self.pdu else "region"

    @property
    def name(self) -> str:
        return self.team.name if self.team else self.pdu.name if self.pdu else self.region.name

    @property
    def params(self) -> dict:
        """The query string that returns to this area."""
        return {"team": self.team.pk} if self.team else {"pdu": self.pdu.pk} if self.pdu else {}

    def q(self, source: Source) -> Q:
        if self.team:
            return Q(**{source.case_field("team_id"): self.team.pk})
        if self.pdu:
            return Q(**{source.case_field("team__pdu_id"): self.pdu.pk})
        return Q()  # the records are already the region's

    def row_field(self, source: Source) -> str:
        """What the breakdown groups by: the next level down."""
        if self.team:
            return source.case_field("responsible_officer_id")
        return source.case_field("team_id" if self.pdu else "team__pdu_id")


def _id(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def area_for(region_id: int, params) -> Area:
    """The area a query string names (`?team=<id>` or `?pdu=<id>`), inside the region: another region's PDU or team
    is a 404, as if it did not exist. One query."""
    if params.get("team"):
        team = Team.objects.select_related("pdu__region").filter(pdu__region_id=region_id, pk=_id(params["team"]))
        found = team.first()
        if found is None:
            raise Http404
        return Area(found.pdu.region, found.pdu, found)
    if params.get("pdu"):
        pdu = PDU.objects.select_related("region").filter(region_id=region_id, pk=_id(params["pdu"])).first()
        if pdu is None:
            raise Http404
        return Area(pdu.region, pdu)
    return Area(Region.objects.get(pk=region_id))


def _in_area(prefix: str, area: Area) -> Q:
    if area.team:
        return Q(**{f"{prefix}team_id": area.team.pk})
    if area.pdu:
        return Q(**{f"{prefix}team__pdu_id": area.pdu.pk})
    return Q(**{f"{prefix}team__pdu__region_id": area.region.pk})


@dataclass(frozen=True)
class Officer:
    """A list narrowed to one officer's cases, or (`pk` None) to the cases awaiting allocation."""

    pk: int | None
    name: str

    def q(self, source: Source) -> Q:
        if self.pk is None:
            return Q(**{source.case_field("responsible_officer__isnull"): True})
        return Q(**{source.case_field("responsible_officer_id"): self.pk})


def officer_for(area: Area, value: str | None) -> Officer | None:
    """`?officer=<id>` (someone placed in the area, or holding one of its cases) or `?officer=none` (cases awaiting
    allocation); anyone else is a 404. One query, none without the parameter."""
    if not value:
        return None
    if value == "none":
        return Officer(None, "Awaiting allocation")
    officer = get_user_model().objects.filter(_in_area("profile__", area) | _in_area("caseload__", area), pk=_id(value))
    officer = officer.first()
    if officer is None:
        raise Http404
    return Officer(officer.pk, officer.get_full_name() or officer.username)


@dataclass
class Row:
    key: int | None
    label: str
    params: dict  # the query string of the row's drill-down (the team or PDU), or of its lists (an officer)
    drills_down: bool
    counts: dict = field(default_factory=dict)


def _counts_by_row(user, area: Area, *, moment: Moment) -> dict:
    """{row key: {figure key: count}}: one grouped statement per source."""
    counts: dict = {}
    for source in SOURCES:
        figures = figures_of(source)
        conditions = {f"figure_{i}": figure.condition(moment) for i, figure in enumerate(figures)}
        row_field = area.row_field(source)
        grouped = (
            source.records_for(user, area.region.pk)
            .filter(area.q(source))
            .filter(reduce(or_, conditions.values()))
            .values(row_field)
            .annotate(**{alias: Count("pk", filter=condition) for alias, condition in conditions.items()})
            .order_by()
        )
        for values in grouped:
            row_counts = counts.setdefault(values[row_field], {})
            row_counts.update({figure.key: values[f"figure_{i}"] for i, figure in enumerate(figures)})
    return counts


def _rows(area: Area, counts: dict) -> list[Row]:
    """Every PDU of the region, or team of the PDU, even with nothing to count; for a team, its officers, anyone
    else holding one of its cases, and the cases awaiting allocation."""
    if area.level == "region":
        return [Row(pdu.pk, pdu.name, {"pdu": pdu.pk}, True) for pdu in PDU.objects.filter(region=area.region)]
    if area.level == "pdu":
        return [Row(team.pk, team.name, {"team": team.pk}, True) for team in Team.objects.filter(pdu=area.pdu)]
    holders = [key for key in counts if key is not None]
    officers = (
        get_user_model()
        .objects.filter(
            Q(profile__team=area.team, is_active=True, groups__name=roles.RESPONSIBLE_OFFICER) | Q(pk__in=holders)
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    team = area.team.pk
    rows = [
        Row(officer.pk, officer.get_full_name() or officer.username, {"team": team, "officer": officer.pk}, False)
        for officer in officers
    ]
    if None in counts:
        rows.append(Row(None, "Awaiting allocation", {"team": area.team.pk, "officer": "none"}, False))
    return rows


@dataclass
class Breakdown:
    area: Area
    rows: list[Row]
    totals: dict


def breakdown(user, area: Area, *, moment: Moment) -> Breakdown:
    counts = _counts_by_row(user, area, moment=moment)
    rows = _rows(area, counts)
    for row in rows:
        row.counts = {figure.key: counts.get(row.key, {}).get(figure.key, 0) for figure in FIGURES}
    # Totals from every group, not only the rows shown: nothing counted is ever left out of the area's figure.
    totals = {figure.key: sum(group.get(figure.key, 0) for group in counts.values()) for figure in FIGURES}
    return Breakdown(area, rows, totals)
