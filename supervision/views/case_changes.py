"""Changing a case's details, its history, closing and reopening it.

The "Case details" page lists each detail with a "Change" link for the changes the user may make
(supervision/permissions.py answers each one); each change is a small form (`form_page`: error summary, submission
token, stale-edit refusal) calling one service. Closing a case asks for confirmation first.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from supervision import permissions
from supervision.case_record.case_changes import changed_values
from supervision.forms.case_changes import (
    AddressCorrectionForm,
    AddressMoveForm,
    CloseCaseForm,
    LicenceVariationForm,
    MappaForm,
    ReopenCaseForm,
    RoshForm,
    SupervisionForm,
    TierForm,
)
from supervision.models import Case
from supervision.services import case_changes as services
from supervision.services import closure
from supervision.views.base import case_context, case_page, form_page

ACTIONS = {
    "address": permissions.may_change_address,
    "rosh": permissions.may_reassess_rosh,
    "variation": permissions.may_record_licence_variation,
    "tier": permissions.may_change_tier,
    "mappa": permissions.may_correct_mappa,
    "supervision": permissions.may_change_supervision,
    "close": permissions.may_close_case,
    "reopen": permissions.may_reopen_case,
}
NOT_ACTIVE_TEMPLATE = "supervision/case_changes/not_active.html"


def change_page(may):
    """Decorator: `case_page`, then only users the permission allows; anyone else who can read the case gets a
    403 before anything is drawn or saved."""

    def decorate(view):
        @wraps(view)
        def checked(request, case, *args, **kwargs):
            if not may(request.user, case):
                raise PermissionDenied
            return view(request, case, *args, **kwargs)

        return case_page(checked)

    return decorate


def _details_url(case):
    return reverse("supervision:case-details", kwargs={"crn": case.crn})


def _unless_active(request, case):
    """A closed or recalled case is changed only by reopening it: say so instead of drawing a form."""
    if case.status == Case.Status.ACTIVE:
        return None
    return render(request, NOT_ACTIVE_TEMPLATE, case_context(case, tab="case-details", back_url=_details_url(case)))


@case_page
def case_details(request, case):
    """The case's details with a "Change" link for each change this user may make."""
    allowed = {name for name, may in ACTIONS.items() if may(request.user, case)}
    current_address = case.addresses.standing().order_by("-starts_on", "-pk").first()
    context = case_context(
        case,
        tab="case-details",
        allowed=allowed,
        current_address=current_address,
        is_active=case.status == Case.Status.ACTIVE,
        may_vary=case.supervision_type in services.VARIABLE_SUPERVISION,
        variations=list(case.changes.filter(kind="VARIATION").select_related("changed_by")[:5]),
    )
    return render(request, "supervision/case_changes/details.html", context)


@case_page
def case_history(request, case):
    """Every change with who, when, why and the old and new values; and every address the person has had."""
    changes = list(case.changes.select_related("changed_by").order_by("-changed_at", "-pk"))
    for change in changes:
        change.values = changed_values(change)
    addresses = list(case.addresses.select_related("corrects", "corrected_by").order_by("-starts_on", "-pk"))
    context = case_context(case, tab="case-details", changes=changes, addresses=addresses)
    return render(request, "supervision/case_changes/history.html", context)


def _change(request, case, form_class, *, title, save, success, intro="", initial=None):
    if response := _unless_active(request, case):
        return response
    form = form_class(request.POST or None, initial=initial or {}, version=case.version)
    return form_page(
        request,
        case,
        form,
        title=title,
        intro=intro,
        save=lambda form: save(form.cleaned_data, form.cleaned_data["version"]),
        success=success,
        back_url=_details_url(case),
    )


@change_page(permissions.may_change_address)
def address_move(request, case):
    return _change(
        request,
        case,
        AddressMoveForm,
        title="Record a change of address",
        intro="The person has moved. Their previous address stays in the case history.",
        initial={"moved_on": timezone.localdate()},
        save=lambda data, version: services.move_address(
            case,
            address=data["address"],
            postcode=data["postcode"],
            moved_on=data["moved_on"],
            is_approved_premises=data["is_approved_premises"],
            approved_premises_ends_on=data["approved_premises_ends_on"],
            reason=data["reason"],
            by=request.user,
            expected_version=version,
        ),
        success="Address changed",
    )


@change_page(permissions.may_change_address)
def address_correct(request, case):
    return _change(
        request,
        case,
        AddressCorrectionForm,
        title="Correct the address",
        intro="For a mistake in how the current address was recorded. If the person has moved, record a change of "
        "address instead.",
        initial={"address": case.address, "postcode": case.postcode},
        save=lambda data, version: services.correct_address(
            case,
            address=data["address"],
            postcode=data["postcode"],
            reason=data["reason"],
            by=request.user,
            expected_version=version,
        ),
        success="Address corrected",
    )


@change_page(permissions.may_reassess_rosh)
def rosh_change(request, case):
    return _change(
        request,
        case,
        RoshForm,
        title="Record a RoSH reassessment",
        initial={"rosh": case.rosh, "assessed_on": timezone.localdate()},
        save=lambda data, version: services.reassess_rosh(
            case,
            rosh=data["rosh"],
            assessed_on=data["assessed_on"],
            reason=data["reason"],
            by=request.user,
            expected_version=version,
        ),
        success="RoSH reassessment recorded",
    )


