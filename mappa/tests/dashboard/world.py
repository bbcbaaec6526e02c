"""A region to count: two PDUs, each with a team and an officer, the region's Head of Public Protection, and
`one_of_each` to give a team one record for every figure of the dashboard (and near misses it must not count)."""

from datetime import timedelta

from django.utils import timezone

from mappa.models import DisputeMeeting, Escalation, MappaDecision, Referral
from mappa.tests.factories import (
    EscalationFactory,
    MappaActionFactory,
    MappaMeetingFactory,
    MappaReferralFactory,
    RejectedMappaReferralFactory,
    coordinator_for,
)
from supervision import roles
from supervision.models import Case, EnforcementDecision, Recall
from supervision.tests.factories import CaseFactory, PDUFactory, RegionFactory, StaffFactory, TeamFactory

HOPP = Escalation.Level.HEAD_OF_PUBLIC_PROTECTION

# What `one_of_each` adds to each figure.
EXPECTED = {
    "mappa-level-2": 3,  # and the two cases whose MAPPA reviews are due or overdue
    "mappa-level-3": 2,  # and the case whose review was replaced by a later meeting
    "escalations-overdue": 1,
    "escalations-due-today": 1,
    "escalations-not-yet-due": 2,  # one of them stepped up
    "escalations-stepped-up": 1,
    "referrals-rejected": 1,
    "referrals-overturned": 2,  # by a revised decision, and (before co-ordinators) by the Head of Public Protection
    "referrals-disputed": 1,
    "meetings-review-due": 1,
    "meetings-review-overdue": 1,
    "meetings-overdue-actions": 1,
    "recalls-awaiting-countersignature": 2,  # one of them late
    "recalls-countersignature-late": 1,
    "recalls-requested": 1,
}


def region_world():
    region = RegionFactory()
    head = StaffFactory(
        role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=region, profile__grade="HOPP"
    )
    teams = [TeamFactory(pdu=PDUFactory(region=region)) for _ in range(2)]
    officers = [StaffFactory(role=roles.RESPONSIBLE_OFFICER, profile__team=team) for team in teams]
    managers = [StaffFactory(role=roles.LINE_MANAGER, profile__team=team, profile__grade="SPO") for team in teams]
    return {"region": region, "head": head, "teams": teams, "officers": officers, "managers": managers}


def _case(officer, **fields):
    return CaseFactory(responsible_officer=officer, team=officer.profile.team, **fields)


def _mappa_case(officer, level=2):
    return _case(officer, mappa_category=2, mappa_level=level)


def _rejected(officer):
    """A rejection decided long before the referral figures' window, so only the escalation figures count it."""
    return RejectedMappaReferralFactory(case=_case(officer), decided_at=timezone.now() - timedelta(days=200))


def _escalations(officer, manager, head, today):
    def hopp(due_on, **fields):
        referral = _rejected(officer)
        return EscalationFactory(referral=referral, level=HOPP, assigned_to=head, due_on=due_on, **fields)

    hopp(today - timedelta(days=1))
    hopp(today)
    hopp(today + timedelta(days=3))
    stepped = _rejected(officer)
    previous = EscalationFactory(
        referral=stepped,
        assigned_to=manager,
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.STEPPED_UP,
        resolved_at=timezone.now(),
        due_on=today - timedelta(days=2),
    )
    EscalationFactory(
        referral=stepped, level=HOPP, assigned_to=head, due_on=today + timedelta(days=5), previous=previous
    )
    # Not the Head of Public Protection's: a line manager's escalation, and one the Head of Public Protection closed.
    EscalationFactory(referral=_rejected(officer), assigned_to=manager)
    hopp(
        today - timedelta(days=9),
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.REJECTION_UPHELD,
        resolved_at=timezone.now(),
        resolved_by=head,
        rationale="The co-ordinator's reasons stand.",
    )


