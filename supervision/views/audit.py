"""The audit pages: who has seen a case, and what a user has looked at, with a date filter and a CSV export.

Heads of Public Protection see the events on their region's cases; auditors see every event nationally (an
information-assurance role, independent of the regions it checks). Both pages are themselves audited: viewing a
case's audit is a view of that case, and each export is an export row.
"""

import csv
import re
from datetime import UTC

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from supervision import roles
from supervision.forms.audit import AuditFilterForm
from supervision.models import AuditEvent, Case
from supervision.permissions import cases_visible_to
from supervision.services import audit

PAGE_SIZE = 50
# An export is for an investigation, not a backup: a range wider than this is refused with a message.
EXPORT_LIMIT = 50_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ["When (UTC)", "Username", "Action", "Allowed", "CRN", "Record", "Record id", "Page", "Path", "Method",
               "Status", "Address", "Reference"]  # fmt: skip


def may_read_audit(user) -> bool:
    return roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION, roles.AUDITOR)


def audit_events_visible_to(user):
    """Every event an auditor; a Head of Public Protection those about cases in their region."""
    if not may_read_audit(user):
        return AuditEvent.objects.none()
    if roles.has_role(user, roles.AUDITOR):
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(case__in=cases_visible_to(user))


def _cases_audited_by(user):
    return Case.objects.all() if roles.has_role(user, roles.AUDITOR) else cases_visible_to(user)


def _case_for(request, crn):
    audit.mark_attempt(request, crn=crn)
    if not may_read_audit(request.user):
        raise PermissionDenied
    case = get_object_or_404(_cases_audited_by(request.user), crn=crn.upper())
    audit.mark(request, case)
    return case


def _filtered(request, events, *, with_username=False):
    form = AuditFilterForm(request.GET or None, with_username=with_username)
    if form.is_bound and form.is_valid():
        events = events.between(form.cleaned_data["from_date"], form.cleaned_data["to_date"])
    elif form.is_bound:
        events = events.none()
    return form, events


def _page(request, events):
    return Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    return urlencode([(key, value) for key, values in request.GET.lists() if key != "page" for value in values])


def case_audit(request, crn):
    case = _case_for(request, crn)
    form, events = _filtered(request, audit_events_visible_to(request.user).filter(case=case))
    return render(
        request,
        "supervision/audit/case.html",
        {
            "case": case,
            "form": form,
            "page": _page(request, events),
            "query": _query_without_page(request),
            "export_url": reverse("supervision:case-audit-csv", kwargs={"crn": case.crn})
            + "?"
            + _query_without_page(request),
        },
    )


def case_audit_csv(request, crn):
    audit.mark_export(request)
    case = _case_for(request, crn)
    form, events = _filtered(request, audit_events_visible_to(request.user).filter(case=case))
    return _csv(events, f"audit-{case.crn}-{timezone.localdate():%Y-%m-%d}.csv")


def _user_events(request):
    if not may_read_audit(request.user):
        raise PermissionDenied
    form, events = _filtered(request, audit_events_visible_to(request.user), with_username=True)
    username = form.cleaned_data.get("username", "").strip() if form.is_bound and form.is_valid() else ""
    return form, username, events.filter(username__iexact=username) if username else events.none()


def user_audit(request):
    """What a user has looked at; a CRN typed in the page's second form goes to that case's audit instead (refused
    there if the reader may not see it)."""
    crn = re.sub(r"[^A-Za-z0-9]", "", request.GET.get("crn", ""))[:20].upper()
    if crn and may_read_audit(request.user):
        return redirect("supervision:case-audit", crn=crn)
    username = request.GET.get("username", "").strip()
    if username:
        audit.mark_attempt(request, object_type="auth.user", object_id=username[:40])
    form, username, events = _user_events(request)
    return render(
        request,
        "supervision/audit/user.html",
        {
            "form": form,
            "username": username,
            "national": roles.has_role(request.user, roles.AUDITOR),
            "page": _page(request, events),
            "query": _query_without_page(request),
            "export_url": reverse("supervision:user-audit-csv") + "?" + _query_without_page(request),
        },
    )


def user_audit_csv(request):
    audit.mark_export(request)
    audit.mark_attempt(request, object_type="auth.user", object_id=request.GET.get("username", "").strip()[:40])
    form, username, events = _user_events(request)
    # The username is typed by the reader: only plain characters reach the Content-Disposition header.
    name = re.sub(r"[^A-Za-z0-9._-]", "_", username)[:40] or "nobody"
    return _csv(events, f"audit-{name}-{timezone.localdate():%Y-%m-%d}.csv")


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting = + - @ (or a tab or carriage return) is a formula to
    Excel, so it gets a leading apostrophe. Usernames and paths come from users; they must never run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(events, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for event in events[:EXPORT_LIMIT].iterator():
        writer.writerow(
            safe_cell(value)
            for value in (
                event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
                event.username,
                event.get_action_display(),
                "Yes" if event.is_allowed else "No",
                event.case_crn,
                event.object_type,
                event.object_id,
                event.url_name,
                event.path,
                event.method,
                event.status_code,
                event.address,
                event.request_id,
            )
        )
    return response
