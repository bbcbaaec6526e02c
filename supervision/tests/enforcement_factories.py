"""Enforcement decisions and the failures they answer, made the way users make them: through the services."""

from datetime import timedelta

from django.utils import timezone

from supervision.models import Contact, EnforcementDecision
from supervision.services.enforcement import record_enforcement_decision
from supervision.tests.factories import ContactFactory


def unacceptable_absence(case, *, days_ago=3, judged_days_ago=None) -> Contact:
    """A missed appointment judged an unacceptable absence (the day it was judged defaults to the next day)."""
    starts_at = timezone.now() - timedelta(days=days_ago)
    judged = timezone.localdate() - timedelta(days=judged_days_ago if judged_days_ago is not None else days_ago - 1)
    return ContactFactory(
        case=case,
        is_appointment=True,
        starts_at=starts_at,
        outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE,
        absence_judged_on=judged,
    )


def decide(case, kind=EnforcementDecision.Kind.WARNING, *, by=None, evidence=None, days_ago=0, **fields):
    """A decision on the case; a decision that needs evidence gets a fresh unacceptable absence unless given some."""
    if evidence is None and kind != EnforcementDecision.Kind.NO_FURTHER_ACTION:
        evidence = {"contacts": [unacceptable_absence(case, days_ago=days_ago + 3)]}
    values = {
        "kind": kind,
        "decided_on": timezone.localdate() - timedelta(days=days_ago),
        "rationale": "Missed the appointment without a reason; warned in person.",
        **(evidence or {}),
        **fields,
    }
    if kind in EnforcementDecision.RECALL_KINDS:
        values.setdefault("alternatives_considered", "A final warning and a curfew: neither manages the risk now.")
    return record_enforcement_decision(case, by=by or case.responsible_officer, **values)
