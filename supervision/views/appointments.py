"""Cancelling a booked appointment, from the appointment's page (where its outcome is recorded).

The case's own work may cancel (`case_work_page`; the service asks the same access policy), and a sensitive
appointment only those who may read it. An appointment that has happened or already been cancelled shows why it
cannot be cancelled instead of the form.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from supervision.forms.appointments import CancelAppointmentForm
from supervision.models import ProgrammeSession
from supervision.permissions import may_see_sensitive_contacts
from supervision.services.appointments import cancel_appointment
from supervision.views.base import case_context, case_work_page, form_page


@case_work_page
def appointment_cancel(request, case, pk):
    appointment = get_object_or_404(case.contacts.select_related("contact_type"), pk=pk)
    if appointment.is_sensitive and not may_see_sensitive_contacts(request.user, case):
        raise PermissionDenied
    detail_url = reverse("supervision:contact-detail", kwargs={"crn": case.crn, "pk": appointment.pk})
    if appointment.is_cancelled:
        return redirect(detail_url)  # a repeat of the submit that cancelled it lands where the first did
    if not appointment.is_appointment or appointment.outcome:
        context = case_context(case, contact=appointment, back_url=detail_url)
        return render(request, "supervision/case/cannot_cancel.html", context)
    form = CancelAppointmentForm(
        request.POST or None,
        is_programme_session=ProgrammeSession.objects.filter(contact=appointment).exists(),
        version=appointment.version,
    )
    when = f"{timezone.localtime(appointment.starts_at):%-d %B %Y at %H:%M}"
    return form_page(
        request,
        case,
        form,
        title="Cancel the appointment",
        intro=f"{appointment.contact_type.name}, {when}. The appointment stays on the record as cancelled, with "
        "your reason: it will not need an outcome and will not count as an absence.",
        save=lambda form: cancel_appointment(
            appointment,
            by=request.user,
            reason=form.cleaned_data["reason"],
            detail=form.cleaned_data.get("detail") or "",
            expected_version=form.cleaned_data["version"],
        ),
        success="Appointment cancelled",
        back_url=detail_url,
        template="supervision/case/cancel_appointment.html",
    )
