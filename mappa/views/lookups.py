"""What every referral, escalation and meeting page does first: refuse users without a case role, then fetch
the record through the access policy, so one outside the user's access is a 404. A case page fetches its case
with supervision's `case_page`; these fetch a referral or an escalation with its case, ready for the case
layout (`case_context`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from caseworks.errors import InvalidTransition
from mappa import permissions
from supervision.permissions import may_use_case_pages
from supervision.services import audit

CASE_FIELDS = ("responsible_officer", "team")


def require(allowed: bool) -> None:
    """A step the user's role may not take, on something they can see, is a 403."""
    if not allowed:
        raise PermissionDenied


def referral_for(request, pk):
    audit.mark_attempt(request, object_type="mappa.referral", object_id=pk)
    require(may_use_case_pages(request.user))
    referral = get_object_or_404(
        permissions.referrals_visible_to(request.user).select_related(
            *(f"case__{field}" for field in CASE_FIELDS), "agency", "created_by", "endorsed_by"
        ),
        pk=pk,
    )
    audit.mark(request, referral.case, referral)
    return referral


def escalation_for(request, pk):
    audit.mark_attempt(request, object_type="mappa.escalation", object_id=pk)
    require(may_use_case_pages(request.user))
    escalation = get_object_or_404(
        permissions.escalations_visible_to(request.user).select_related(
            *(f"referral__case__{field}" for field in CASE_FIELDS),
            "referral__agency",
            "assigned_to",
            "previous__assigned_to",
        ),
        pk=pk,
    )
    audit.mark(request, escalation.referral.case, escalation)
    return escalation


def moved_on(request, redirect_to, *args, **kwargs):
    """The page for a step the record no longer allows (it has moved on since the link was followed): back to
    the record, with the same message a refused post shows."""
    messages.error(request, InvalidTransition.MESSAGE)
    return redirect(redirect_to, *args, **kwargs)
