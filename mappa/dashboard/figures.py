"""The region dashboard's figures, as data: each names the records it counts (a source) and the condition they meet.

A figure's list is `source.records_for(user, region_id)` filtered by its condition; its count on the dashboard is
`Count(filter=condition)` over the same records, grouped by PDU, team or officer in one statement per source
(`breakdown.py`). Both start from `cases_visible_to`, so a case an exclusion hides from the Head of Public
Protection is neither counted nor listed nor exported.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mappa.models import Escalation, MappaAction, MappaDecision, MappaMeeting, Referral
from supervision.models import Case, Recall
from supervision.permissions import cases_visible_to

# Referral outcomes are counted over the last three months: enough to see a pattern of rejections without the
# figure growing for ever. Review meetings "coming up" are those due in the next four weeks.
REFERRAL_WINDOW_DAYS = 91
REVIEW_SOON_DAYS = 28


@dataclass(frozen=True)
class Moment:
    """When the dashboard is read: every figure that depends on the date takes it from here, never the clock."""

    now: datetime

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)


@dataclass(frozen=True)
class Source:
    """A kind of record the dashboard counts, and the path from it to its case."""

    key: str
    model: type
    case_path: str  # "" for cases themselves
    ordering: tuple[str, ...]
    related: tuple[str, ...]

    def case_field(self, field: str) -> str:
        return f"{self.case_path}__{field}" if self.case_path else field

    def records_for(self, user, region_id):
        """Every record of this kind on a case of the region the user may see."""
        cases = cases_visible_to(user).filter(team__pdu__region_id=region_id)
        if not self.case_path:
            return cases
        return self.model.objects.filter(**{f"{self.case_path}__in": cases})


CASES = Source("cases", Case, "", ("last_name", "first_name", "crn"), ("team__pdu", "responsible_officer"))
ESCALATIONS = Source(
    "escalations",
    Escalation,
    "referral__case",
    ("due_on", "pk"),
    ("referral__case__team__pdu", "referral__case__responsible_officer", "assigned_to", "previous"),
)
REFERRALS = Source(
    "referrals",
    Referral,
    "case",
    ("-decided_at", "-pk"),
    ("case__team__pdu", "case__responsible_officer"),
)
MEETINGS = Source(
    "meetings",
    MappaMeeting,
    "case",
    ("next_review_on", "held_on", "pk"),
    ("case__team__pdu", "case__responsible_officer"),
)
RECALLS = Source(
    "recalls", Recall, "case", ("countersign_by", "pk"), ("case__team__pdu", "case__responsible_officer", "endorsed_by")
)
SOURCES = (CASES, ESCALATIONS, REFERRALS, MEETINGS, RECALLS)


@dataclass(frozen=True)
class Group:
    key: str
    heading: str
    description: str


GROUPS = (
    Group("mappa-cases", "MAPPA cases", "Active cases managed at MAPPA level 2 or 3."),
    Group(
        "escalations",
        "Escalations to the Head of Public Protection",
        "Disputed MAPPA rejections waiting for a decision at your level, by when the decision is due. Stepped up: "
        "the line manager did not act on the escalation by its due date.",
    ),
    Group(
        "referrals",
        "MAPPA referrals",
        "Rejections and overturned rejections in the last 3 months, and disputes waiting for the MAPPA "
        "co-ordinator's revised decision.",
    ),
    Group(
        "meetings",
        "MAPPA meetings",
        f"Review meetings due in the next {REVIEW_SOON_DAYS // 7} weeks or already overdue (from each case's "
        "latest meeting), and meetings whose actions are past their due date.",
    ),
    Group(
        "recalls",
        "Recalls",
        "Recalls endorsed by a line manager and waiting for countersignature, and recalls requested but not yet "
        "confirmed.",
    ),
)


@dataclass(frozen=True)
class Figure:
    key: str  # the list's address: /mappa/region-dashboard/<key>/
    label: str  # in the group: "Overdue"
    title: str  # the list's heading: "Escalations overdue"
    group: str
    source: Source
    condition: Callable[[Moment], Q]
    is_alert: bool = False  # shown as needing attention when it is not zero

    def records_for(self, user, region_id, *, moment: Moment):
        return self.source.records_for(user, region_id).filter(self.condition(moment))


def _unresolved_at_hopp_level() -> Q:
    return Q(level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION) & ~Q(status=Escalation.Status.CLOSED)


def _referrals_since(moment: Moment) -> datetime:
    return moment.now - timedelta(days=REFERRAL_WINDOW_DAYS)


def _overturned(moment: Moment) -> Q:
    """A rejection overturned: the co-ordinator's revised decision after a dispute meeting accepted the referral;
    or, before co-ordinators recorded decisions, the Head of Public Protection overturned it on the escalation."""
    since = _referrals_since(moment)
    revised = MappaDecision.objects.filter(
        referral=OuterRef("pk"),
        stage=MappaDecision.Stage.REVISED,
        decision__in=Referral.ACCEPTED_DECISIONS,
        decided_at__gte=since,
    )
    overturned = Escalation.objects.filter(
        referral=OuterRef("pk"), resolution=Escalation.Resolution.OVERTURNED, resolved_at__gte=since
    )
    return Q(kind__in=Referral.MAPPA_KINDS) & (Q(Exists(revised)) | Q(Exists(overturned)))


def _latest_meeting_of_a_mappa_case() -> Q:
    """The case's latest meeting (a later one replaces its review date), on an active case still at level 2 or 3."""
    later = MappaMeeting.objects.filter(case=OuterRef("case")).filter(
        Q(held_on__gt=OuterRef("held_on")) | Q(held_on=OuterRef("held_on"), pk__gt=OuterRef("pk"))
    )
    return Q(case__status=Case.Status.ACTIVE, case__mappa_level__in=[2, 3]) & ~Q(Exists(later))


