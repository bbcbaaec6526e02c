"""The MAPPA co-ordinator's steps on a MAPPA referral sent to the unit: acknowledge it, ask the officer for more
information (the officer's answer returns it to the co-ordinator), and decide: accept at level 2 or 3, or reject
with reasons. After a Head of Public Protection has disputed a rejection at a meeting with the co-ordinator
(mappa.services.disputes), the co-ordinator records a revised decision, and that is what sets the case's level.

The officer who made the referral never records the unit's decision: they have an interest in the outcome.
Every step locks the referral, returns early if this very step was already taken (a double click), takes the
workflow's edge (mappa.models.workflow) and writes its history row with the new state. Each decision is also a
`MappaDecision` row, so a revised decision never overwrites the first. A rejection goes to the line manager's
escalation queue once it commits (mappa.services.escalations), exactly as before co-ordinators existed.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from caseworks.errors import InvalidTransition, RuleBroken
from caseworks.queue import enqueue_on_commit
from mappa.models import DisputeMeeting, MappaDecision, Referral, ReferralEvent
from mappa.permissions import coordinates, may_take_referral_step
from mappa.services.coordinator_routing import tell_coordinator
from mappa.services.referrals import acknowledge_referral, referral_url, set_case_mappa_level, tell_about_referral
from mappa.services.workflow import check_referral_step, lock_referral, move_referral, referral_step_taken
from supervision.services.notifications import notify

Action = ReferralEvent.Action
Decision = Referral.Decision
Stage = MappaDecision.Stage

QUESTION_NEEDED = "Enter what more information you need"
ANSWER_NEEDED = "Enter the information the MAPPA co-ordinator asked for"
REASONS_NEEDED = "Enter the reasons for the decision"
NO_DISPUTE_MEETING = (
    "A revised decision follows a dispute meeting with the Head of Public Protection, and none is recorded"
)


def _require_coordinator(user, referral) -> None:
    """Only a MAPPA co-ordinator for the referral's area takes the unit's steps (the views check first; this is
    the service's own guard, so no other caller can record a decision for the unit)."""
    if not coordinates(user, referral):
        raise PermissionDenied


@transaction.atomic
def acknowledge_mappa_referral(referral, *, by, on: date | None = None, now=None) -> Referral:
    """The co-ordinator has the referral: acknowledged today, and the officer is told."""
    _require_coordinator(by, referral)
    day = on or timezone.localdate()
    already = referral_step_taken(lock_referral(referral), Action.ACKNOWLEDGED)
    referral = acknowledge_referral(referral, by=by, acknowledged_on=day, on=day, now=now)
    if not already:
        event = referral.events.filter(action=Action.ACKNOWLEDGED).latest("happened_at", "pk")
        tell_about_referral(
            referral.case.responsible_officer,
            event,
            subject="The MAPPA co-ordinator has acknowledged your referral",
            body=f"{referral.get_kind_display()} referral for {referral.case}: acknowledged on {day:%-d %B %Y}.",
            referral=referral,
        )
    return referral


@transaction.atomic
def ask_for_more_information(referral, *, by, question: str, on: date | None = None, now=None) -> Referral:
    """The co-ordinator needs more before deciding: the referral waits for the officer, who is told. Asking
    acknowledges a referral not yet acknowledged (the unit has it)."""
    _require_coordinator(by, referral)
    day = on or timezone.localdate()
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.COORDINATOR_ASKED):
        return referral
    if not question.strip():
        raise RuleBroken(QUESTION_NEEDED, field="question")
    check_referral_step(referral, Action.COORDINATOR_ASKED)
    referral.acknowledged_on = referral.acknowledged_on or day
    event = move_referral(
        referral, Action.COORDINATOR_ASKED, by=by, reason=question, fields=["acknowledged_on"], at=now
    )
    tell_about_referral(
        referral.case.responsible_officer,
        event,
        subject="The MAPPA co-ordinator needs more information about your referral",
        body=f"About the {referral.get_kind_display()} referral for {referral.case}: {question}",
        referral=referral,
    )
    return referral


@transaction.atomic
def give_more_information(referral, *, by, information: str, on: date | None = None, now=None) -> Referral:
    """The officer (or their line manager) answers: the referral is back with the co-ordinator who asked, who is
    told (another co-ordinator for the area when they are away)."""
    if not may_take_referral_step(by, referral, Action.COORDINATOR_ANSWERED):
        raise PermissionDenied
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.COORDINATOR_ANSWERED):
        return referral
    if not information.strip():
        raise RuleBroken(ANSWER_NEEDED, field="information")
    check_referral_step(referral, Action.COORDINATOR_ANSWERED)
    asked = (
        referral.events.filter(action=Action.COORDINATOR_ASKED)
        .select_related("actor")
        .order_by("-happened_at", "-pk")
        .first()
    )
    event = move_referral(referral, Action.COORDINATOR_ANSWERED, by=by, reason=information, at=now)
    tell_coordinator(
        referral,
        event,
        subject="The officer has answered your question about a MAPPA referral",
        body="The referral is back with you to decide.",
        on=on or timezone.localdate(),
        first=asked.actor if asked else None,
    )
    return referral


