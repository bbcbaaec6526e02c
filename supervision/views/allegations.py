"""Allegations of breach (recording, accounts, checks, findings) and police intelligence.

Anyone who may open the case reads its allegations; the case's own work (responsible officer, line manager or
cover, Head of Public Protection) records and investigates them. The first finding is the responsible officer's;
the officer or a manager may revisit it (supervision.permissions).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from supervision import permissions
from supervision.forms.allegations import (
    AccountForm,
    AllegationForm,
    FindingForm,
    PoliceIntelligenceForm,
    RevisitFindingForm,
    VerificationStepForm,
    WithdrawAllegationForm,
)
from supervision.models import Allegation, AllegationFinding, LicenceCondition
from supervision.services import allegations as services
from supervision.views.base import case_context, case_page, case_work_page, form_page

Status = Allegation.Status
Outcome = AllegationFinding.Outcome


def _list_url(case):
    return reverse("supervision:case-allegations", kwargs={"crn": case.crn})


def _detail_url(case, allegation):
    return reverse("supervision:allegation-detail", kwargs={"crn": case.crn, "pk": allegation.pk})


def _conditions():
    return Prefetch("conditions", queryset=LicenceCondition.objects.select_related("condition_type"))


def _allegation_of(case, pk):
    return get_object_or_404(case.allegations.prefetch_related(_conditions()), pk=pk)


@case_page
def case_allegations(request, case):
    """The case's allegations, newest first: a fixed number of queries however many there are."""
    allegations = list(case.allegations.prefetch_related(_conditions()))
    context = case_context(
        case,
        tab="allegations",
        allegations=allegations,
        may_work=_may_work(request, case),
        may_decide=permissions.may_record_enforcement_decision(request.user, case),
    )
    for allegation in allegations:
        allegation.is_past_due = allegation.is_past_due_on(context["today"])
    return render(request, "supervision/allegations/list.html", context)


def _may_work(request, case) -> bool:
    return permissions.works_on_case(request.user, case)


def _steps_offered(request, case, allegation) -> list[tuple[str, str]]:
    """The steps this user may take on the allegation now: the page offers only these."""
    if not _may_work(request, case):
        return []
    kwargs = {"crn": case.crn, "pk": allegation.pk}
    steps = []
    if allegation.status == Status.INVESTIGATING and permissions.may_record_finding(request.user, case):
        steps.append(("Record the finding", "supervision:allegation-finding"))
    if allegation.status == Status.FINDING_MADE and permissions.may_revisit_finding(request.user, case):
        steps.append(("Revisit the finding", "supervision:allegation-revisit"))
    if allegation.status != Status.WITHDRAWN:
        steps.append(("Add an account", "supervision:allegation-account-create"))
        steps.append(("Add a verification step", "supervision:allegation-check-create"))
    if allegation.is_open:
        steps.append(("Withdraw the allegation", "supervision:allegation-withdraw"))
    offered = [(label, reverse(name, kwargs=kwargs)) for label, name in steps]
    if allegation.finding == Outcome.SUBSTANTIATED and permissions.may_record_enforcement_decision(request.user, case):
        offered.insert(0, ("Record an enforcement decision", _enforcement_url(case, allegation)))
    return offered


def _enforcement_url(case, allegation) -> str:
    """The decision form with this allegation's box already ticked."""
    return reverse("supervision:enforcement-create", kwargs={"crn": case.crn}) + f"?allegation={allegation.pk}"


def _withholding_victim_accounts(request, case, accounts) -> list:
    """A victim's account is read by those who may read sensitive contacts; anyone else who can see the case sees
    that it exists, when it was given and whom to ask."""
    accounts = list(accounts)
    withhold = not permissions.may_see_sensitive_contacts(request.user, case)
    for account in accounts:
        account.is_withheld = withhold and account.is_victim_information
    return accounts


@case_page
def allegation_detail(request, case, pk):
    allegation = _allegation_of(case, pk)
    context = case_context(
        case,
        tab="allegations",
        allegation=allegation,
        accounts=_withholding_victim_accounts(request, case, allegation.accounts.select_related("recorded_by")),
        checks=list(
            allegation.verification_steps.select_related("recorded_by").prefetch_related("contacts__contact_type")
        ),
        findings=list(allegation.findings.select_related("decided_by")),
        events=list(allegation.events.select_related("actor")),
        intelligence=list(allegation.police_intelligence.all()),
        steps=_steps_offered(request, case, allegation),
        enforcement_decisions=list(allegation.enforcement_decisions.all()),
    )
    context["is_past_due"] = allegation.is_past_due_on(context["today"])
    return render(request, "supervision/allegations/detail.html", context)


