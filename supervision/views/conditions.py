"""Licence conditions: list, add, add the standard set, vary and end."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from supervision.forms.conditions import (
    EndConditionForm,
    LicenceConditionForm,
    StandardConditionsForm,
    VaryConditionForm,
)
from supervision.models import LicenceCondition
from supervision.services import conditions as services
from supervision.views.base import case_context, case_page, case_work_page, form_page


def _list_url(case):
    return reverse("supervision:case-conditions", kwargs={"crn": case.crn})


@case_page
def case_conditions(request, case):
    today = timezone.localdate()
    conditions = list(
        case.licence_conditions.select_related(
            "condition_type", "key_individual", "replaces", "created_by", "ended_by"
        ).order_by("condition_type__category", "started_on", "pk")
    )
    in_force = [c for c in conditions if c.started_on <= today and (c.ended_on is None or c.ended_on > today)]
    ended = [c for c in conditions if c not in in_force]
    has_standard = any(c.is_standard for c in in_force)
    return render(
        request,
        "supervision/case/conditions.html",
        case_context(case, tab="conditions", in_force=in_force, ended=ended, has_standard=has_standard),
    )


@case_work_page
def condition_create(request, case):
    form = LicenceConditionForm(request.POST or None, case=case)
    return form_page(
        request,
        case,
        form,
        title="Add a licence condition",
        save=lambda form: services.add_condition(
            case,
            condition_type=form.cleaned_data["condition_type"],
            started_on=form.cleaned_data["started_on"],
            wording=form.cleaned_data["wording"],
            exclusion_zone_description=form.cleaned_data["exclusion_zone_description"],
            key_individual=form.cleaned_data["key_individual"],
            by=request.user,
        ),
        success="Licence condition added",
        back_url=_list_url(case),
    )


@case_work_page
def standard_conditions_create(request, case):
    form = StandardConditionsForm(request.POST or None, initial={"started_on": case.started_on})
    return form_page(
        request,
        case,
        form,
        title="Add the standard licence conditions",
        intro="Adds the seven standard conditions, with their standard wording, in one step. Conditions already "
        "in force are not added twice.",
        save=lambda form: services.add_standard_conditions(
            case, started_on=form.cleaned_data["started_on"], by=request.user
        ),
        success="Standard licence conditions added",
        back_url=_list_url(case),
    )


def _condition_of(case, pk):
    return get_object_or_404(case.licence_conditions.select_related("condition_type"), pk=pk)


@case_work_page
def condition_vary(request, case, pk):
    condition = _condition_of(case, pk)
    form = VaryConditionForm(request.POST or None, condition=condition, version=condition.version)
    return form_page(
        request,
        case,
        form,
        title=f"Vary a condition: {condition.condition_type.name}",
        intro="A variation ends this condition and starts its replacement on the same day.",
        save=lambda form: services.vary_condition(
            condition,
            varied_on=form.cleaned_data["varied_on"],
            wording=form.cleaned_data["wording"],
            reason=form.cleaned_data["reason"],
            exclusion_zone_description=form.cleaned_data.get("exclusion_zone_description"),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        ),
        success="Licence condition varied",
        back_url=_list_url(case),
    )


@case_work_page
def condition_end(request, case, pk):
    condition: LicenceCondition = _condition_of(case, pk)
    form = EndConditionForm(request.POST or None, version=condition.version)
    return form_page(
        request,
        case,
        form,
        title=f"End a condition: {condition.condition_type.name}",
        intro=f"Started on {condition.started_on:%-d %B %Y}.",
        save=lambda form: services.end_condition(
            condition,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        ),
        success="Licence condition ended",
        back_url=_list_url(case),
    )
