"""Recalls as the officer's recommendation leaves them: an enforcement decision of a recall kind with its Recall
(awaiting endorsement, its deadline from the policy) and the RECOMMENDED event, and recalls taken further along
through the recalls service, so every one holds a state the workflow allows."""

from datetime import timedelta

from django.utils import timezone

from supervision.models import EnforcementDecision, EnforcementPolicy, Recall, RecallEvent
from supervision.services import recalls as services

DECISION_KIND = {kind: decision for decision, kind in Recall.KIND_FOR_DECISION.items()}


def recommend_recall(case, *, kind=Recall.Kind.STANDARD, by=None, now=None, contacts=(), allegations=()) -> Recall:
    """The officer's recommendation, as the enforcement service records it."""
    by = by or case.responsible_officer
    now = now or timezone.now()
    decision = EnforcementDecision.objects.create(
        case=case,
        kind=DECISION_KIND[kind],
        decided_on=timezone.localdate(now),
        rationale="Missed the Building Better Relationships session after a final warning.",
        alternatives_considered="A further warning and an increased reporting level: neither manages the risk.",
        decided_by=by,
    )
    decision.contacts.set(contacts)
    decision.allegations.set(allegations)
    recall = Recall.objects.create(
        case=case,
        decision=decision,
        kind=kind,
        recommended_by=by,
        recommended_at=now,
        endorse_by=now + EnforcementPolicy.current().endorse_within(kind),
    )
    RecallEvent.objects.create(
        recall=recall,
        action=RecallEvent.Action.RECOMMENDED,
        to_status=Recall.Status.RECOMMENDED,
        actor=by,
        happened_at=now,
    )
    return recall


def endorsed_recall(case, *, manager, kind=Recall.Kind.STANDARD, now=None) -> Recall:
    now = now or timezone.now()
    recall = recommend_recall(case, kind=kind, now=now - timedelta(minutes=30))
    return services.endorse_recall(recall, by=manager, now=now - timedelta(minutes=20))


def requested_recall(case, *, manager, head, kind=Recall.Kind.STANDARD, now=None) -> Recall:
    now = now or timezone.now()
    recall = endorsed_recall(case, manager=manager, kind=kind, now=now)
    return services.countersign_recall(recall, by=head, now=now - timedelta(minutes=10))