def _with_overdue_actions(moment: Moment) -> Q:
    overdue = MappaAction.objects.overdue_on(moment.today).filter(meeting=OuterRef("pk"))
    return Q(case__status=Case.Status.ACTIVE) & Q(Exists(overdue))


FIGURES = (
    Figure(
        "mappa-level-2",
        "Level 2",
        "Cases at MAPPA level 2",
        "mappa-cases",
        CASES,
        lambda m: Q(status=Case.Status.ACTIVE, mappa_level=2),
    ),
    Figure(
        "mappa-level-3",
        "Level 3",
        "Cases at MAPPA level 3",
        "mappa-cases",
        CASES,
        lambda m: Q(status=Case.Status.ACTIVE, mappa_level=3),
    ),
    Figure(
        "escalations-overdue",
        "Overdue",
        "Escalations to the Head of Public Protection: overdue",
        "escalations",
        ESCALATIONS,
        lambda m: _unresolved_at_hopp_level() & Q(due_on__lt=m.today),
        is_alert=True,
    ),
    Figure(
        "escalations-due-today",
        "Due today",
        "Escalations to the Head of Public Protection: due today",
        "escalations",
        ESCALATIONS,
        lambda m: _unresolved_at_hopp_level() & Q(due_on=m.today),
    ),
    Figure(
        "escalations-not-yet-due",
        "Not yet due",
        "Escalations to the Head of Public Protection: not yet due",
        "escalations",
        ESCALATIONS,
        lambda m: _unresolved_at_hopp_level() & Q(due_on__gt=m.today),
    ),
    Figure(
        "escalations-stepped-up",
        "Stepped up",
        "Escalations stepped up to the Head of Public Protection",
        "escalations",
        ESCALATIONS,
        lambda m: _unresolved_at_hopp_level() & Q(previous__resolution=Escalation.Resolution.STEPPED_UP),
        is_alert=True,
    ),
    Figure(
        "referrals-rejected",
        "Rejected",
        "MAPPA referrals rejected in the last 3 months",
        "referrals",
        REFERRALS,
        lambda m: (
            Q(kind__in=Referral.MAPPA_KINDS, status=Referral.Status.REJECTED) & Q(decided_at__gte=_referrals_since(m))
        ),
    ),
    Figure(
        "referrals-overturned",
        "Overturned",
        "MAPPA rejections overturned in the last 3 months",
        "referrals",
        REFERRALS,
        _overturned,
    ),
    Figure(
        "referrals-disputed",
        "Awaiting revised decision",
        "Disputed MAPPA rejections awaiting the co-ordinator's revised decision",
        "referrals",
        REFERRALS,
        lambda m: Q(kind__in=Referral.MAPPA_KINDS, status=Referral.Status.UNDER_REVIEW),
    ),
    Figure(
        "meetings-review-due",
        f"Review due in {REVIEW_SOON_DAYS // 7} weeks",
        f"MAPPA review meetings due in the next {REVIEW_SOON_DAYS // 7} weeks",
        "meetings",
        MEETINGS,
        lambda m: (
            _latest_meeting_of_a_mappa_case()
            & Q(next_review_on__gte=m.today, next_review_on__lte=m.today + timedelta(days=REVIEW_SOON_DAYS))
        ),
    ),
    Figure(
        "meetings-review-overdue",
        "Review overdue",
        "MAPPA review meetings overdue",
        "meetings",
        MEETINGS,
        lambda m: _latest_meeting_of_a_mappa_case() & Q(next_review_on__lt=m.today),
        is_alert=True,
    ),
    Figure(
        "meetings-overdue-actions",
        "With overdue actions",
        "MAPPA meetings with overdue actions",
        "meetings",
        MEETINGS,
        _with_overdue_actions,
        is_alert=True,
    ),
    Figure(
        "recalls-awaiting-countersignature",
        "Awaiting countersignature",
        "Recalls awaiting countersignature",
        "recalls",
        RECALLS,
        lambda m: Q(status=Recall.Status.ENDORSED),
    ),
    Figure(
        # Recall.objects.awaiting_countersignature().late(now=): the test checks the two agree.
        "recalls-countersignature-late",
        "Countersignature late",
        "Recalls whose countersignature is late",
        "recalls",
        RECALLS,
        lambda m: Q(status=Recall.Status.ENDORSED, countersign_by__lt=m.now),
        is_alert=True,
    ),
    Figure(
        "recalls-requested",
        "Requested, awaiting confirmation",
        "Recalls requested and awaiting confirmation",
        "recalls",
        RECALLS,
        lambda m: Q(status=Recall.Status.REQUESTED),
    ),
)
FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}


def figures_of(source: Source) -> list[Figure]:
    return [figure for figure in FIGURES if figure.source is source]


def figures_in(group: Group) -> list[Figure]:
    return [figure for figure in FIGURES if figure.group == group.key]
