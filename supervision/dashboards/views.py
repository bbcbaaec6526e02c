"""The dashboard page, each figure's list, and the list's CSV export.

Only line managers (their team) and Heads of Public Protection (their region) see them; anyone else gets a 403.
A list can be narrowed to one officer or one team the user leads; any other officer or team is a 404, as a case
outside scope is. Each export is audited: one row for the export, and one per case it contained, so the case's own
audit page shows who took its details away.
"""

import csv
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Min
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode

from supervision import permissions
from supervision.dashboards import (
    FIGURES,
    SECTIONS,
    TRENDS,
    Section,
    caseload_threshold,
    count_figures,
    figure_for,
    team_officers,
)
from supervision.dashboards.figures import overdue_requirements
from supervision.dashboards.trends import charts_for
from supervision.models import AuditEvent
from supervision.services import audit
from supervision.views.audit import safe_cell

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000


def _refuse_unless_allowed(request) -> None:
    if not permissions.may_see_team_dashboard(request.user):
        raise PermissionDenied


def _list_url(key: str, **filters) -> str:
    query = urlencode({name: value for name, value in filters.items() if value})
    return reverse("supervision:dashboard-list", kwargs={"key": key}) + (f"?{query}" if query else "")


def _counts_by_officer(figures, *, user, on: date) -> list[dict[int, int]]:
    """Each figure's count per officer, as {officer id: count} in the figures' order: every figure's grouped count
    in one statement (`SELECT 0, officer, n FROM (<figure 0 grouped>) UNION ALL SELECT 1, ...`), each the list's
    own SQL compiled by Django, as `count_figures` does for the totals."""
    parts, params = [], []
    for index, figure in enumerate(figures):
        path = figure.listing.officer_path
        grouped = figure.rows(user, on).order_by().values(path).annotate(n=Count("pk")).values_list(path, "n")
        sql, figure_params = grouped.query.sql_with_params()
        parts.append(f"SELECT {index:d} AS figure, * FROM ({sql}) AS figure_{index:d}")
        params.extend(figure_params)
    counts = [{} for _ in figures]
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for index, officer_id, count in cursor.fetchall():
                counts[index][officer_id] = count
    return counts


def _officer_rows(user, *, on: date) -> tuple[list, list]:
    """The team's officers with each per-officer figure and their longest-overdue requirement: one grouped count
    per figure, not a count per officer and figure. A Head of Public Protection's "team" is their region, with
    hundreds of officers: correlated counts, each planning the access scope again, took twenty seconds there."""
    counted = [figure for figure in FIGURES if figure.by_officer]
    per_figure = _counts_by_officer(counted, user=user, on=on)
    oldest_by_officer = dict(
        overdue_requirements(user, on)
        .order_by()
        .values("case__responsible_officer")
        .annotate(oldest=Min("due_on"))
        .values_list("case__responsible_officer", "oldest")
    )
    officers = list(team_officers(user))
    for officer in officers:
        for index, counts in enumerate(per_figure):
            setattr(officer, f"figure_{index}", counts.get(officer.pk, 0))
        officer.oldest_overdue_on = oldest_by_officer.get(officer.pk)
    threshold = caseload_threshold()
    rows = []
    for officer in officers:
        cells = []
        for index, figure in enumerate(counted):
            count = getattr(officer, f"figure_{index}")
            cells.append(
                {
                    "count": count,
                    "heading": figure.by_officer,
                    "url": _list_url(figure.key, officer=officer.pk),
                    "label": f"{figure.by_officer}: {officer.get_full_name() or officer.username}",
                    "is_over": figure.key == "active-cases" and count > threshold,
                }
            )
        oldest_on = officer.oldest_overdue_on
        rows.append(
            {
                "officer": officer,
                "cells": cells,
                "longest_overdue_days": (on - oldest_on).days if oldest_on else None,
            }
        )
    return [figure.by_officer for figure in counted], rows


