"""mappa's kinds of work for "My work" (supervision.work), registered from MappaConfig.ready(): late agency
responses to chase, MAPPA meetings to convene, and risk management plan actions due this week or overdue (not
only once overdue, so an owner sees them coming). Each one query over the cases given."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from mappa.models import MappaAction, MappaMeeting, Referral
from supervision.work import WorkItem, WorkSource, due_soon_until, register_work_sources


def late_referral_responses(cases, *, today, now):
    """Referrals sent to an agency whose response is past its due date: chase it, or record it."""
    late = Referral.objects.late_on(today).filter(case_id__in=list(cases)).select_related("agency")
    for referral in late:
        yield WorkItem(
            kind="referral-response",
            case_id=referral.case_id,
            title=f"{referral.get_kind_display()} referral to {referral.agency}: no response",
            due_on=referral.response_due_on,
            url=reverse("mappa:referral-detail", kwargs={"pk": referral.pk}),
            action="Chase or record the response",
            is_overdue=True,
        )


def meetings_to_convene(cases, *, today, now):
    """Overturned MAPPA rejections whose meeting is still to be held."""
    referrals = (
        Referral.objects.filter(case_id__in=list(cases), meeting_due_on__isnull=False)
        .annotate(has_meeting=Exists(MappaMeeting.objects.filter(referral=OuterRef("pk"))))
        .filter(has_meeting=False)
    )
    for referral in referrals:
        yield WorkItem(
            kind="mappa-meeting",
            case_id=referral.case_id,
            title=f"Convene the MAPPA level {referral.level_requested} meeting",
            due_on=referral.meeting_due_on,
            url=reverse("mappa:meeting-new", kwargs={"crn": cases[referral.case_id].crn}),
            action="Record the meeting",
            is_overdue=referral.meeting_due_on < today,
        )


def mappa_actions_due(cases, *, today, now):
    """Risk management plan actions not done, due within the week ahead or overdue."""
    actions = (
        MappaAction.objects.due_by(due_soon_until(today))
        .filter(meeting__case_id__in=list(cases))
        .select_related("meeting", "owner_agency", "owner_user")
    )
    for action in actions:
        yield WorkItem(
            kind="mappa-action",
            case_id=action.meeting.case_id,
            title=f"MAPPA action for {action.owner_display}: {action.description}",
            due_on=action.due_on,
            url=reverse("mappa:meeting-detail", kwargs={"pk": action.meeting_id}),
            action="Mark the action done",
            is_overdue=action.is_overdue_on(today),
        )


SOURCES = [
    WorkSource("referral-response", "Referral responses late", late_referral_responses, order=60),
    WorkSource("mappa-meeting", "MAPPA meetings to convene", meetings_to_convene, order=70),
    WorkSource("mappa-action", "MAPPA actions due", mappa_actions_due, order=80),
]


def register() -> None:
    register_work_sources(*SOURCES)