def _record_decision(referral, *, action, stage, decision, reason, by, now, meeting=None, fields=()) -> ReferralEvent:
    """The decision on the (locked) referral row and in its own row, with the workflow step, together."""
    decided_at = now or timezone.now()
    referral.decision = decision
    referral.decision_reason = reason
    referral.decided_by_name = by.get_full_name() or by.username
    referral.decided_at = decided_at
    MappaDecision.objects.create(
        referral=referral,
        stage=stage,
        decision=decision,
        reason=reason,
        decided_by=by,
        decided_at=decided_at,
        dispute_meeting=meeting,
    )
    return move_referral(
        referral,
        action,
        by=by,
        reason=f"{Decision(decision).label}. {reason}",
        fields=["decision", "decision_reason", "decided_by_name", "decided_at", *fields],
        at=now,
    )


def _level(decision) -> int:
    return 3 if decision == Decision.ACCEPTED_LEVEL_3 else 2


@transaction.atomic
def decide_referral(referral, *, by, decision, reason: str, now=None) -> Referral:
    """The MAPPA co-ordinator's decision, with reasons. Accepted at level 2 or 3: the case's MAPPA level is set
    (the case's history records it). Rejected: once this commits the rejection goes to the line manager's
    escalation queue (the beat sweep catches it if that message is lost). A decision is recorded once: a
    rejection changes only through a dispute and a revised decision."""
    _require_coordinator(by, referral)
    referral = lock_referral(referral)
    accepted = decision in Referral.ACCEPTED_DECISIONS
    action = Action.ACCEPTED if accepted else Action.REJECTED
    if referral_step_taken(referral, action):
        if referral.decision != decision:
            raise InvalidTransition(referral.status, action)
        return referral
    if not reason.strip():
        raise RuleBroken(REASONS_NEEDED, field="reason")
    check_referral_step(referral, action)
    event = _record_decision(
        referral, action=action, stage=Stage.FIRST, decision=decision, reason=reason, by=by, now=now
    )
    if accepted:
        set_case_mappa_level(
            referral,
            level=_level(decision),
            by=by,
            reason=f"MAPPA co-ordinator accepted the referral: {reason}",
            now=now,
        )
    else:
        enqueue_on_commit("mappa.tasks.escalate_rejected_referrals", referral_id=referral.pk)
    tell_about_referral(
        referral.case.responsible_officer,
        event,
        subject=(
            "The MAPPA co-ordinator accepted your referral"
            if accepted
            else "The MAPPA co-ordinator rejected your referral"
        ),
        body=f"{referral.get_kind_display()} referral for {referral.case}: {Decision(decision).label}. {reason}",
        referral=referral,
    )
    return referral


@transaction.atomic
def revise_decision(referral, *, by, decision, reason: str, on: date | None = None, now=None) -> Referral:
    """The co-ordinator's revised decision after the dispute meeting: the one that stands. An acceptance sets the
    case's MAPPA level and a MAPPA meeting is due within settings.MAPPA_MEETING_CONVENE_WITHIN_DAYS; a rejection
    stands as final (it has already been through both escalation levels). Both decisions stay on the record."""
    _require_coordinator(by, referral)
    day = on or timezone.localdate()
    referral = lock_referral(referral)
    accepted = decision in Referral.ACCEPTED_DECISIONS
    action = Action.REVISED_ACCEPTED if accepted else Action.REVISED_REJECTED
    if referral_step_taken(referral, action):
        if referral.decision != decision:
            raise InvalidTransition(referral.status, action)
        return referral
    if not reason.strip():
        raise RuleBroken(REASONS_NEEDED, field="reason")
    check_referral_step(referral, action)
    meeting = DisputeMeeting.objects.filter(referral=referral).first()
    if meeting is None:
        # The database refuses a revised decision with no meeting behind it; say so rather than fail.
        raise RuleBroken(NO_DISPUTE_MEETING)
    fields = []
    if accepted:
        referral.meeting_due_on = day + timedelta(days=settings.MAPPA_MEETING_CONVENE_WITHIN_DAYS)
        fields.append("meeting_due_on")
    event = _record_decision(
        referral,
        action=action,
        stage=Stage.REVISED,
        decision=decision,
        reason=reason,
        by=by,
        now=now,
        meeting=meeting,
        fields=fields,
    )
    if accepted:
        set_case_mappa_level(
            referral,
            level=_level(decision),
            by=by,
            reason=f"MAPPA co-ordinator's revised decision after the dispute meeting: {reason}",
            now=now,
        )
    subject = (
        "The MAPPA co-ordinator accepted the disputed referral: convene a MAPPA meeting"
        if accepted
        else "The MAPPA co-ordinator's revised decision: the rejection stands"
    )
    _tell_everyone_involved(referral, event, subject=subject)
    return referral


def _tell_everyone_involved(referral, event, *, subject):
    """The officer, the line manager who escalated and the Head of Public Protection who disputed."""
    recipients = [referral.case.responsible_officer]
    recipients += [e.assigned_to for e in referral.escalations.select_related("assigned_to").order_by("pk")]
    for recipient in dict.fromkeys(recipients):
        notify(
            recipient,
            event_key=f"referral-event:{event.pk}",
            subject=subject,
            body=f"Referral for {referral.case}: {event.reason}",
            url=referral_url(referral),
            case=referral.case,
        )
