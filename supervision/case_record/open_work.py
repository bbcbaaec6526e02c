"""What the case pages show around each page: the sub-navigation tabs and the overview's "open work".

Both are lists so a feature adds its own without editing the pages: mappa appends "Referrals and MAPPA", the
contact-frequency rules append their overdue requirements to the open work. Never add a tab for a page
that does not exist yet.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from supervision.models import Case


@dataclass
class OpenWorkItem:
    text: str
    url: str = ""
    is_urgent: bool = False


def _appointments_awaiting_outcome(case, *, now):
    for contact in case.contacts.awaiting_outcome(now=now).select_related("contact_type").order_by("starts_at"):
        yield OpenWorkItem(
            f"Record the outcome of the {contact.contact_type.name.lower()} on "
            f"{timezone.localtime(contact.starts_at):%-d %B %Y at %H:%M}",
            reverse("supervision:contact-outcome", kwargs={"crn": case.crn, "pk": contact.pk}),
            is_urgent=True,
        )


def _evidence_awaited(case, *, now):
    failed = case.contacts.filter(outcome="FTA").select_related("contact_type").order_by("evidence_due_on")
    for contact in failed:
        # A failure to attend always has its evidence due date (a CHECK constraint says so).
        overdue = contact.evidence_due_on < timezone.localdate(now)
        yield OpenWorkItem(
            f"Failed to attend on {timezone.localtime(contact.starts_at):%-d %B %Y}: evidence due "
            f"{contact.evidence_due_on:%-d %B %Y}" + (" (overdue)" if overdue else ""),
            reverse("supervision:contact-outcome", kwargs={"crn": case.crn, "pk": contact.pk}),
            is_urgent=overdue,
        )


def _overdue_flag_reviews(case, *, now):
    flags = case.risk_flags.overdue(on=timezone.localdate(now)).select_related("flag_type")
    for flag in flags:
        yield OpenWorkItem(
            f"Review the {flag.flag_type.name} flag: overdue since {flag.next_review_on:%-d %B %Y}",
            reverse("supervision:risk-flag-review", kwargs={"crn": case.crn, "pk": flag.pk}),
            is_urgent=True,
        )


def _overdue_contact_requirements(case, *, now):
    """Overdue contact requirements, from the one computation (shared with the overview's panel)."""
    from supervision.contact_requirements import for_case

    requirements = for_case(case, on=timezone.localdate(now))
    url = reverse("supervision:case-contact-requirements", kwargs={"crn": case.crn})
    for status in requirements.overdue if requirements else []:
        yield OpenWorkItem(
            f"{status.frequency}: overdue by {status.days_overdue} day{'s' if status.days_overdue != 1 else ''}",
            url,
            is_urgent=True,
        )


def _enforcement_decisions_needed(case, *, now):
    """Unacceptable absences waiting for an enforcement decision, from the one computation (shared with the job
    that flags them and the managers' list); urgent once the policy's days have passed."""
    from supervision.services.absence_decisions import absences_awaiting_decision

    today = timezone.localdate(now)
    absences = absences_awaiting_decision(cases=Case.objects.filter(pk=case.pk)).select_related("contact_type")
    for absence in absences.order_by("decision_due_on", "pk"):
        overdue = absence.decision_due_on < today
        yield OpenWorkItem(
            f"Record an enforcement decision on the unacceptable absence from the "
            f"{absence.contact_type.name.lower()} on {timezone.localtime(absence.starts_at):%-d %B %Y}: due by "
            f"{absence.decision_due_on:%-d %B %Y}" + (" (overdue)" if overdue else ""),
            # The decision form, with this absence ticked as its evidence.
            reverse("supervision:enforcement-create", kwargs={"crn": case.crn}) + f"?contact={absence.pk}",
            is_urgent=overdue,
        )


def _past_expected_end_date(case, *, now):
    """An active case on or past its expected end date (the first day the sentence no longer applies) has no
    contact requirements any more: it needs closing, or its end date correcting."""
    if case.status == Case.Status.ACTIVE and case.expected_end_on <= timezone.localdate(now):
        yield OpenWorkItem(
            f"Past its expected end date ({case.expected_end_on:%-d %B %Y}): close the case or update its end "
            "date. No contact requirement applies until then.",
            is_urgent=True,
        )


# Each source: (case, *, now) -> iterable of OpenWorkItem, in a fixed number of queries.
OPEN_WORK_SOURCES: list[Callable] = [
    _appointments_awaiting_outcome,
    _evidence_awaited,
    _enforcement_decisions_needed,
    _overdue_flag_reviews,
    _past_expected_end_date,
    _overdue_contact_requirements,
]


# Templates included under the overview's open work, for features that need more than a list item
# (each gets the page context: `case`, `today`, ...).
OPEN_WORK_INCLUDES: list[str] = ["supervision/includes/contact_requirements_summary.html"]


def open_work_for(case, *, now=None) -> list[OpenWorkItem]:
    now = now or timezone.now()
    return [item for source in OPEN_WORK_SOURCES for item in source(case, now=now)]
