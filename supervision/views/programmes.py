"""Programmes on the case: the "Programmes" tab (enrolments, attendance and sessions), enrolling, booking
sessions, and recording an enrolment's start and end.

Anyone who may open the case reads its programmes; the case's own work (responsible officer, line manager or
cover, Head of Public Protection) enrols and records (supervision.permissions.may_manage_programmes). Attendance
is each session's appointment outcome, recorded on the usual outcome page.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from supervision import permissions
from supervision.forms.programmes import (
    BookSessionsForm,
    CompleteEnrolmentForm,
    EnrolmentForm,
    StartEnrolmentForm,
    TerminateEnrolmentForm,
    WithdrawEnrolmentForm,
)
from supervision.models import ProgrammeEnrolment, ProgrammeSession
from supervision.models.programmes import attendance_of
from supervision.services import programmes as services
from supervision.views.base import case_context, case_page, form_page

Status = ProgrammeEnrolment.Status


def programme_page(view):
    """`case_page`, then only those who may manage the case's programmes: another officer who may read the
    case is refused (403) before anything is drawn or saved."""

    def checked(request, case, *args, **kwargs):
        if not permissions.may_manage_programmes(request.user, case):
            raise PermissionDenied
        return view(request, case, *args, **kwargs)

    checked.__name__ = view.__name__
    checked.__doc__ = view.__doc__
    return case_page(checked)


def _list_url(case):
    return reverse("supervision:case-programmes", kwargs={"crn": case.crn})


def _enrolment_of(case, pk):
    return get_object_or_404(
        case.programme_enrolments.select_related("programme", "licence_condition__condition_type"), pk=pk
    )


def _steps_offered(case, enrolment) -> list[tuple[str, str]]:
    """The steps the enrolment's state allows: the page offers only these."""
    kwargs = {"crn": case.crn, "pk": enrolment.pk}
    steps = []
    if enrolment.is_in_progress:
        steps.append(("Book sessions", "supervision:programme-sessions-book"))
    if enrolment.status == Status.REFERRED:
        steps.append(("Record the start", "supervision:programme-start"))
    if enrolment.status == Status.STARTED:
        steps.append(("Record completion", "supervision:programme-complete"))
        steps.append(("Record termination", "supervision:programme-terminate"))
    if enrolment.is_in_progress:
        steps.append(("Withdraw", "supervision:programme-withdraw"))
    return [(label, reverse(name, kwargs=kwargs)) for label, name in steps]


@case_page
def case_programmes(request, case):
    """The case's enrolments, newest first, each with its attendance and sessions: a fixed number of queries
    however many there are."""
    now = timezone.now()
    sessions = ProgrammeSession.objects.select_related("contact").order_by("session_number", "contact__starts_at")
    enrolments = list(
        case.programme_enrolments.select_related("programme", "licence_condition__condition_type").prefetch_related(
            Prefetch("sessions", queryset=sessions)
        )
    )
    may_manage = permissions.may_manage_programmes(request.user, case)
    for enrolment in enrolments:
        enrolment.attendance = attendance_of([session.contact for session in enrolment.sessions.all()], now=now)
        enrolment.steps = _steps_offered(case, enrolment) if may_manage else []
        for session in enrolment.sessions.all():
            session.needs_outcome = session.contact.is_awaiting_outcome_at(now)
            session.is_upcoming = session.contact.is_upcoming_at(now)
    context = case_context(case, tab="programmes", enrolments=enrolments, may_manage=may_manage)
    return render(request, "supervision/programmes/list.html", context)


@programme_page
def enrolment_create(request, case):
    form = EnrolmentForm(request.POST or None, case=case)
    return form_page(
        request,
        case,
        form,
        title="Enrol on a programme",
        save=lambda form: services.enrol(
            case,
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.fields if name != "submission_token"},
        ),
        success="Enrolment recorded",
        back_url=_list_url(case),
    )


@programme_page
def sessions_book(request, case, pk):
    enrolment = _enrolment_of(case, pk)
    form = BookSessionsForm(request.POST or None, enrolment=enrolment)
    return form_page(
        request,
        case,
        form,
        title="Book programme sessions",
        intro=f"{enrolment.programme.name}: {enrolment.programme.number_of_sessions} sessions in all. Each "
        "session is booked as an appointment; record attendance as its outcome.",
        save=lambda form: services.book_sessions(
            enrolment,
            by=request.user,
            first_at=form.cleaned_data["first_at"],
            count=form.cleaned_data["count"],
            first_number=form.cleaned_data["first_number"],
            location=form.cleaned_data["location"],
        ),
        success="Sessions booked",
        back_url=_list_url(case),
    )


def _ended(success: str):
    """The message after an enrolment ends: what was recorded, and how many sessions booked after the end the
    service cancelled (read from the record, so a repeated submit says the same)."""

    def message(enrolment) -> str:
        cancelled = services.sessions_cancelled_by_the_end(enrolment) if enrolment else 0
        if not cancelled:
            return success
        sessions = "session" if cancelled == 1 else "sessions"
        return f"{success}. {cancelled} {sessions} booked after the end {'was' if cancelled == 1 else 'were'} cancelled"

    return message


def _end_page(request, case, pk, *, form_class, title, success, save):
    enrolment = _enrolment_of(case, pk)
    form = form_class(request.POST or None, version=enrolment.version)
    return form_page(
        request,
        case,
        form,
        title=title,
        caption=enrolment.programme.name,
        intro=f"{enrolment.programme.name}, referred {enrolment.referred_on:%-d %B %Y}.",
        save=lambda form: save(enrolment, form.cleaned_data),
        success=success,
        back_url=_list_url(case),
    )


@programme_page
def enrolment_start(request, case, pk):
    return _end_page(
        request,
        case,
        pk,
        form_class=StartEnrolmentForm,
        title="Record the start of the programme",
        success="Start recorded",
        save=lambda enrolment, data: services.start_enrolment(
            enrolment, by=request.user, started_on=data["started_on"], expected_version=data["version"]
        ),
    )


@programme_page
def enrolment_complete(request, case, pk):
    return _end_page(
        request,
        case,
        pk,
        form_class=CompleteEnrolmentForm,
        title="Record completion of the programme",
        success=_ended("Completion recorded"),
        save=lambda enrolment, data: services.complete_enrolment(
            enrolment,
            by=request.user,
            ended_on=data["ended_on"],
            notes=data["notes"],
            expected_version=data["version"],
        ),
    )


@programme_page
def enrolment_terminate(request, case, pk):
    return _end_page(
        request,
        case,
        pk,
        form_class=TerminateEnrolmentForm,
        title="Record termination of the programme",
        success=_ended("Termination recorded"),
        save=lambda enrolment, data: services.terminate_enrolment(
            enrolment,
            by=request.user,
            ended_on=data["ended_on"],
            reason=data["reason"],
            details=data["details"],
            expected_version=data["version"],
        ),
    )


@programme_page
def enrolment_withdraw(request, case, pk):
    return _end_page(
        request,
        case,
        pk,
        form_class=WithdrawEnrolmentForm,
        title="Withdraw the enrolment",
        success=_ended("Enrolment withdrawn"),
        save=lambda enrolment, data: services.withdraw_enrolment(
            enrolment,
            by=request.user,
            ended_on=data["ended_on"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
    )
