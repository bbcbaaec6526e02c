"""The case's "Contact requirements" tab: what contact it needs, when it was last had, when it is next due;
and, for line managers and Heads of Public Protection, setting or ending a case-level requirement."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from supervision import permissions
from supervision.contact_requirements import describe_stored, for_case
from supervision.forms.case_requirements import CaseRequirementForm, EndCaseRequirementForm
from supervision.services import case_requirements as services
from supervision.views.base import case_context, case_page, form_page


def _tab_url(case):
    return reverse("supervision:case-contact-requirements", kwargs={"crn": case.crn})


@case_page
def case_contact_requirements(request, case):
    today = timezone.localdate()
    case_level = list(
        case.contact_requirements.select_related("set_by", "ended_by")
        .prefetch_related("contact_types")
        .order_by("-starts_on", "-pk")
    )
    for requirement in case_level:
        requirement.frequency = describe_stored(requirement)
        requirement.is_current = requirement.last_day >= today and requirement.ended_on is None
        requirement.is_in_force = requirement.is_in_force_on(today)
    # "Overdue by" is worked out from today's date, never the flag's stored explanation, which was true on the
    # day the flag opened and goes stale.
    overdue_flags = list(case.overdue_flags.open().select_related("rule", "case_requirement").order_by("due_on", "pk"))
    for flag in overdue_flags:
        flag.what = (flag.rule or flag.case_requirement).contact_description
        flag.days_overdue = (today - flag.due_on).days
    return render(
        request,
        "supervision/case/contact_requirements.html",
        case_context(
            case,
            tab="contact-requirements",
            contact_requirements=for_case(case, on=today),
            overdue_flags=overdue_flags,
            case_level=case_level,
            may_set=permissions.may_set_case_requirements(request.user),
        ),
    )


def _refuse(request, case):
    return render(
        request,
        "supervision/case/not_permitted.html",
        case_context(
            case,
            title="You cannot change this case’s contact requirements",
            explanation="Only a line manager or Head of Public Protection can set or end a contact requirement "
            "for a case. Ask the officer’s line manager if the case needs a different level of contact.",
            back_url=_tab_url(case),
        ),
        status=403,
    )


@case_page
def case_requirement_create(request, case):
    if not permissions.may_set_case_requirements(request.user):
        return _refuse(request, case)
    form = CaseRequirementForm(request.POST or None)
    return form_page(
        request,
        case,
        form,
        title="Set a contact requirement for this case",
        intro="It adds to the contact-frequency rules for this case only, until its end date. The responsible "
        "officer sees it, with your reason, on the case’s contact requirements.",
        save=lambda form: services.set_case_requirement(case, form.details(), by=request.user),
        success="Contact requirement set",
        back_url=_tab_url(case),
    )


@case_page
def case_requirement_end(request, case, pk):
    if not permissions.may_set_case_requirements(request.user):
        return _refuse(request, case)
    requirement = get_object_or_404(case.contact_requirements.select_related("set_by"), pk=pk)
    # Only a current requirement offers the form; a post for one that has ended still reaches the form page,
    # so a double click is answered as the first click was, and a stale form is told what changed.
    if request.method != "POST" and not (requirement.ended_on is None and requirement.ends_on > timezone.localdate()):
        raise Http404
    form = EndCaseRequirementForm(request.POST or None, version=requirement.version)
    return form_page(
        request,
        case,
        form,
        title=f"End early: {describe_stored(requirement)}",
        intro=f"Set by {requirement.set_by.get_full_name() or requirement.set_by.username} to run from "
        f"{requirement.starts_on:%-d %B %Y} to {requirement.last_day:%-d %B %Y}. It stops applying from today; "
        "the record and your reason are kept.",
        save=lambda form: services.end_case_requirement(
            requirement,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        success="Contact requirement ended",
        back_url=_tab_url(case),
    )