def dashboard(request):
    _refuse_unless_allowed(request)
    user = request.user
    on = timezone.localdate()
    counts = count_figures(FIGURES, user=user, on=on)
    sections = {title: Section(title) for title in SECTIONS}
    for figure in FIGURES:
        count = counts[figure.key]
        sections.setdefault(figure.section, Section(figure.section)).figures.append(
            {
                "figure": figure,
                "count": count,
                "url": _list_url(figure.key),
                "needs_attention": bool(figure.is_warning and figure.is_warning(count)),
            }
        )
    headings, officer_rows = _officer_rows(user, on=on)
    return render(
        request,
        "supervision/dashboards/dashboard.html",
        {
            "sections": [section for section in sections.values() if section.figures],
            "officer_headings": headings,
            "officer_rows": officer_rows,
            "threshold": caseload_threshold(),
            "charts": charts_for(user, on=on, series=TRENDS),
            "today": on,
        },
    )


def _int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _filtered_rows(request, key: str):
    """The figure's list for this user, narrowed to the officer or team asked for (404 if not theirs)."""
    _refuse_unless_allowed(request)
    figure = figure_for(key)
    if figure is None:
        raise Http404
    on = timezone.localdate()
    rows = figure.rows(request.user, on)
    officer = team = None
    if "officer" in request.GET:
        officer = team_officers(request.user).filter(pk=_int_or_404(request.GET["officer"])).first()
        if officer is None:
            raise Http404
        rows = rows.filter(**{figure.listing.officer_path: officer})
    if "team" in request.GET:
        team = permissions.teams_allocated_by(request.user).filter(pk=_int_or_404(request.GET["team"])).first()
        if team is None:
            raise Http404
        rows = rows.filter(**{figure.listing.team_path: team})
    rows = figure.listing.fetch(rows).order_by(*figure.listing.order_by)
    return figure, rows, officer, team, on


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value)


def _exported(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def dashboard_list(request, key):
    figure, rows, officer, team, on = _filtered_rows(request, key)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    columns = figure.listing.columns
    table = [
        [
            {
                "heading": column.heading,
                "text": _display(column.value(row, on)),
                "url": column.url(row) if column.url else None,
            }
            for column in columns
        ]
        for row in page.object_list
    ]
    filters = {"officer": officer.pk if officer else None, "team": team.pk if team else None}
    base_query = urlencode({name: value for name, value in filters.items() if value})
    return render(
        request,
        "supervision/dashboards/list.html",
        {
            "figure": figure,
            "officer": officer,
            "team": team,
            "page": page,
            "headings": [column.heading for column in columns],
            "table": table,
            "base_query": base_query,
            "export_url": reverse("supervision:dashboard-csv", kwargs={"key": figure.key})
            + (f"?{base_query}" if base_query else ""),
        },
    )


def dashboard_csv(request, key):
    audit.mark_attempt(request, object_type="dashboard list", object_id=key[:40])
    audit.mark_export(request)
    figure, rows, officer, team, on = _filtered_rows(request, key)
    rows = list(rows[:EXPORT_LIMIT])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{figure.key}-{on:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(column.heading for column in figure.listing.columns)
    for row in rows:
        writer.writerow(safe_cell(_exported(column.value(row, on))) for column in figure.listing.columns)
    _audit_cases_exported(request, figure, rows)
    return response


def _audit_cases_exported(request, figure, rows) -> None:
    """One EXPORT row per case in the file, beside the export's own row (written by the audit middleware)."""
    if figure.listing.case_path is None:
        return
    cases = {}
    for row in rows:
        case = row
        if figure.listing.case_path != "pk":
            for step in figure.listing.case_path.split("__"):
                case = getattr(case, step)
        cases[case.pk] = case.crn
    template = audit.event_for(request, status_code=200)
    if template is None:
        return
    events = [
        AuditEvent(
            user=template.user,
            username=template.username,
            action=AuditEvent.Action.EXPORT,
            is_allowed=True,
            case_id=case_id,
            case_crn=crn,
            object_type="dashboard list",
            object_id=figure.key,
            url_name=template.url_name,
            path=template.path,
            method=template.method,
            status_code=200,
            address=template.address,
            request_id=template.request_id,
        )
        for case_id, crn in cases.items()
    ]
    AuditEvent.objects.bulk_create(events)
