"""Programmes on the case record: the "Programmes" tab and the chronology's enrolment entries (referred, started,
completed, terminated, withdrawn). Sessions are appointments, so they reach the chronology as contacts.
Registered from SupervisionConfig.ready() through the same extension points mappa uses."""

from django.urls import reverse

from supervision.case_record.chronology import SOURCES, Entry, Source, start_of
from supervision.case_record.tabs import CASE_TABS, CaseTab
from supervision.models import ProgrammeEnrolmentEvent

TAB = CaseTab("programmes", "Programmes", "supervision:case-programmes")
KIND = "programmes"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def programme_entries(case):
    """Each step of each enrolment: one query."""
    events = ProgrammeEnrolmentEvent.objects.filter(enrolment__case=case).select_related(
        "enrolment__programme", "enrolment__licence_condition__condition_type", "actor"
    )
    url = reverse("supervision:case-programmes", kwargs={"crn": case.crn})
    for event in events:
        enrolment = event.enrolment
        details = []
        if event.action == ProgrammeEnrolmentEvent.Action.REFERRED:
            details.append(("Required by", enrolment.required_by))
        if event.action == ProgrammeEnrolmentEvent.Action.TERMINATED and enrolment.termination_reason:
            details.append(("Reason", enrolment.get_termination_reason_display()))
        yield Entry(
            kind=KIND,
            at=start_of(event.happened_on),
            has_time=False,
            title=f"{enrolment.programme.name}: {event.get_action_display().lower()}",
            by=_name(event.actor),
            description=event.reason,
            details=details,
            url=url,
        )


def register():
    """Called from SupervisionConfig.ready(); safe to call twice. The tab goes after the allegations."""
    if TAB not in CASE_TABS:
        CASE_TABS.append(TAB)
    source = Source(KIND, "Programmes", programme_entries)
    if source not in SOURCES:
        SOURCES.append(source)
