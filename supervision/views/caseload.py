"""My caseload: the RO's home page, a manager's view of any officer in their team, and search."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import render
from django.utils import timezone

from supervision import contact_requirements, permissions, roles
from supervision.forms.caseload import CaseloadFilterForm
from supervision.models import Case, Region, RiskFlag
from supervision.permissions import cases_visible_to
from supervision.views.base import refuse_without_case_role

PAGE_SIZE = 50

# The columns a caseload sorts on, each with its order in the query (ties broken by name, then CRN); the
# contact-summary columns are aggregates, so sorting on them annotates every case, the others only the page's.
SUMMARY_SORTS = {
    "last-contact": "last_contact_at",
    "last-home-visit": "last_home_visit_at",
    "next-appointment": "next_appointment_at",
}
SORTS = {
    "name": "Name",
    "rosh": "RoSH",
    "tier": "Tier",
    "mappa": "MAPPA",
    "last-contact": "Last contact",
    "last-home-visit": "Last home visit",
    "next-appointment": "Next appointment",
    "officer": "Officer",
}
ASCENDING, DESCENDING = "ascending", "descending"
TIE_BREAK = ("last_name", "first_name", "crn")


def _sorted(cases, key: str, order: str, *, now):
    """The whole caseload in the chosen order: the sort happens in the query, before paging."""
    descending = order == DESCENDING

    def by(expression):
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)

    if key in SUMMARY_SORTS:
        cases = cases.with_contact_summary(now=now)
        return cases.order_by(by(F(SUMMARY_SORTS[key])), *TIE_BREAK)
    if key == "rosh":
        rank = models.Case(
            *[When(rosh=value, then=Value(rank)) for rank, value in enumerate(Case.RoSH.values)],
            output_field=IntegerField(),
        )
        return cases.annotate(rosh_order=rank).order_by(by(F("rosh_order")), *TIE_BREAK)
    if key == "tier":
        return cases.order_by(by(F("tier")), *TIE_BREAK)
    if key == "mappa":
        return cases.order_by(by(F("mappa_level")), by(F("mappa_category")), *TIE_BREAK)
    if key == "officer":
        return cases.order_by(
            by(F("responsible_officer__last_name")), by(F("responsible_officer__first_name")), *TIE_BREAK
        )
    if descending:
        return cases.order_by(*(f"-{field}" for field in TIE_BREAK))
    return cases.order_by(*TIE_BREAK)


def _sort_headers(params: dict, key: str, order: str, *, show_officer: bool) -> list[dict]:
    """Each sortable column's heading: its `aria-sort` and a link that sorts the whole caseload by it (the
    current column's link reverses the order). Sorting starts again from page 1."""
    headers = []
    for column, label in SORTS.items():
        if column == "officer" and not show_officer:
            continue
        is_current = column == key
        next_order = DESCENDING if is_current and order == ASCENDING else ASCENDING
        query = {k: v for k, v in params.items() if k not in ("sort", "order")}
        query.update(sort=[column], order=[next_order])
        headers.append(
            {
                "key": column,
                "label": label,
                "aria_sort": order if is_current else "none",
                "url": "?" + urlencode(query, doseq=True),
            }
        )
    return headers


def _search(cases, query: str):
    """A CRN matches exactly (any case); otherwise every word must match a first or last name."""
    query = query.strip()
    if len(query) == 7 and query[0].isalpha() and query[1:].isdigit():
        return cases.filter(crn=query.upper())
    for word in query.split():
        cases = cases.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(crn__icontains=word))
    return cases


