"""Records only the admin shows, for the URL access sweep's world (url_sweep_world.py): one of each, so every admin
page has an object to open."""

from datetime import date, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule
from django_otp.plugins.otp_static.models import StaticDevice

from supervision import roles
from supervision.models import (
    AbsenceDecisionFlag,
    BankHoliday,
    CaseAddress,
    CaseChange,
    Contact,
    EnforcementDecision,
    EnforcementPolicy,
    OutboxEmail,
    OverdueFlag,
    OverdueFlagRun,
    PoliceIntelligence,
    Recall,
    RecallEvent,
    VerificationStep,
)
from supervision.services import allegations as allegation_services
from supervision.tests.factories import (
    ContactFactory,
)
from supervision.tests.rule_factories import ContactRuleFactory
from supervision.tests.two_factor import authenticator_for

# People outside the case's scope, by the name the table uses. "anonymous" is nobody signed in.


def enforcement_records(case, allegation, people, *, another_case) -> None:
    """What the admin shows of enforcement and of a case's history: the policy, a decision with its unacceptable
    absence and the flag the job raised, a recall and its first step, a change to the case and its address, a check
    on an allegation and police intelligence."""
    officer, today, now = people["officer"], timezone.localdate(), timezone.now()
    EnforcementPolicy.current()
    # One recall in progress per case (a unique constraint): the world's case already has the recall pages' own.
    recalled = another_case
    absence = ContactFactory(
        case=recalled, outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE, absence_judged_on=today - timedelta(days=10)
    )
    AbsenceDecisionFlag.objects.create(
        case=recalled, contact=absence, due_on=today - timedelta(days=3), opened_on=today - timedelta(days=2)
    )
    decision = EnforcementDecision.objects.create(
        case=recalled,
        kind=EnforcementDecision.Kind.RECALL_STANDARD,
        decided_on=today,
        rationale="Missed the Building Better Relationships session after a final warning.",
        alternatives_considered="Another final warning; a curfew.",
        decided_by=officer,
    )
    decision.contacts.add(absence)
    recall = Recall.objects.create(
        case=recalled,
        decision=decision,
        kind=Recall.Kind.STANDARD,
        recommended_by=officer,
        recommended_at=now,
        endorse_by=now + timedelta(hours=24),
    )
    RecallEvent.objects.create(
        recall=recall, action=RecallEvent.Action.RECOMMENDED, to_status=recall.status, actor=officer, happened_at=now
    )
    change = CaseChange.objects.create(
        case=case,
        kind=CaseChange.Kind.ADDRESS_MOVE,
        effective_on=today,
        reason="Moved in with his sister.",
        changed_by=officer,
    )
    CaseAddress.objects.create(case=case, address="4 Mill Lane\nAvonford", starts_on=today, change=change)
    allegation_services.add_verification_step(
        allegation, by=officer, kind=VerificationStep.Kind.POLICE_CHECK, carried_out_on=today, result="No record."
    )
    allegation_services.record_police_intelligence(
        case,
        by=officer,
        received_on=today,
        source="Avonford police",
        description="Stopped driving while disqualified.",
        relevance=PoliceIntelligence.Relevance.HIGH,
    )


def admin_only_records(case, requirement, officer) -> None:
    """Rows only the admin shows: configuration, schedules, devices and the service's own bookkeeping."""
    today = timezone.localdate()
    ContactRuleFactory()
    Group.objects.get_or_create(name=roles.RESPONSIBLE_OFFICER)
    BankHoliday.objects.create(day=date(today.year + 1, 12, 25), name="Christmas Day")
    OverdueFlagRun.objects.create(on=today)
    OverdueFlag.objects.create(
        case=case,
        case_requirement=requirement,
        due_on=today - timedelta(days=2),
        opened_on=today - timedelta(days=1),
        explanation="No home visit in the last 7 days.",
    )
    OutboxEmail.objects.create(to_address="officer@probation.example", subject="Overdue contact", body="Body.")
    authenticator_for(officer)
    AccessAttempt.objects.create(username="someone", ip_address="192.0.2.1", failures_since_start=3)
    AccessLog.objects.create(username="someone", ip_address="192.0.2.1")
    AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1")
    StaticDevice.objects.create(user=officer, name="Recovery codes", confirmed=True)
    every_hour = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.get_or_create(
        name="sweep test", defaults={"task": "celery.backend_cleanup", "interval": every_hour}
    )
    CrontabSchedule.objects.create(minute="0", hour="6")
    ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(days=1))
    SolarSchedule.objects.create(event="sunrise", latitude=51.5, longitude=-0.1)