@case_page
def allegation_accounts(request, case, pk):
    """The accounts side by side, one column each, so contradictions stand out; the checks made beneath."""
    allegation = _allegation_of(case, pk)
    accounts = _withholding_victim_accounts(request, case, allegation.accounts.all())
    width = {1: "two-thirds", 2: "one-half", 3: "one-third"}.get(len(accounts), "one-quarter")
    context = case_context(
        case,
        tab="allegations",
        allegation=allegation,
        accounts=accounts,
        column_class=f"govuk-grid-column-{width}",
        checks=list(allegation.verification_steps.all()),
        may_work=_may_work(request, case),
    )
    return render(request, "supervision/allegations/accounts.html", context)


@case_work_page
def allegation_create(request, case):
    form = AllegationForm(request.POST or None, case=case)
    return form_page(
        request,
        case,
        form,
        title="Record an allegation of breach",
        save=lambda form: services.record_allegation(
            case,
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.fields if name != "submission_token"},
        ),
        success="Allegation recorded",
        back_url=_list_url(case),
    )


@case_work_page
def account_create(request, case, pk):
    allegation = _allegation_of(case, pk)
    form = AccountForm(request.POST or None)
    return form_page(
        request,
        case,
        form,
        title="Add an account",
        intro=f"Alleged: {allegation.description}",
        save=lambda form: services.add_account(
            allegation,
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.fields if name != "submission_token"},
        ),
        success="Account added",
        back_url=_detail_url(case, allegation),
    )


@case_work_page
def verification_step_create(request, case, pk):
    allegation = _allegation_of(case, pk)
    form = VerificationStepForm(request.POST or None, allegation=allegation)
    return form_page(
        request,
        case,
        form,
        title="Add a verification step",
        intro=f"Alleged: {allegation.description}",
        save=lambda form: services.add_verification_step(
            allegation,
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.fields if name != "submission_token"},
        ),
        success="Verification step added",
        back_url=_detail_url(case, allegation),
    )


def _decision_fields(form) -> dict:
    return {
        "outcome": form.cleaned_data["outcome"],
        "rationale": form.cleaned_data["rationale"],
        "decided_on": form.cleaned_data["decided_on"],
        "expected_version": form.cleaned_data["version"],
    }


@case_work_page
def finding_create(request, case, pk):
    if not permissions.may_record_finding(request.user, case):
        raise PermissionDenied
    allegation = _allegation_of(case, pk)
    form = FindingForm(request.POST or None, version=allegation.version)
    return form_page(
        request,
        case,
        form,
        title="Record the finding",
        intro=f"Alleged: {allegation.description}",
        save=lambda form: services.record_finding(allegation, by=request.user, **_decision_fields(form)),
        success="Finding recorded",
        back_url=_detail_url(case, allegation),
    )


@case_work_page
def finding_revisit(request, case, pk):
    if not permissions.may_revisit_finding(request.user, case):
        raise PermissionDenied
    allegation = _allegation_of(case, pk)
    form = RevisitFindingForm(request.POST or None, version=allegation.version)
    current = allegation.get_finding_display() or "none yet"
    return form_page(
        request,
        case,
        form,
        title="Revisit the finding",
        intro=f"The current finding is: {current}. The earlier finding stays in the allegation's history.",
        save=lambda form: services.revisit_finding(
            allegation, by=request.user, reason=form.cleaned_data["reason"], **_decision_fields(form)
        ),
        success="Finding revisited",
        back_url=_detail_url(case, allegation),
    )


@case_work_page
def allegation_withdraw(request, case, pk):
    allegation = _allegation_of(case, pk)
    form = WithdrawAllegationForm(request.POST or None, version=allegation.version)
    return form_page(
        request,
        case,
        form,
        title="Withdraw the allegation",
        intro=f"Alleged: {allegation.description}",
        save=lambda form: services.withdraw_allegation(
            allegation,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        success="Allegation withdrawn",
        back_url=_detail_url(case, allegation),
    )


@case_work_page
def police_intelligence_create(request, case):
    form = PoliceIntelligenceForm(request.POST or None, case=case)
    return form_page(
        request,
        case,
        form,
        title="Record police intelligence",
        intro="A police report of an offence or concerning behaviour that is not itself an allegation of breach.",
        save=lambda form: services.record_police_intelligence(
            case,
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.fields if name != "submission_token"},
        ),
        success="Police intelligence recorded",
        back_url=reverse("supervision:case-risk-flags", kwargs={"crn": case.crn}),
    )
