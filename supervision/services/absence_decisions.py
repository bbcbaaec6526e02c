"""The outstanding-enforcement-decision job: an unacceptable absence needs a decision; someone is told when it is late.

"An unacceptable absence needs an enforcement decision within `EnforcementPolicy.unacceptable_absence_decision_days`
of the day it was judged unacceptable." Once that day has passed with no decision linking the absence, the job
raises an `AbsenceDecisionFlag` and tells the responsible officer; after `tell_line_manager_after_days` more days,
the officer's line manager (or their cover: supervision.services.routing) is told too. A case waiting for
allocation has no officer: its team's line managers are told straight away.

Which absences are outstanding on a day is one computation (`outstanding_absence_decisions`, over
`ContactQuerySet.enforcement_decision_outstanding`), called by this job, My work and the managers' list.

Like the overdue-contacts job, each run recomputes from the database, so a missed run is caught up by the next,
and a repeated or concurrent run adds nothing: the unique constraint on the flag (one per absence and due day) and
the one on notifications (one per recipient and event) guard the writes, with INSERT ... ON CONFLICT DO NOTHING.
Officer and line manager are each told once per flag (`officer_notified_at`, `line_manager_notified_at`).

A flag is about the absence: it stays open until a decision links the absence (closed as decided, with the first
such decision), the outcome is amended away from unacceptable absence, or the case stops being active. An absence
whose due day has already been flagged is not flagged again for that day, even if its flag closed (a case closed
and reopened): the managers' list and My work still show it, because they read the computation, not the flags.
"""

import logging
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from supervision.models import AbsenceDecisionFlag, Case, Contact, EnforcementDecision, EnforcementPolicy
from supervision.models.routing import UnroutedItem
from supervision.services.notifications import NewNotification, notify_many
from supervision.services.routing import Router

logger = logging.getLogger(__name__)

Resolution = AbsenceDecisionFlag.Resolution


@dataclass(frozen=True)
class AbsenceDecisionRun:
    on: date
    opened: int
    closed: int
    officers_notified: int
    line_managers_notified: int

    def as_dict(self) -> dict:
        return {**asdict(self), "on": self.on.isoformat()}


def current_policy() -> EnforcementPolicy:
    """The stored policy, or its defaults while none is stored: one read and no write, for pages (the job stores it
    through `EnforcementPolicy.current()`)."""
    return EnforcementPolicy.objects.filter(pk=1).first() or EnforcementPolicy(pk=1)


def outstanding_absence_decisions(*, on: date, cases=None, policy: EnforcementPolicy | None = None):
    """Unacceptable absences on active cases whose enforcement decision was due before `on` and is not recorded,
    annotated with `decision_due_on`. `cases` (a queryset) narrows it to the cases a page may show."""
    policy = policy or current_policy()
    absences = Contact.objects.enforcement_decision_outstanding(
        on=on, decision_days=policy.unacceptable_absence_decision_days
    )
    return absences if cases is None else absences.filter(case__in=cases)


def absences_awaiting_decision(*, cases=None, policy: EnforcementPolicy | None = None):
    """Every unacceptable absence still waiting for a decision, due or not yet due, with `decision_due_on`."""
    policy = policy or current_policy()
    absences = Contact.objects.awaiting_enforcement_decision(decision_days=policy.unacceptable_absence_decision_days)
    return absences if cases is None else absences.filter(case__in=cases)


@transaction.atomic
def flag_outstanding_absence_decisions(*, on: date, now=None) -> AbsenceDecisionRun:
    """Flag each unacceptable absence whose decision is overdue on `on`, once per absence and due day; close the
    flags that are settled; tell the officer once, then the line manager once. Safe to repeat at any time."""
    now = now or timezone.now()
    policy = EnforcementPolicy.current()
    opened = _open_new_flags(on=on, policy=policy)
    closed = _close_settled_flags(now=now)
    officers, managers = _notify(on=on, now=now, policy=policy)
    run = AbsenceDecisionRun(on, opened, closed, officers, managers)
    if opened or closed or officers or managers:
        logger.info("Outstanding enforcement decisions on %s: %s", on, run.as_dict())
    return run


def _open_new_flags(*, on: date, policy: EnforcementPolicy) -> int:
    """One flag per outstanding absence that has no open flag, and no flag at all for its current due day."""
    flagged = AbsenceDecisionFlag.objects.filter(
        Q(resolved_at__isnull=True) | Q(due_on=OuterRef("decision_due_on")), contact_id=OuterRef("pk")
    )
    new = list(
        outstanding_absence_decisions(on=on, policy=policy)
        .filter(~Exists(flagged))
        .values_list("pk", "case_id", "decision_due_on")
    )
    if new:
        AbsenceDecisionFlag.objects.bulk_create(
            [
                AbsenceDecisionFlag(contact_id=contact_id, case_id=case_id, due_on=due_on, opened_on=on)
                for contact_id, case_id, due_on in new
            ],
            ignore_conflicts=True,
        )
    return len(new)


