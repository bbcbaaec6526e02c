"""Pages for responsible officers and managers: fetch through permissions, validate, call a service."""

from django.shortcuts import redirect, render

from supervision import permissions
from supervision.navigation import NAVIGATION
from supervision.views.caseload import caseload
from supervision.views.cases import case_chronology, case_contacts, case_detail
from supervision.views.conditions import (
    case_conditions,
    condition_create,
    condition_end,
    condition_vary,
    standard_conditions_create,
)
from supervision.views.contacts import (
    appointment_create,
    contact_amend,
    contact_create,
    contact_detail,
    contact_outcome,
)
from supervision.views.risk import (
    acute_risk_factor_create,
    acute_risk_factor_review,
    case_key_individuals,
    case_risk_flags,
    disclosure_create,
    key_individual_create,
    key_individual_edit,
    risk_flag_create,
    risk_flag_end,
    risk_flag_review,
)


def home(request):
    """Send each role to where its work is."""
    # An app's navigation item may be someone's first page (a Head of Public Protection's region dashboard, a MAPPA
    # co-ordinator's queue: mappa registers both), so supervision never names the apps built on it.
    home_page = next((item for item in NAVIGATION if item.is_home and item.is_allowed(request.user)), None)
    if permissions.may_use_case_pages(request.user):
        # Officers start their day from what needs doing; managers from where their team's cases need them.
        if not permissions.may_manage_team(request.user):
            return redirect("supervision:my-work")
        return redirect(home_page.url_name if home_page else "supervision:dashboard")
    if permissions.may_administer(request.user):
        return redirect("admin:index")
    if home_page is not None:
        return redirect(home_page.url_name)
    return render(request, "supervision/no_role.html", status=403)


__all__ = [
    "acute_risk_factor_create",
    "acute_risk_factor_review",
    "appointment_create",
    "case_chronology",
    "case_conditions",
    "case_contacts",
    "case_detail",
    "case_key_individuals",
    "case_risk_flags",
    "caseload",
    "condition_create",
    "condition_end",
    "condition_vary",
    "contact_amend",
    "contact_create",
    "contact_detail",
    "contact_outcome",
    "disclosure_create",
    "home",
    "key_individual_create",
    "key_individual_edit",
    "risk_flag_create",
    "risk_flag_end",
    "risk_flag_review",
    "standard_conditions_create",
]
