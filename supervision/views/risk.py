"""Key individuals, relationship disclosures, acute risk factors and risk flags."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from supervision.forms.risk import (
    AcuteRiskFactorForm,
    AcuteRiskReviewForm,
    EndRiskFlagForm,
    KeyIndividualForm,
    RelationshipDisclosureForm,
    RiskFlagForm,
    RiskFlagReviewForm,
)
from supervision.permissions import works_on_case
from supervision.services import risk as services
from supervision.views.base import case_context, case_page, case_work_page, form_page


def _people_url(case):
    return reverse("supervision:case-key-individuals", kwargs={"crn": case.crn})


def _flags_url(case):
    return reverse("supervision:case-risk-flags", kwargs={"crn": case.crn})


@case_page
def case_key_individuals(request, case):
    people = list(case.key_individuals.all())
    disclosures = list(case.relationship_disclosures.select_related("key_individual", "recorded_by"))
    return render(
        request,
        "supervision/case/key_individuals.html",
        case_context(case, tab="key-individuals", people=people, disclosures=disclosures),
    )


def _key_individual_fields(form):
    return {name: value for name, value in form.cleaned_data.items() if name in services.KEY_INDIVIDUAL_FIELDS}


def _raise_acute_risk_if_described(case, individual, form, *, by):
    """The key individual form can also record an acute risk factor about that person (e.g. pregnant)."""
    description = form.cleaned_data["acute_risk_description"].strip()
    if description:
        services.raise_acute_risk_factor(
            case, description=description, identified_on=timezone.localdate(), key_individual=individual, by=by
        )


@case_work_page
def key_individual_create(request, case):
    form = KeyIndividualForm(request.POST or None)

    def save(form):
        individual = services.add_key_individual(case, by=request.user, **_key_individual_fields(form))
        _raise_acute_risk_if_described(case, individual, form, by=request.user)
        return individual

    return form_page(
        request,
        case,
        form,
        title="Add a key individual",
        save=save,
        success="Key individual added",
        back_url=_people_url(case),
    )


@case_work_page
def key_individual_edit(request, case, pk):
    individual = get_object_or_404(case.key_individuals, pk=pk)
    form = KeyIndividualForm(request.POST or None, instance=individual, version=individual.version)

    def save(form):
        updated = services.update_key_individual(
            individual,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            **_key_individual_fields(form),
        )
        _raise_acute_risk_if_described(case, updated, form, by=request.user)
        return updated

    return form_page(
        request,
        case,
        form,
        title=f"Edit {individual.name}",
        save=save,
        success="Key individual updated",
        back_url=_people_url(case),
    )


@case_work_page
def disclosure_create(request, case):
    form = RelationshipDisclosureForm(request.POST or None, case=case)
    return form_page(
        request,
        case,
        form,
        title="Record a relationship disclosure",
        intro="A new or developing relationship you have learned of, and whether the person disclosed it as their "
        "licence requires.",
        save=lambda form: services.record_relationship_disclosure(
            case,
            key_individual=form.cleaned_data["key_individual"],
            learned_on=form.cleaned_data["learned_on"],
            is_disclosed_by_person=form.cleaned_data["is_disclosed_by_person"],
            source=form.cleaned_data["source"],
            notes=form.cleaned_data["notes"],
            acute_risk_description=form.cleaned_data["acute_risk_description"],
            by=request.user,
        ),
        success="Relationship disclosure recorded",
        back_url=_people_url(case),
    )


@case_work_page
def acute_risk_factor_create(request, case):
    form = AcuteRiskFactorForm(request.POST or None, initial={"identified_on": timezone.localdate()})
    return form_page(
        request,
        case,
        form,
        title="Record an acute risk factor",
        intro="A sudden change that raises risk now. The case shows a banner until the contact level and "
        "safeguarding referrals have been reviewed.",
        save=lambda form: services.raise_acute_risk_factor(
            case,
            description=form.cleaned_data["description"],
            identified_on=form.cleaned_data["identified_on"],
            by=request.user,
        ),
        success="Acute risk factor recorded",
        back_url=reverse("supervision:case-detail", kwargs={"crn": case.crn}),
    )


@case_work_page
def acute_risk_factor_review(request, case, pk):
    factor = get_object_or_404(case.acute_risk_factors, pk=pk)
    form = AcuteRiskReviewForm(request.POST or None, version=factor.version)
    return form_page(
        request,
        case,
        form,
        title="Review an acute risk factor",
        intro=factor.description,
        save=lambda form: services.review_acute_risk_factor(
            factor, notes=form.cleaned_data["notes"], by=request.user, expected_version=form.cleaned_data["version"]
        ),
        success="Review recorded",
        back_url=reverse("supervision:case-detail", kwargs={"crn": case.crn}),
    )


@case_page
def case_risk_flags(request, case):
    today = timezone.localdate()
    flags = list(case.risk_flags.select_related("flag_type", "ended_by").order_by("ended_on", "next_review_on"))
    for flag in flags:
        flag.is_overdue = flag.is_overdue_on(today)
    return render(
        request,
        "supervision/case/risk_flags.html",
        case_context(
            case,
            tab="risk-flags",
            active_flags=[f for f in flags if f.ended_on is None],
            ended_flags=[f for f in flags if f.ended_on is not None],
            police_intelligence=list(case.police_intelligence.all()),
            may_record_intelligence=works_on_case(request.user, case),
        ),
    )


@case_work_page
def risk_flag_create(request, case):
    form = RiskFlagForm(request.POST or None, initial={"started_on": timezone.localdate()})
    return form_page(
        request,
        case,
        form,
        title="Add a risk flag",
        save=lambda form: services.add_risk_flag(
            case,
            flag_type=form.cleaned_data["flag_type"],
            started_on=form.cleaned_data["started_on"],
            next_review_on=form.cleaned_data["next_review_on"],
            notes=form.cleaned_data["notes"],
            by=request.user,
        ),
        success="Risk flag added",
        back_url=_flags_url(case),
    )


def _flag_of(case, pk):
    return get_object_or_404(case.risk_flags.select_related("flag_type"), pk=pk)


@case_work_page
def risk_flag_review(request, case, pk):
    flag = _flag_of(case, pk)
    form = RiskFlagReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()}, version=flag.version)
    return form_page(
        request,
        case,
        form,
        title=f"Review the {flag.flag_type.name} flag",
        intro=f"Review due {flag.next_review_on:%-d %B %Y}. Reviewed every {flag.flag_type.review_every_months} "
        "months.",
        save=lambda form: services.review_risk_flag(
            flag,
            reviewed_on=form.cleaned_data["reviewed_on"],
            next_review_on=form.cleaned_data["next_review_on"],
            notes=form.cleaned_data["notes"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        ),
        success="Risk flag review recorded",
        back_url=_flags_url(case),
    )


@case_work_page
def risk_flag_end(request, case, pk):
    flag = _flag_of(case, pk)
    form = EndRiskFlagForm(request.POST or None, version=flag.version)
    return form_page(
        request,
        case,
        form,
        title=f"End the {flag.flag_type.name} flag",
        save=lambda form: services.end_risk_flag(
            flag,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        ),
        success="Risk flag ended",
        back_url=_flags_url(case),
    )