def _close_settled_flags(*, now) -> int:
    """Close each open flag whose absence a decision now links (decided, with the first decision), whose outcome is
    no longer an unacceptable absence (amended), or whose case is no longer active (case closed). One read, one
    write."""
    first_decision = (
        EnforcementDecision.contacts.through.objects.filter(contact_id=OuterRef("contact_id"))
        .order_by("enforcementdecision__decided_on", "enforcementdecision_id")
        .values("enforcementdecision_id")[:1]
    )
    settled = (
        AbsenceDecisionFlag.objects.open()
        .annotate(decision_pk=Subquery(first_decision), outcome=F("contact__outcome"), case_status=F("case__status"))
        .filter(
            Q(decision_pk__isnull=False)
            | ~Q(contact__outcome=Contact.Outcome.UNACCEPTABLE_ABSENCE)
            | ~Q(case__status=Case.Status.ACTIVE)
        )
        .values("pk", "decision_pk", "outcome", "case_status")
    )
    # Locked, so a concurrent run (or the enforcement service closing a flag as decided) is waited for, and the
    # flag it closed is then no longer open here.
    closing = [
        AbsenceDecisionFlag(pk=flag["pk"], resolved_at=now, **_resolution(flag))
        for flag in settled.select_for_update(of=("self",))
    ]
    if closing:
        AbsenceDecisionFlag.objects.bulk_update(closing, ["resolved_at", "resolution", "decision"])
    return len(closing)


def _resolution(flag: dict) -> dict:
    if flag["decision_pk"] is not None:
        return {"resolution": Resolution.DECIDED, "decision_id": flag["decision_pk"]}
    if flag["outcome"] != Contact.Outcome.UNACCEPTABLE_ABSENCE:
        return {"resolution": Resolution.OUTCOME_AMENDED, "decision_id": None}
    return {"resolution": Resolution.CASE_CLOSED, "decision_id": None}


def _what(flag: AbsenceDecisionFlag) -> str:
    contact = flag.contact
    return (
        f"{flag.case.full_name} ({flag.case.crn}): unacceptable absence from the "
        f"{contact.contact_type.name.lower()} on {timezone.localtime(contact.starts_at):%-d %B %Y}. "
        f"An enforcement decision was due by {flag.due_on:%-d %B %Y}."
    )


def _url(flag: AbsenceDecisionFlag) -> str:
    return reverse("supervision:contact-detail", kwargs={"crn": flag.case.crn, "pk": flag.contact_id})


def _notify(*, on: date, now, policy: EnforcementPolicy) -> tuple[int, int]:
    """Tell officers about new flags and line managers about flags left open too long: one notification per person
    and flag, written together (`notify_many`), so the queries grow with the people told, not with the flags.

    A case with no officer (waiting for allocation) goes to whoever routing finds, its team's line managers first,
    and that first message is the line manager's too. When routing finds nobody, the work is recorded as unrouted
    and the flag stays unmarked, so a later run tries again."""
    manager_due_before = on - timedelta(days=policy.tell_line_manager_after_days)
    flags = list(
        AbsenceDecisionFlag.objects.open()
        .filter(
            Q(officer_notified_at__isnull=True)
            | Q(line_manager_notified_at__isnull=True, due_on__lt=manager_due_before)
        )
        .select_related("case__team__pdu", "case__responsible_officer", "contact__contact_type")
        .order_by("pk")
    )
    if not flags:
        return 0, 0
    router = Router(on=on)
    notices, told_officer, told_manager = [], [], []
    for flag in flags:
        case = flag.case
        key = f"absence-decision:{flag.pk}"
        if case.responsible_officer_id is None:
            holder = router.route(case, kind=UnroutedItem.Kind.ABSENCE_DECISION_ALERT, object_key=key, url=_url(flag))
            if holder is not None:
                notices.append(
                    _notice(flag, holder, key, "Enforcement decision overdue on a case waiting for an officer")
                )
                told_officer.append(flag.pk)
                told_manager.append(flag.pk)
            continue
        if flag.officer_notified_at is None:
            notices.append(_notice(flag, case.responsible_officer, key, "Enforcement decision overdue on your case"))
            told_officer.append(flag.pk)
        if flag.line_manager_notified_at is None and flag.due_on < manager_due_before:
            manager = router.route(case, kind=UnroutedItem.Kind.ABSENCE_DECISION_ALERT, object_key=key, url=_url(flag))
            if manager is not None:
                subject = "Enforcement decision overdue on a case in your team"
                notices.append(_notice(flag, manager, f"absence-decision-manager:{flag.pk}", subject))
                told_manager.append(flag.pk)
    notify_many(notices)
    # Marked even when notify_many skipped someone (no access to the case now): each is decided once per flag.
    if told_officer:
        AbsenceDecisionFlag.objects.filter(pk__in=told_officer, officer_notified_at__isnull=True).update(
            officer_notified_at=now
        )
    if told_manager:
        AbsenceDecisionFlag.objects.filter(pk__in=told_manager, line_manager_notified_at__isnull=True).update(
            line_manager_notified_at=now
        )
    return len(told_officer), len(told_manager)


def _notice(flag: AbsenceDecisionFlag, recipient, event_key: str, subject: str) -> NewNotification:
    return NewNotification(
        recipient=recipient,
        event_key=event_key,
        subject=subject,
        body=_what(flag),
        url=_url(flag),
        case_id=flag.case_id,
    )
