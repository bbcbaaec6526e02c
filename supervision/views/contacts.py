"""Recording contacts, booking appointments, their outcomes and amendments."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from supervision.forms.contacts import AmendContactForm, BookAppointmentForm, OutcomeForm, RecordContactForm
from supervision.permissions import (
    may_cancel_appointment,
    may_record_enforcement_decision,
    may_see_sensitive_contacts,
)
from supervision.services import contacts as services
from supervision.views.base import case_context, case_page, case_work_page, form_page


def _contacts_url(case):
    return reverse("supervision:case-contacts", kwargs={"crn": case.crn})


@case_work_page
def contact_create(request, case):
    form = RecordContactForm(request.POST or None, case=case)
    return form_page(
        request,
        case,
        form,
        title="Record a contact",
        save=lambda form: services.record_contact(case, form.details(), by=request.user),
        success="Contact recorded",
        back_url=_contacts_url(case),
    )


@case_work_page
def appointment_create(request, case):
    form = BookAppointmentForm(request.POST or None, case=case)
    return form_page(
        request,
        case,
        form,
        title="Book an appointment",
        save=lambda form: services.book_appointment(case, form.details(), by=request.user),
        success="Appointment booked",
        back_url=_contacts_url(case),
    )


def _contact_of(case, pk):
    return get_object_or_404(
        case.contacts.select_related(
            "contact_type",
            "made_by_user",
            "recorded_by",
            "cancelled_by",
            "key_individual",
            "licence_condition__condition_type",
        ),
        pk=pk,
    )


def _refuse_if_withheld(request, case, contact) -> None:
    """Changing a sensitive contact shows what it says, so it is for those who may read it."""
    if contact.is_sensitive and not may_see_sensitive_contacts(request.user, case):
        raise PermissionDenied


@case_page
def contact_detail(request, case, pk):
    contact = _contact_of(case, pk)
    if contact.is_sensitive and not may_see_sensitive_contacts(request.user, case):
        context = case_context(case, contact=contact, back_url=_contacts_url(case))
        return render(request, "supervision/case/sensitive_contact.html", context)
    amendments = list(contact.amendments.select_related("amended_by"))
    # The values as first recorded: for each amended field, the "from" of its earliest amendment.
    original = {}
    for amendment in amendments:
        for field, change in amendment.changes.items():
            original.setdefault(field, change)
    now = timezone.now()
    return render(
        request,
        "supervision/case/contact_detail.html",
        case_context(
            case,
            contact=contact,
            amendments=amendments,
            original=original,
            needs_outcome=contact.is_awaiting_outcome_at(now),
            is_upcoming=contact.is_upcoming_at(now),
            back_url=_contacts_url(case),
            # An unacceptable absence needs an enforcement decision: the page shows it, or offers to record one.
            enforcement_decisions=list(contact.enforcement_decisions.all()) if contact.outcome == "UA" else [],
            may_record_enforcement=may_record_enforcement_decision(request.user, case),
            # Booked, not yet happened or awaiting its outcome: it can still be called off.
            may_cancel=contact.is_appointment
            and not contact.outcome
            and not contact.is_cancelled
            and may_cancel_appointment(request.user, case),
        ),
    )


@case_work_page
def contact_outcome(request, case, pk):
    contact = _contact_of(case, pk)
    _refuse_if_withheld(request, case, contact)
    detail_url = reverse("supervision:contact-detail", kwargs={"crn": case.crn, "pk": contact.pk})
    if not contact.is_appointment or contact.is_cancelled or contact.starts_at > timezone.now():
        return render(
            request,
            "supervision/case/outcome_not_yet.html",
            case_context(case, contact=contact, back_url=detail_url),
        )
    form = OutcomeForm(
        request.POST or None, contact=contact, initial={"outcome": contact.outcome or None}, version=contact.version
    )
    when = f"{timezone.localtime(contact.starts_at):%-d %B %Y at %H:%M}"
    return form_page(
        request,
        case,
        form,
        title="Record the outcome" if not contact.outcome else "Change the outcome",
        intro=f"{contact.contact_type.name}, {when}.",
        save=lambda form: services.record_outcome(
            contact,
            outcome=form.cleaned_data["outcome"],
            absence_reason=form.cleaned_data.get("absence_reason", ""),
            notes=form.cleaned_data.get("notes", ""),
            reason=form.cleaned_data.get("reason", ""),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        ),
        success="Outcome recorded",
        back_url=detail_url,
    )


@case_work_page
def contact_amend(request, case, pk):
    contact = _contact_of(case, pk)
    _refuse_if_withheld(request, case, contact)
    detail_url = reverse("supervision:contact-detail", kwargs={"crn": case.crn, "pk": contact.pk})
    form = AmendContactForm(
        request.POST or None, case=case, initial=AmendContactForm.initial_for(contact), version=contact.version
    )
    return form_page(
        request,
        case,
        form,
        title="Amend a contact",
        intro="Correct what was recorded. The original stays readable beside your correction, with who changed "
        "it, when and why.",
        save=lambda form: services.amend_contact(
            contact,
            changes=form.changes(),
            reason=form.cleaned_data["reason"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        ),
        success="Amendment saved",
        back_url=detail_url,
    )
