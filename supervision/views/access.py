"""Limited access on a case: the region's Head of Public Protection sets or lifts a restriction or exclusion."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from supervision.forms.access import AccessLimitForm
from supervision.models import CaseAccessLimit
from supervision.permissions import may_limit_access, staff_who_may_be_listed
from supervision.services import access as services
from supervision.views.base import case_page, form_page


def _access_url(case):
    return reverse("supervision:case-access", kwargs={"crn": case.crn})


@case_page
def case_access(request, case):
    if not may_limit_access(request.user, case):
        raise PermissionDenied
    form = AccessLimitForm(request.POST or None, staff_queryset=staff_who_may_be_listed(case))
    limits = list(CaseAccessLimit.objects.filter(case=case).select_related("set_by").prefetch_related("staff"))
    return form_page(
        request,
        case,
        form,
        title="Limit access to this case",
        intro="A restriction lets only the staff it lists see the case; an exclusion stops the staff it lists. "
        "You always see cases in your region unless an exclusion names you.",
        save=lambda form: services.set_access_limit(
            case,
            kind=form.cleaned_data["kind"],
            staff=form.cleaned_data["staff"],
            message=form.cleaned_data["message"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        success="Access limit saved",
        back_url=reverse("supervision:case-detail", kwargs={"crn": case.crn}),
        next_url=_access_url(case),
        template="supervision/case/access.html",
        extra={"limits": limits},
    )


@require_POST
@case_page
def case_access_remove(request, case):
    """Lift the limit of the kind posted (its button on the access page)."""
    if not may_limit_access(request.user, case):
        raise PermissionDenied
    kind = request.POST.get("kind")
    if kind in CaseAccessLimit.Kind.values:
        services.remove_access_limit(case, kind=kind, by=request.user)
        messages.success(request, "Access limit removed")
    return redirect(_access_url(case))