def _referrals(officer, head, now):
    RejectedMappaReferralFactory(case=_case(officer), decided_at=now - timedelta(days=10))
    _rejected(officer)  # too long ago
    MappaReferralFactory(case=_case(officer), status=Referral.Status.UNDER_REVIEW)
    # Overturned by the co-ordinator's revised decision after the Head of Public Protection's dispute meeting.
    revised = MappaReferralFactory(case=_case(officer), status=Referral.Status.ACCEPTED)
    dispute = EscalationFactory(
        referral=revised,
        level=HOPP,
        assigned_to=head,
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.DISPUTED,
        resolved_at=now,
        resolved_by=head,
        rationale="Disputed at a meeting.",
    )
    coordinator = coordinator_for(region=officer.profile.team.pdu.region)
    meeting = DisputeMeeting.objects.create(
        referral=revised,
        escalation=dispute,
        held_on=now.date(),
        coordinator=coordinator,
        attendees="The co-ordinator and the Head of Public Protection",
        considered="The pregnancy of the new partner.",
        recorded_by=head,
    )
    for stage, decision, meeting_row in (
        (MappaDecision.Stage.FIRST, Referral.Decision.REJECTED_REMAIN_LEVEL_1, None),
        (MappaDecision.Stage.REVISED, Referral.Decision.ACCEPTED_LEVEL_2, meeting),
    ):
        MappaDecision.objects.create(
            referral=revised,
            stage=stage,
            decision=decision,
            reason="Reasons.",
            decided_by=coordinator,
            decided_at=now - timedelta(days=5),
            dispute_meeting=meeting_row,
        )
    # Overturned on the escalation itself, before co-ordinators recorded decisions.
    EscalationFactory(
        referral=MappaReferralFactory(case=_case(officer), status=Referral.Status.ACCEPTED),
        level=HOPP,
        assigned_to=head,
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.OVERTURNED,
        resolved_at=now - timedelta(days=20),
        resolved_by=head,
        rationale="Overturned.",
    )


def _meetings(officer, today):
    MappaMeetingFactory(
        case=_mappa_case(officer), held_on=today - timedelta(days=20), next_review_on=today + timedelta(days=10)
    )
    MappaMeetingFactory(
        case=_mappa_case(officer), held_on=today - timedelta(days=60), next_review_on=today - timedelta(days=1)
    )
    # An old meeting's review date was replaced by the next meeting's, which is not due for months.
    replaced = _mappa_case(officer, level=3)
    MappaMeetingFactory(case=replaced, held_on=today - timedelta(days=90), next_review_on=today - timedelta(days=30))
    MappaMeetingFactory(case=replaced, held_on=today - timedelta(days=5), next_review_on=today + timedelta(days=80))
    # A closed case needs no review.
    closed = _case(officer, mappa_category=2, mappa_level=2, status=Case.Status.CLOSED)
    MappaMeetingFactory(case=closed, held_on=today - timedelta(days=60), next_review_on=today - timedelta(days=1))
    overdue = MappaMeetingFactory(case=_case(officer), held_on=today - timedelta(days=30))
    MappaActionFactory(meeting=overdue, due_on=today - timedelta(days=1))
    MappaActionFactory(meeting=overdue, due_on=today - timedelta(days=2))  # two actions, one meeting
    MappaActionFactory(
        meeting=MappaMeetingFactory(case=_case(officer), held_on=today - timedelta(days=30)),
        due_on=today - timedelta(days=1),
        done_on=today - timedelta(days=2),
    )


def _recall(officer, manager, head, now, status, *, countersign_in=timedelta(hours=12)):
    case = _case(officer)
    decision = EnforcementDecision.objects.create(
        case=case,
        kind=EnforcementDecision.Kind.RECALL_STANDARD,
        decided_on=now.date(),
        rationale="Entered the exclusion zone again.",
        alternatives_considered="A further warning: not enough.",
        decided_by=officer,
    )
    endorsed = status != Recall.Status.RECOMMENDED
    countersigned = status == Recall.Status.REQUESTED
    return Recall.objects.create(
        case=case,
        decision=decision,
        kind=Recall.Kind.STANDARD,
        status=status,
        recommended_by=officer,
        recommended_at=now - timedelta(days=2),
        endorse_by=now - timedelta(days=1),
        endorsed_by=manager if endorsed else None,
        endorsed_at=now - timedelta(days=1) if endorsed else None,
        countersign_by=now + countersign_in if endorsed else None,
        countersigned_by=head if countersigned else None,
        countersigned_at=now if countersigned else None,
    )


def _recalls(officer, manager, head, now):
    _recall(officer, manager, head, now, Recall.Status.ENDORSED)
    _recall(officer, manager, head, now, Recall.Status.ENDORSED, countersign_in=-timedelta(hours=1))
    _recall(officer, manager, head, now, Recall.Status.REQUESTED)
    _recall(officer, manager, head, now, Recall.Status.RECOMMENDED)


def one_of_each(officer, manager, head, *, now=None):
    """One record for every figure (EXPECTED says how many each figure gains), all held by `officer`."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    _mappa_case(officer, level=2)
    _mappa_case(officer, level=3)
    _case(officer, mappa_category=2, mappa_level=3, status=Case.Status.CLOSED)
    _case(officer, mappa_category=2, mappa_level=1)
    _escalations(officer, manager, head, today)
    _referrals(officer, head, now)
    _meetings(officer, today)
    _recalls(officer, manager, head, now)
