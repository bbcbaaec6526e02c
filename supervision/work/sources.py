"""supervision's kinds of work for "My work" (supervision.work), each one query over the cases given.

The contact requirements come from the one computation (supervision.contact_requirements): what is overdue or
due soon here is what the case page, the caseload and the overdue flags say."""

from django.urls import reverse
from django.utils import timezone

from supervision import contact_requirements
from supervision.models import Allegation, Case, Contact, RiskFlag
from supervision.work import WorkItem, WorkSource, due_soon_until, register_work_sources, start_of


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def appointments(cases, *, today, now):
    """Appointments from now to the end of the week ahead."""
    booked = (
        Contact.objects.upcoming_appointments(now=now)
        .filter(case_id__in=list(cases), starts_at__lt=start_of(due_soon_until(today)))
        .select_related("contact_type")
    )
    for contact in booked:
        yield WorkItem(
            kind="appointment",
            case_id=contact.case_id,
            title=f"{contact.contact_type.name} at {timezone.localtime(contact.starts_at):%H:%M}",
            due_on=timezone.localdate(contact.starts_at),
            due_at=contact.starts_at,
            url=reverse("supervision:contact-detail", kwargs={"crn": cases[contact.case_id].crn, "pk": contact.pk}),
            action="View the appointment",
        )


def outcomes_to_record(cases, *, today, now):
    """Appointments whose time has passed with no outcome: the officer must record one."""
    waiting = Contact.objects.awaiting_outcome(now=now).filter(case_id__in=list(cases)).select_related("contact_type")
    for contact in waiting:
        yield WorkItem(
            kind="outcome",
            case_id=contact.case_id,
            title=f"{contact.contact_type.name} on {_when(contact.starts_at)}",
            due_on=timezone.localdate(contact.starts_at),
            due_at=contact.starts_at,
            url=reverse("supervision:contact-outcome", kwargs={"crn": cases[contact.case_id].crn, "pk": contact.pk}),
            action="Record the outcome",
            is_overdue=True,
        )


def evidence_due(cases, *, today, now):
    """Failures to attend waiting for the person's evidence: due by the date set, then the outcome is decided."""
    failed = Contact.objects.filter(case_id__in=list(cases), outcome=Contact.Outcome.FAILED_TO_ATTEND).select_related(
        "contact_type"
    )
    for contact in failed:
        yield WorkItem(
            kind="evidence",
            case_id=contact.case_id,
            title=f"Failed to attend the {contact.contact_type.name.lower()} on {_when(contact.starts_at)}",
            due_on=contact.evidence_due_on,
            url=reverse("supervision:contact-outcome", kwargs={"crn": cases[contact.case_id].crn, "pk": contact.pk}),
            action="Record the evidence and outcome",
            is_overdue=contact.evidence_due_on < today,
        )


def contact_requirements_due(cases, *, today, now):
    """Overdue and due-soon contact requirements, from the one computation."""
    wanted = (contact_requirements.Status.OVERDUE, contact_requirements.Status.DUE_SOON)
    statuses = contact_requirements.contact_requirements(on=today, cases=Case.objects.filter(pk__in=list(cases)))
    for status in statuses:
        if status.status not in wanted:
            continue
        late = f", overdue by {status.days_overdue} day{'s' if status.days_overdue != 1 else ''}"
        yield WorkItem(
            kind="contact-requirement",
            case_id=status.case_id,
            title=status.frequency + (late if status.is_overdue else ""),
            due_on=status.due_on or today,
            url=reverse("supervision:contact-create", kwargs={"crn": cases[status.case_id].crn}),
            action="Record a contact",
            is_overdue=status.is_overdue,
        )


def risk_flag_reviews(cases, *, today, now):
    """Open risk flags whose review is overdue or due within the week ahead."""
    flags = (
        RiskFlag.objects.open()
        .filter(case_id__in=list(cases), next_review_on__lte=due_soon_until(today))
        .select_related("flag_type")
    )
    for flag in flags:
        yield WorkItem(
            kind="risk-flag-review",
            case_id=flag.case_id,
            title=f"Review the {flag.flag_type.name} flag",
            due_on=flag.next_review_on,
            url=reverse("supervision:risk-flag-review", kwargs={"crn": cases[flag.case_id].crn, "pk": flag.pk}),
            action="Review the flag",
            is_overdue=flag.is_overdue_on(today),
        )


def allegations_awaiting_first_response(cases, *, today, now):
    """Allegations of breach nobody has started to investigate, due for a first response within the week ahead
    or already past it (the rule `Allegation.objects.past_due` names)."""
    waiting = (
        Allegation.objects.awaiting_first_response()
        .filter(case_id__in=list(cases), first_response_due_on__lte=due_soon_until(today))
        .only("pk", "case_id", "received_on", "first_response_due_on", "reported_by")
    )
    for allegation in waiting:
        yield WorkItem(
            kind="allegation",
            case_id=allegation.case_id,
            title=f"Allegation of breach received {allegation.received_on:%-d %B %Y} "
            f"(reported by: {allegation.get_reported_by_display().lower()})",
            due_on=allegation.first_response_due_on,
            url=reverse(
                "supervision:allegation-detail", kwargs={"crn": cases[allegation.case_id].crn, "pk": allegation.pk}
            ),
            action="Start the investigation",
            is_overdue=allegation.first_response_due_on < today,
        )


SOURCES = [
    WorkSource("outcome", "Outcomes to record", outcomes_to_record, order=10),
    WorkSource("evidence", "Evidence due", evidence_due, order=20),
    WorkSource("contact-requirement", "Contact requirements", contact_requirements_due, order=30),
    WorkSource("appointment", "Appointments this week", appointments, order=40),
    WorkSource("risk-flag-review", "Risk flag reviews", risk_flag_reviews, order=50),
    WorkSource("allegation", "Allegations awaiting a first response", allegations_awaiting_first_response, order=25),
]


def register() -> None:
    register_work_sources(*SOURCES)
