"""The seed case's Building Better Relationships programme, as the inspection case study tells it: his licence
requires it; he was referred soon after release and started a few weeks later; he attended week after week
(one absence was acceptable, a hospital appointment); and the session he missed shortly before the end of the
story, without a good reason, is the unacceptable absence the recall answered.

Written through the programmes and contacts services with the days they happened, relative to the release date,
so the Programmes tab, the chronology and the compliance summary read as an officer would have recorded them."""

from datetime import date, timedelta

from supervision.demo.caseload import DemoBuilder, at
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, Contact, Programme
from supervision.services import programmes as services
from supervision.services.contacts import record_outcome

Outcome = Contact.Outcome
FIRST_SESSION_DAY = 35
SESSIONS = 13
ACCEPTABLE_ABSENCE_WEEK = 6  # the seventh session: a hospital appointment, with a letter
SESSION_HOUR = 14


def build_programme_demo(demo: DemoBuilder) -> None:
    case = Case.objects.get(crn=SEED_CASE_CRN)
    if case.programme_enrolments.exists():
        return  # seed_demo run again: the history is already there
    ro = demo.users["priya.shah"]
    released = case.started_on

    def day(offset: int) -> date:
        return released + timedelta(days=offset)

    enrolment = services.enrol(
        case,
        by=ro,
        programme=Programme.objects.get(code="BBR"),
        referred_on=day(14),
        licence_condition=case.licence_conditions.get(condition_type__code="PRG1"),
        started_on=day(FIRST_SESSION_DAY),
    )
    sessions = services.book_sessions(
        enrolment,
        by=ro,
        first_at=at(day(FIRST_SESSION_DAY), SESSION_HOUR),
        count=SESSIONS,
        location="Avonford Probation Office, group room 2",
        now=at(day(FIRST_SESSION_DAY - 1), 9),
    )
    *attended, missed = sessions
    for week, session in enumerate(attended):
        after = at(day(FIRST_SESSION_DAY + 7 * week), 17)
        if week == ACCEPTABLE_ABSENCE_WEEK:
            record_outcome(
                session.contact,
                outcome=Outcome.ACCEPTABLE_ABSENCE,
                absence_reason=Contact.AbsenceReason.MEDICAL,
                notes="Hospital appointment for his hand; appointment letter seen.",
                by=ro,
                now=after,
            )
        else:
            record_outcome(session.contact, outcome=Outcome.ATTENDED_COMPLIED, by=ro, now=after)
    # The last session: he did not come, gave no good reason by the time evidence was due, and it was judged
    # an unacceptable absence, the failure the recall was recommended for.
    missed_day = FIRST_SESSION_DAY + 7 * (SESSIONS - 1)
    record_outcome(
        missed.contact,
        outcome=Outcome.FAILED_TO_ATTEND,
        notes="Did not attend. Phone off; his mother did not know where he was.",
        by=ro,
        now=at(day(missed_day), 17),
    )
    record_outcome(
        missed.contact,
        outcome=Outcome.UNACCEPTABLE_ABSENCE,
        notes="Said he overslept after a night out; no evidence of a good reason.",
        reason="He gave his reason at his office appointment: not an acceptable one.",
        by=ro,
        now=at(day(missed_day + 3), 12),
    )
