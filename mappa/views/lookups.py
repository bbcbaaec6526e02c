"""Referral, escalation-queue and meeting pages: fetch through permissions → validate → call a service → redirect.

A case, referral, escalation or meeting outside the user's access is a 404; a step the user's role may not
take on something they can see is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mappa import permissions
from mappa.models import Referral
from supervision.permissions import cases_visible_to, may_use_case_pages

Status = Referral.Status


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


def _case(request, crn):
    _require(may_use_case_pages(request.user))
    return get_object_or_404(cases_visible_to(request.user).select_related("responsible_officer"), crn=crn)


def _referral(request, pk):
    _require(may_use_case_pages(request.user))
    return get_object_or_404(
        permissions.referrals_visible_to(request.user).select_related(
            "case__responsible_officer", "agency", "created_by", "endorsed_by"
        ),
        pk=pk,
    )


def _escalation(request, pk):
    _require(may_use_case_pages(request.user))
    return get_object_or_404(
        permissions.escalations_visible_to(request.user).select_related(
            "referral__case__responsible_officer", "referral__agency", "assigned_to", "previous__assigned_to"
        ),
        pk=pk,
    )


def _invalid(request, error):
    messages.error(request, "That step cannot be taken now: the referral has moved on. Check its history.")