def caseload(request):
    user = request.user
    if not permissions.may_use_case_pages(user):
        return refuse_without_case_role(request)
    officers = list(permissions.officers_visible_to(user)) if permissions.may_manage_team(user) else []
    form = CaseloadFilterForm(request.GET or None, officers=officers)
    data = form.cleaned_data if form.is_valid() else {}
    visible = cases_visible_to(user)
    query = data.get("q", "")
    officer = next((o for o in officers if o.pk == data.get("officer")), None)
    past_end_date = _past_end_date(visible, user=user, officer=officer, is_manager=bool(officers))
    if query:
        cases = _search(visible, query)
        heading = "Search results"
    elif officer is not None:
        cases = visible.active().filter(responsible_officer=officer)
        heading = f"Caseload: {officer.get_full_name() or officer.username}"
    elif officers:
        cases = visible.active()
        heading = _manager_heading(user)
    else:
        cases = visible.active().filter(responsible_officer=user)
        heading = "My caseload"
    if data.get("rosh"):
        cases = cases.filter(rosh__in=data["rosh"])
    show_officer = bool(officers) or bool(query)
    key = request.GET.get("sort") if request.GET.get("sort") in SORTS else "name"
    if key == "officer" and not show_officer:
        key = "name"
    order = DESCENDING if request.GET.get("order") == DESCENDING else ASCENDING
    now = timezone.now()
    # Page the ids in the chosen order, then fetch only the page's cases with their contact summary and flags.
    page = Paginator(_sorted(cases, key, order, now=now).values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    rows = (
        Case.objects.filter(pk__in=ids)
        .with_contact_summary(now=now)
        .select_related("responsible_officer")
        .prefetch_related(
            Prefetch(
                "risk_flags",
                queryset=RiskFlag.objects.open().select_related("flag_type").order_by("flag_type__name"),
                to_attr="open_flags",
            )
        )
    )
    position = {pk: index for index, pk in enumerate(ids)}
    page.object_list = sorted(rows, key=lambda case: position[case.pk])
    today = timezone.localdate(now)
    rosh_rank = {value: rank for rank, value in enumerate(Case.RoSH.values)}
    # The "Contact" column: one computation for the page's cases, whatever their number.
    statuses = contact_requirements.for_cases(page.object_list, on=today)
    for case in page.object_list:
        case.rosh_rank = rosh_rank[case.rosh]
        case.contact_status = statuses.get(case.pk)
        for flag in case.open_flags:
            flag.is_overdue = flag.is_overdue_on(today)
    params = {key: value for key, value in request.GET.lists() if key != "page"}
    base_query = urlencode(params, doseq=True)
    selected = _selected_filters(data, officer, params)
    return render(
        request,
        "supervision/caseload.html",
        {
            "form": form,
            "page": page,
            "heading": heading,
            "query": query,
            "base_query": base_query,
            "selected_filters": selected,
            "show_officer": show_officer,
            "sort_headers": _sort_headers(params, key, order, show_officer=show_officer),
            "past_end_date": past_end_date,
        },
    )


def _past_end_date(visible, *, user, officer, is_manager: bool) -> list[Case]:
    """Active cases on or past their expected end date: no contact requirement applies to them any more, so
    the officer (and their manager, for the team) must close the case or update its end date. The end date is
    the first day the sentence no longer applies, so a case ending today is listed today."""
    cases = visible.past_end_date(on=timezone.localdate())
    if officer is not None:
        cases = cases.filter(responsible_officer=officer)
    elif not is_manager:
        cases = cases.filter(responsible_officer=user)
    return list(cases.select_related("responsible_officer").order_by("expected_end_on", "crn")[:PAGE_SIZE])


def _selected_filters(data, officer, params) -> list[dict]:
    """The filters applied, each with a link that removes it (the MoJ filter's "selected" tags)."""

    def without(key, value=None):
        remaining = {
            k: [v for v in values if value is not None and v != value] if k == key else values
            for k, values in params.items()
        }
        return "?" + urlencode({k: v for k, v in remaining.items() if v}, doseq=True)

    selected = []
    if data.get("q"):
        selected.append({"heading": "Search", "label": data["q"], "url": without("q")})
    if officer is not None:
        selected.append(
            {"heading": "Officer", "label": officer.get_full_name() or officer.username, "url": without("officer")}
        )
    labels = dict(Case.RoSH.choices)
    for value in data.get("rosh", []):
        selected.append({"heading": "RoSH", "label": labels[value], "url": without("rosh", value)})
    return selected


def _manager_heading(user) -> str:
    """A line manager sees their team's cases; a Head of Public Protection (who manages no team) the region's."""
    if roles.has_role(user, roles.LINE_MANAGER):
        return "Team caseload"
    profile = getattr(user, "profile", None)
    region_id = profile.effective_region_id if profile is not None else None
    region = Region.objects.filter(pk=region_id).values_list("name", flat=True).first() if region_id else None
    return f"Region caseload: {region}" if region else "Region caseload"
