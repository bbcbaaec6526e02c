"""The region dashboard, each figure's list and its CSV. Only a Head of Public Protection, for their own region: a
PDU, team or officer of another region is a 404; anyone else is refused (403) before anything is counted.

The lists and exports name people on probation, so each writes an audit row (a view, or an export) naming the
figure; the dashboard itself shows only numbers and staff names.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from mappa import permissions
from mappa.dashboard.breakdown import Area, area_for, breakdown, officer_for
from mappa.dashboard.exports import COLUMNS, csv_response
from mappa.dashboard.figures import FIGURES_BY_KEY, GROUPS, Moment, figures_in
from mappa.dashboard.records import case_of, for_display, records
from mappa.views.lookups import require
from supervision.services import audit

PAGE_SIZE = 50
# What each level's breakdown table is by: its column heading, and its caption ("MAPPA cases by PDU").
ROW_HEADINGS = {"region": ("PDU", "PDU"), "pdu": ("Team", "team"), "team": ("Officer", "officer")}


def _region_id(request) -> int:
    region_id = permissions.region_headed_by(request.user)
    require(region_id is not None)
    return region_id


def _url(name: str, params: dict, **kwargs) -> str:
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{urlencode(params)}" if params else url


def _list_url(figure, params: dict) -> str:
    return _url("mappa:region-dashboard-list", params, figure=figure.key)


def _breadcrumbs(area: Area, *, current_is_link: bool = False) -> list[dict]:
    """Region › PDU › team, each a link back to its dashboard; the area itself is a link only on a list page."""
    trail = [(area.region.name, {})]
    if area.pdu:
        trail.append((area.pdu.name, {"pdu": area.pdu.pk}))
    if area.team:
        trail.append((area.team.name, {"team": area.team.pk}))
    crumbs = [{"label": label, "url": _url("mappa:region-dashboard", params)} for label, params in trail]
    if not current_is_link:
        crumbs[-1]["url"] = None
    return crumbs


def region_dashboard(request):
    region_id = _region_id(request)
    area = area_for(region_id, request.GET)
    result = breakdown(request.user, area, moment=Moment(timezone.now()))
    groups = []
    for group in GROUPS:
        figures = figures_in(group)
        groups.append(
            {
                "group": group,
                "figures": [
                    {"figure": f, "total": result.totals[f.key], "url": _list_url(f, area.params)} for f in figures
                ],
                "rows": [
                    {
                        "row": row,
                        "url": _url("mappa:region-dashboard", row.params) if row.drills_down else None,
                        "cells": [
                            {"figure": f, "count": row.counts[f.key], "url": _list_url(f, row.params)} for f in figures
                        ],
                    }
                    for row in result.rows
                ],
            }
        )
    return render(
        request,
        "mappa/dashboard/region.html",
        {
            "area": area,
            "groups": groups,
            "row_heading": ROW_HEADINGS[area.level][0],
            "row_heading_in_caption": ROW_HEADINGS[area.level][1],
            "breadcrumbs": _breadcrumbs(area),
        },
    )


def _figure_records(request, figure_key: str, *, moment: Moment):
    """What the list and the CSV share: the figure, the area and officer from the query string, and the records."""
    figure = FIGURES_BY_KEY.get(figure_key)
    audit.mark_attempt(request, object_type="mappa.region-dashboard", object_id=figure_key[:40])
    region_id = _region_id(request)
    if figure is None:
        raise Http404
    area = area_for(region_id, request.GET)
    officer = officer_for(area, request.GET.get("officer"))
    found = for_display(figure, records(request.user, figure, area, officer, moment=moment), moment=moment)
    return figure, area, officer, found


def region_dashboard_list(request, figure):
    moment = Moment(timezone.now())
    figure, area, officer, found = _figure_records(request, figure, moment=moment)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {**area.params, **({"officer": officer.pk or "none"} if officer else {})}
    rows = [{"record": record, "case": case_of(figure, record)} for record in page.object_list]
    return render(
        request,
        "mappa/dashboard/list.html",
        {
            "figure": figure,
            "area": area,
            "officer": officer,
            "page": page,
            "rows": rows,
            "headings": [heading for heading, _ in COLUMNS[figure.source.key]],
            "today": moment.today,
            "now": moment.now,
            "query": urlencode(params),
            "export_url": _url("mappa:region-dashboard-csv", params, figure=figure.key),
            "breadcrumbs": _breadcrumbs(area, current_is_link=True),
        },
    )


def region_dashboard_csv(request, figure):
    audit.mark_export(request)
    moment = Moment(timezone.now())
    figure, area, officer, found = _figure_records(request, figure, moment=moment)
    return csv_response(figure, found, filename=f"{figure.key}-{moment.today:%Y-%m-%d}.csv")