@change_page(permissions.may_change_tier)
def tier_change(request, case):
    return _change(
        request,
        case,
        TierForm,
        title="Change the tier",
        initial={"tier": case.tier},
        save=lambda data, version: services.change_tier(
            case, tier=data["tier"], reason=data["reason"], by=request.user, expected_version=version
        ),
        success="Tier changed",
    )


@change_page(permissions.may_correct_mappa)
def mappa_change(request, case):
    return _change(
        request,
        case,
        MappaForm,
        title="Correct the MAPPA category and level",
        intro="The MAPPA level is normally set by the MAPPA unit's decision on a referral. Correct it here only "
        "with a reason.",
        initial={"mappa_category": case.mappa_category or "", "mappa_level": case.mappa_level or ""},
        save=lambda data, version: services.correct_mappa(
            case,
            category=data["mappa_category"],
            level=data["mappa_level"],
            reason=data["reason"],
            by=request.user,
            expected_version=version,
        ),
        success="MAPPA category and level changed",
    )


@change_page(permissions.may_change_supervision)
def supervision_change(request, case):
    return _change(
        request,
        case,
        SupervisionForm,
        title="Change the supervision type and dates",
        initial={
            "supervision_type": case.supervision_type,
            "started_on": case.started_on,
            "expected_end_on": case.expected_end_on,
            "hdc_curfew_ends_on": case.hdc_curfew_ends_on,
        },
        save=lambda data, version: services.change_supervision(
            case,
            supervision_type=data["supervision_type"],
            started_on=data["started_on"],
            expected_end_on=data["expected_end_on"],
            hdc_curfew_ends_on=data["hdc_curfew_ends_on"],
            reason=data["reason"],
            by=request.user,
            expected_version=version,
        ),
        success="Supervision details changed",
    )


@change_page(permissions.may_record_licence_variation)
def licence_variation_create(request, case):
    if response := _unless_active(request, case):
        return response
    form = LicenceVariationForm(request.POST or None, initial={"varied_on": timezone.localdate()})
    conditions_url = reverse("supervision:case-conditions", kwargs={"crn": case.crn})
    return form_page(
        request,
        case,
        form,
        title="Record a licence variation",
        intro="The decision to vary the licence. Add or end the conditions it changes on the licence conditions page.",
        save=lambda form: services.record_licence_variation(
            case,
            varied_on=form.cleaned_data["varied_on"],
            what_changed=form.cleaned_data["what_changed"],
            authorised_by=form.cleaned_data["authorised_by"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        success="Licence variation recorded. Now add or end the conditions it changed.",
        back_url=_details_url(case),
        next_url=conditions_url,
    )


@change_page(permissions.may_close_case)
def case_close(request, case):
    """Close the case in two steps: the form, then a confirmation of what closing does."""
    if response := _unless_active(request, case):
        return response
    form = CloseCaseForm(request.POST or None, initial={"closed_on": timezone.localdate()}, version=case.version)
    if request.method == "POST" and form.is_valid() and not form.is_confirmed:
        hidden = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in {"csrfmiddlewaretoken", "submit", "confirmed"}
            for value in values
        ]
        context = case_context(
            case,
            form=form,
            hidden=[*hidden, ("confirmed", "yes")],
            closure_reason=dict(Case.ClosureReason.choices)[form.cleaned_data["closure_reason"]],
            closed_on=form.cleaned_data["closed_on"],
            open_requirements=case.contact_requirements.filter(ended_on__isnull=True).count(),
            back_url=reverse("supervision:case-close", kwargs={"crn": case.crn}),
            cancel_url=_details_url(case),
        )
        return render(request, "supervision/case_changes/confirm_closure.html", context)
    return form_page(
        request,
        case,
        form,
        title="Close this case",
        intro="Closing the case takes it off the caseload, ends its contact requirements and closes its overdue "
        "flags. You will be asked to confirm.",
        save=lambda form: closure.close_case(
            case,
            closure_reason=form.cleaned_data["closure_reason"],
            closed_on=form.cleaned_data["closed_on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        ),
        success="Case closed",
        back_url=_details_url(case),
    )


@change_page(permissions.may_reopen_case)
def case_reopen(request, case):
    if case.status == Case.Status.ACTIVE:
        return render(request, NOT_ACTIVE_TEMPLATE, case_context(case, tab="case-details", back_url=_details_url(case)))
    form = ReopenCaseForm(request.POST or None, version=case.version)
    return form_page(
        request,
        case,
        form,
        title="Reopen this case",
        intro=f"The case was {case.get_status_display().lower()} on {case.closed_on:%-d %B %Y} "
        f"({case.get_closure_reason_display().lower()}). Reopening makes it active again; the closure stays in "
        "its history.",
        save=lambda form: closure.reopen_case(
            case, reason=form.cleaned_data["reason"], by=request.user, expected_version=form.cleaned_data["version"]
        ),
        success="Case reopened",
        back_url=_details_url(case),
    )
