"""The contact requirements of one case: what contact it needs, when it was last had, when it is next due."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .. import permissions
from ..permissions import cases_visible_to
from ..services.contact_requirements import by_case, contact_requirements


def case_contact_requirements(request, crn):
    if not permissions.may_use_case_pages(request.user):
        return render(request, "supervision/no_role.html", status=403)
    case = get_object_or_404(cases_visible_to(request.user).select_related("responsible_officer"), crn=crn)
    today = timezone.localdate()
    requirements = by_case(contact_requirements(on=today, cases=case.__class__.objects.filter(pk=case.pk)))
    return render(
        request,
        "supervision/case_contact_requirements.html",
        {
            "case": case,
            "today": today,
            "contact_requirements": requirements.get(case.pk),
            "open_flags": case.overdue_flags.open().select_related("rule", "case_requirement"),
        },
    )
