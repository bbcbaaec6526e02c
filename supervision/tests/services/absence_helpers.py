"""A case with an unacceptable absence, for the outstanding-enforcement-decision tests."""

from datetime import date, timedelta

from django.utils import timezone

from supervision.models import Contact, EnforcementDecision
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, ContactFactory, ContactTypeFactory, StaffFactory

JUDGED_ON = date(2026, 3, 2)
# The default policy: a decision within 7 days, the line manager told 3 days after that.
DUE_ON = JUDGED_ON + timedelta(days=7)
FIRST_LATE_DAY = DUE_ON + timedelta(days=1)
MANAGER_DAY = DUE_ON + timedelta(days=4)


def unacceptable_absence(case, *, judged_on=JUDGED_ON, recorded_by=None) -> Contact:
    recorded_by = recorded_by or case.responsible_officer or StaffFactory()
    return ContactFactory(
        recorded_by=recorded_by,
        made_by_user=recorded_by,
        case=case,
        contact_type=ContactTypeFactory(name="Office appointment", is_enforceable=True),
        is_appointment=True,
        starts_at=timezone.make_aware(timezone.datetime(judged_on.year, judged_on.month, judged_on.day, 10))
        - timedelta(days=3),
        outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE,
        absence_judged_on=judged_on,
    )


def case_with_absence(team=None, **case_fields):
    team = team or managed_team()
    case_fields.setdefault("started_on", date(2026, 1, 5))
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"], **case_fields)
    return team, case, unacceptable_absence(case)


def decide(contact, *, by, kind=EnforcementDecision.Kind.WARNING, on=FIRST_LATE_DAY) -> EnforcementDecision:
    """A decision linking the absence, written directly (the enforcement service is another module's)."""
    decision = EnforcementDecision.objects.create(
        case=contact.case,
        kind=kind,
        decided_on=on,
        rationale="Missed the appointment without a reason; first failure.",
        alternatives_considered="A warning; more frequent reporting."
        if kind in EnforcementDecision.RECALL_KINDS
        else "",
        in_force_until=on + timedelta(days=365) if kind in EnforcementDecision.WARNING_KINDS else None,
        decided_by=by,
    )
    decision.contacts.add(contact)
    return decision
