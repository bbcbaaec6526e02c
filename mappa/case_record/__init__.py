"""Referrals and MAPPA on the case record: the "Referrals and MAPPA" tab, chronology entries and the
overview's open work. Registered once, from MappaConfig.ready(), through supervision's extension points
(supervision.case_record: tabs, open_work and chronology); each source costs a fixed number of queries."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from mappa.models import Escalation, MappaAction, MappaMeeting, Referral, ReferralEvent
from supervision.case_record.chronology import SOURCES, Entry, Source, start_of
from supervision.case_record.open_work import OPEN_WORK_SOURCES, OpenWorkItem
from supervision.case_record.tabs import CASE_TABS, CaseTab
from supervision.work import due_soon_until

TAB = CaseTab("referrals", "Referrals and MAPPA", "mappa:case-referrals")
REFERRALS_KIND = "referrals"
MEETINGS_KIND = "mappa-meetings"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _referral_url(referral_id: int) -> str:
    return reverse("mappa:referral-detail", kwargs={"pk": referral_id})


def _meeting_url(meeting_id: int) -> str:
    return reverse("mappa:meeting-detail", kwargs={"pk": meeting_id})


# Chronology ------------------------------------------------------------------------------------------------


def referral_entries(case):
    """Every step of every referral (made, endorsed, sent, acknowledged, decided, escalated, overturned…):
    one query."""
    events = (
        ReferralEvent.objects.filter(referral__case=case)
        .select_related("referral__agency", "actor")
        .order_by("-happened_at", "-pk")  # newest first, so steps at the same moment stay in order
    )
    for event in events:
        referral = event.referral
        yield Entry(
            kind=REFERRALS_KIND,
            at=event.happened_at,
            title=f"{referral.get_kind_display()} referral: {event.get_action_display()}",
            by=_name(event.actor) if event.actor_id else "Caseworks (automatic)",
            description=event.reason,
            details=[("Agency", referral.agency.name)],
            url=_referral_url(referral.pk),
        )


def meeting_entries(case):
    """Each MAPPA meeting with its decisions and enforcement decision: one query."""
    for meeting in MappaMeeting.objects.filter(case=case).select_related("recorded_by"):
        details = [("Chair", meeting.chair), ("Recorded by", _name(meeting.recorded_by))]
        if meeting.next_review_on:
            details.append(("Next review", f"{meeting.next_review_on:%-d %B %Y}"))
        yield Entry(
            kind=MEETINGS_KIND,
            at=start_of(meeting.held_on),
            has_time=False,
            title=f"MAPPA level {meeting.level} meeting",
            description=meeting.decisions,
            details=details,
            url=_meeting_url(meeting.pk),
            tag=meeting.get_enforcement_decision_display() if meeting.enforcement_decision else "",
        )


# Open work on the overview ----------------------------------------------------------------------------------


def referral_work(case, *, now):
    """Late agency responses to chase, the MAPPA co-ordinator's questions to answer, and disputed MAPPA
    rejections accepted on revision whose meeting is still to be held: one query."""
    today = timezone.localdate(now)
    late = Q(status__in=[Referral.Status.SENT, Referral.Status.ACKNOWLEDGED], response_due_on__lt=today)
    asked = Q(status=Referral.Status.AWAITING_INFORMATION)
    to_convene = Q(meeting_due_on__isnull=False, has_meeting=False)
    referrals = (
        Referral.objects.filter(case=case)
        .annotate(has_meeting=Exists(MappaMeeting.objects.filter(referral=OuterRef("pk"))))
        .filter(late | asked | to_convene)
        .select_related("agency")
        .order_by("response_due_on", "meeting_due_on", "pk")
    )
    for referral in referrals:
        if referral.status == Referral.Status.AWAITING_INFORMATION:
            yield OpenWorkItem(
                f"Answer the MAPPA co-ordinator's question on the {referral.get_kind_display()} referral",
                _referral_url(referral.pk),
                is_urgent=True,
            )
        if referral.is_late_on(today):
            yield OpenWorkItem(
                f"Chase the {referral.get_kind_display()} referral to {referral.agency}: "
                f"response was due {referral.response_due_on:%-d %B %Y}",
                _referral_url(referral.pk),
                is_urgent=True,
            )
        if referral.meeting_due_on and not referral.has_meeting:
            overdue = referral.meeting_due_on < today
            yield OpenWorkItem(
                f"Convene the MAPPA level {referral.level_requested} meeting by "
                f"{referral.meeting_due_on:%-d %B %Y}" + (" (overdue)" if overdue else ""),
                reverse("mappa:meeting-new", kwargs={"crn": case.crn}),
                is_urgent=True,
            )


def information_requested(case, *, now):
    """Rejected MAPPA referrals on which the line manager waits for the officer's answer: one query."""
    waiting = Escalation.objects.filter(referral__case=case, status=Escalation.Status.MORE_INFORMATION).select_related(
        "referral", "assigned_to"
    )
    for escalation in waiting:
        yield OpenWorkItem(
            f"Answer {_name(escalation.assigned_to)}'s request for more information on the rejected "
            f"{escalation.referral.get_kind_display()} referral",
            _referral_url(escalation.referral_id),
            is_urgent=True,
        )


def meeting_actions_due(case, *, now):
    """Risk management plan actions not done: overdue, or due within the week ahead (supervision.work's window),
    so they show before they are late. One query."""
    today = timezone.localdate(now)
    actions = (
        MappaAction.objects.due_by(due_soon_until(today))
        .filter(meeting__case=case)
        .select_related("owner_agency", "owner_user")
    )
    for action in actions:
        overdue = action.is_overdue_on(today)
        when = "overdue since" if overdue else "due"
        yield OpenWorkItem(
            f"MAPPA action for {action.owner_display}, {when} {action.due_on:%-d %B %Y}: {action.description}",
            _meeting_url(action.meeting_id),
            is_urgent=overdue,
        )


CHRONOLOGY_SOURCES = [
    Source(REFERRALS_KIND, "Referrals", referral_entries),
    Source(MEETINGS_KIND, "MAPPA meetings", meeting_entries),
]
OPEN_WORK = [referral_work, information_requested, meeting_actions_due]


def register():
    """Called from MappaConfig.ready(); safe to call twice."""
    for registry, additions in ((CASE_TABS, [TAB]), (SOURCES, CHRONOLOGY_SOURCES), (OPEN_WORK_SOURCES, OPEN_WORK)):
        for addition in additions:
            if addition not in registry:
                registry.append(addition)
