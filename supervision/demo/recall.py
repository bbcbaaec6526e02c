"""The seed case's recall recommendation, as the inspection case study ends: with a final warning in force, he
missed his last Building Better Relationships session without a good reason, and the officer recommended recall.

In the demo the recommendation is this morning's and waits for the line manager's endorsement (Helen Carter's
"Recalls awaiting you" and her dashboard), so the endorsement and the Head of Public Protection's countersignature
can be walked through; the whole sequence to the case being recalled is replayed by
`supervision/tests/services/test_seed_case_replay.py`. Written through the enforcement service, after the programme
and the warnings it follows (`build_programme_demo`, `build_enforcement_demo`)."""

from datetime import timedelta

from django.utils import timezone

from supervision.demo.caseload import DemoBuilder
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, Contact, EnforcementDecision
from supervision.services.enforcement import record_enforcement_decision

RATIONALE = (
    "Missed session 13 of Building Better Relationships without a good reason (he said he overslept after a night "
    "out), while a final warning is in force for driving while disqualified. His partner Kayleigh is pregnant and "
    "vulnerable; his disregard for his licence conditions raises the risk to her and the unborn child."
)
ALTERNATIVES = (
    "A further warning: not open, a final warning is in force. Increased reporting and home visits: already twice "
    "weekly, and he has not complied. A variation adding a curfew with electronic monitoring: considered with the "
    "MAPPA level 2 panel; it would not manage the risk to his partner, and he has shown he will not keep to conditions."
)


def build_recall_demo(demo: DemoBuilder) -> None:
    case = Case.objects.get(crn=SEED_CASE_CRN)
    if case.recalls.exists():
        return  # seed_demo run again: the recommendation is already there
    missed = case.contacts.filter(
        outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE, programme_session__isnull=False
    ).order_by("-starts_at")
    now = timezone.now() - timedelta(hours=1)
    record_enforcement_decision(
        case,
        kind=EnforcementDecision.Kind.RECALL_STANDARD,
        decided_on=timezone.localdate(now),
        rationale=RATIONALE,
        alternatives_considered=ALTERNATIVES,
        contacts=list(missed[:1]),
        by=demo.users["priya.shah"],
        now=now,
    )
