"""Unacceptable absences waiting for an enforcement decision in the demo, recorded as officers record them: one of
Priya Shah's cases missed an office appointment twelve days ago with no acceptable reason (its decision is overdue,
and Helen Carter has been told), another two days ago (its decision is still due). The outstanding-decision job then
runs once, as beat would run it."""

from datetime import date, timedelta

from supervision.demo import DemoJob, DemoStep, register_demo, register_demo_jobs
from supervision.demo.caseload import at
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, Contact
from supervision.services.absence_decisions import flag_outstanding_absence_decisions
from supervision.services.contacts import ContactDetails, record_contact

ABSENCES = [
    (12, "Did not attend. No call, no evidence offered when phoned the next day: judged unacceptable."),
    (2, "Did not attend; said afterwards he overslept. Not an acceptable reason."),
]


def build_absence_decision_demo(builder) -> None:
    officer = builder.users["priya.shah"]
    cases = list(
        Case.objects.active()
        .filter(responsible_officer=officer, access_limits__isnull=True, started_on__lte=builder.today - timedelta(30))
        .exclude(crn=SEED_CASE_CRN)
        .order_by("crn")[: len(ABSENCES)]
    )
    if Contact.objects.filter(case__in=cases, outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE).exists():
        return
    office = builder.contact_types["COAP"]
    for case, (days_ago, notes) in zip(cases, ABSENCES, strict=False):
        day = builder.today - timedelta(days=days_ago)
        details = ContactDetails(
            contact_type=office, starts_at=at(day, 10), outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE, notes=notes
        )
        # Recorded that afternoon: the day it was judged unacceptable, from which the decision falls due.
        record_contact(case, details, by=officer, now=at(day, 16))


def _outstanding_decisions(on: date) -> dict:
    return flag_outstanding_absence_decisions(on=on).as_dict()


def register() -> None:
    register_demo(
        DemoStep("Unacceptable absences waiting for an enforcement decision", build_absence_decision_demo, order=80)
    )
    register_demo_jobs(DemoJob("Outstanding enforcement decisions", _outstanding_decisions, order=15))
