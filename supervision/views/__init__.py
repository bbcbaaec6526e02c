"""Pages for responsible officers and managers: fetch through permissions, validate, call a service."""

from django.shortcuts import redirect, render

from .. import permissions
from ..permissions import cases_visible_to


def home(request):
    """Send each role to where its work is."""
    if permissions.may_use_case_pages(request.user):
        return redirect("supervision:caseload")
    if permissions.may_administer(request.user):
        return redirect("admin:index")
    return render(request, "supervision/no_role.html", status=403)


def caseload(request):
    if not permissions.may_use_case_pages(request.user):
        return render(request, "supervision/no_role.html", status=403)
    cases = (
        cases_visible_to(request.user)
        .active()
        .filter(responsible_officer=request.user)
        .select_related("responsible_officer")
        .order_by("last_name", "first_name")
    )
    return render(request, "supervision/caseload.html", {"cases": cases})
