"""Referrals and MAPPA as evidence for the "keeping people safe" case review ("other agencies were involved and
their work coordinated"). Registered from MappaConfig.ready() through supervision's extension point
(supervision.case_review), so supervision never imports mappa; three queries whatever the case holds."""

from django.db.models import Q

from mappa.models import MappaAction, MappaMeeting, Referral
from supervision.case_review import EvidenceSource, Figure, register_evidence_sources
from supervision.models.case_reviews import Prompt


def _day(value) -> str:
    return f"{value:%-d %B %Y}"


def referrals(case, window) -> list[Figure]:
    """Referrals sent in the window, and any still waiting for an answer whenever they were sent."""
    sent = list(
        Referral.objects.filter(case=case)
        .filter(
            Q(sent_on__gte=window.from_on, sent_on__lte=window.last_day)
            | Q(status__in=[Referral.Status.SENT, Referral.Status.ACKNOWLEDGED], sent_on__lte=window.last_day)
        )
        .select_related("agency")
        .order_by("sent_on", "pk")
    )
    waiting = [r for r in sent if r.status in (Referral.Status.SENT, Referral.Status.ACKNOWLEDGED)]
    late = [r for r in waiting if r.response_due_on and r.response_due_on < window.today]
    return [
        Figure(
            "Referrals to other agencies",
            str(len(sent)),
            [
                f"{r.get_kind_display()} to {r.agency.name}, sent {_day(r.sent_on)}: {r.get_status_display().lower()}"
                + (f" ({r.get_decision_display().lower()})" if r.decision else "")
                for r in sent
            ],
        ),
        Figure("Referrals awaiting a response", str(len(waiting)), [f"Response overdue: {len(late)}"]),
    ]


def mappa_meetings(case, window) -> list[Figure]:
    meetings = list(
        MappaMeeting.objects.filter(case=case, held_on__gte=window.from_on, held_on__lte=window.last_day).order_by(
            "held_on", "pk"
        )
    )
    actions = MappaAction.objects.filter(
        meeting__case=case, meeting__held_on__gte=window.from_on, meeting__held_on__lte=window.last_day
    )
    open_overdue = actions.overdue_on(window.today).count()
    level = f"Level {case.mappa_level}, category {case.mappa_category}" if case.mappa_level else "Not MAPPA-managed"
    return [
        Figure("MAPPA", level),
        Figure(
            "MAPPA meetings held",
            str(len(meetings)),
            [f"{_day(m.held_on)}: level {m.level}" for m in meetings] + [f"Plan actions overdue: {open_overdue}"],
        ),
    ]


SOURCES = [
    EvidenceSource("referrals", Prompt.AGENCIES, referrals, order=45),
    EvidenceSource("mappa-meetings", Prompt.AGENCIES, mappa_meetings, order=50),
]


def register() -> None:
    register_evidence_sources(*SOURCES)
