"""The overdue-contacts job: flag each overdue requirement once, clear flags a contact has met, and tell people.

Each run recomputes from the database, so a missed run is caught up by the next, and a repeated or
concurrent run adds nothing: the partial unique constraints on OverdueFlag and on Notification guard the
writes (INSERT ... ON CONFLICT DO NOTHING), not the scheduling.

The order of runs is guarded too. A run for a day earlier than the latest day already run (an operator
catching up with `--on`) computes and reports but writes nothing: written, it would close flags that were
valid later, dated before they opened, and the next run for today would reopen and re-notify them.

Line managers get one digest a day, not one message per flag: flags left open the requirement's number of
days, and chronic shortfalls (overdue in N of the last M periods, overdue_shortfalls.py).
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from supervision.contact_requirements import Requirement, Status, contact_requirements, with_contact_details
from supervision.models import Case, OverdueFlag, OverdueFlagRun
from supervision.services.overdue_notifications import notify

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FlagRun:
    on: date
    opened: int
    closed: int
    officers_notified: int
    line_managers_notified: int
    # False for a run for a day earlier than one already run: it computed, and wrote nothing.
    is_written: bool = True
    overdue: int = 0
    latest_run_on: date | None = None

    def as_dict(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "opened": self.opened,
            "closed": self.closed,
            "officers_notified": self.officers_notified,
            "line_managers_notified": self.line_managers_notified,
            "is_written": self.is_written,
            "overdue": self.overdue,
        }


def _key(case_id, rule_id, case_requirement_id):
    return (case_id, ("rule", rule_id) if rule_id else ("case", case_requirement_id))


def _flag_key(flag: dict):
    return _key(flag["case_id"], flag["rule_id"], flag["case_requirement_id"])


OPEN_FLAG_FIELDS = ("pk", "case_id", "rule_id", "case_requirement_id", "due_on", "created_at")


@transaction.atomic
def flag_overdue_contacts(
    *,
    on: date,
    case_ids: list[int] | None = None,
    id_range: tuple[int, int | None] | None = None,
    rules: list[Requirement] | None = None,
) -> FlagRun:
    """Flag every requirement overdue on `on`, once per case, requirement and due date.

    A flag closes when a qualifying contact meets the requirement (credited to that contact), when the
    requirement stops applying (the rule is deactivated or no longer covers the case, the case closes or
    passes its expected end date), when an edit to the rule or requirement means it is no longer overdue
    ("rule changed", credited to no contact), or when an edit gives a new due date (a new flag then opens for
    that date). The responsible officer is told once per flag; the line manager in one digest a day.

    `case_ids`, or `id_range` (first case id, and the first id past the chunk or None), limits the run to those
    cases: the hourly sweep runs in chunks of case ids (sweeps.py), each its own transaction, so a
    redelivered sweep redoes only the unfinished chunk. A chunk tells officers only; the sweep sends the
    managers' digests once, after its last chunk (`send_line_manager_digests`), so each gets one a day. The sweep
    reads the rules once and passes them in `rules` (contact_requirements.stored_rules); alone, a run reads them.
    """
    now = timezone.now()
    scope = _scope(case_ids, id_range)
    cases = None if scope is None else Case.objects.filter(scope("pk"))
    # Who made each last contact is read only for the flags opened (their explanation), not for every case.
    computed = contact_requirements(on=on, cases=cases, rules=rules, details=False)
    statuses = {(s.case_id, s.requirement.key): s for s in computed}
    latest_run_on = OverdueFlagRun.objects.aggregate(latest=Max("on"))["latest"]
    if latest_run_on is not None and on < latest_run_on:
        overdue = sum(1 for s in statuses.values() if s.status is Status.OVERDUE)
        logger.warning("Overdue contacts on %s not written: %s has already been run.", on, latest_run_on)
        return FlagRun(on, 0, 0, 0, 0, is_written=False, overdue=overdue, latest_run_on=latest_run_on)
    open_flags = list(_open_flags(scope).values(*OPEN_FLAG_FIELDS))
    opened = _open_new_flags(statuses, open_flags, on=on)
    closed = _close_flags_no_longer_overdue(statuses, open_flags, on=on, now=now)
    officers, managers = notify(on=on, now=now, scope=scope, tell_managers=scope is None)
    run = FlagRun(on, opened, closed, officers, managers, overdue=sum(1 for s in statuses.values() if s.is_overdue))
    _record_run(run)
    logger.info("Overdue contacts on %s: %s", on, run.as_dict())
    return run


@transaction.atomic
def send_line_manager_digests(*, on: date) -> int:
    """The managers' daily digests, after a chunked sweep: every flag left open too long and every chronic
    shortfall, across all cases. Returns how many managers were told."""
    latest_run_on = OverdueFlagRun.objects.aggregate(latest=Max("on"))["latest"]
    if latest_run_on is not None and on < latest_run_on:
        return 0  # an out-of-order day writes nothing, as flag_overdue_contacts() says
    _, managers = notify(on=on, now=timezone.now(), tell_officers=False)
    if managers:
        OverdueFlagRun.objects.filter(on=on).update(
            last_run_at=timezone.now(), line_managers_notified=F("line_managers_notified") + managers
        )
    return managers


def _scope(case_ids: list[int] | None, id_range: tuple[int, int | None] | None):
    """The cases a chunk covers, as a function from the case id's field name to a filter; None for every case."""
    if case_ids is not None:
        return lambda field: Q(**{f"{field}__in": case_ids})
    if id_range is not None:
        first, past = id_range
        return lambda field: Q(**{f"{field}__gte": first}) & (Q() if past is None else Q(**{f"{field}__lt": past}))
    return None


def _open_flags(scope):
    flags = OverdueFlag.objects.open()
    return flags if scope is None else flags.filter(scope("case_id"))


def _record_run(run: FlagRun) -> None:
    """Keep the day run and what it did; a repeat run that changed nothing writes nothing."""
    counts = {
        "opened": run.opened,
        "closed": run.closed,
        "officers_notified": run.officers_notified,
        "line_managers_notified": run.line_managers_notified,
    }
    if not OverdueFlagRun.objects.filter(on=run.on).exists():
        OverdueFlagRun.objects.bulk_create([OverdueFlagRun(on=run.on)], ignore_conflicts=True)
    if any(counts.values()):
        OverdueFlagRun.objects.filter(on=run.on).update(
            last_run_at=timezone.now(), **{name: F(name) + value for name, value in counts.items()}
        )


def _open_new_flags(statuses: dict, open_flags: list[dict], *, on: date) -> int:
    """Open a flag for each overdue requirement and due date not flagged yet."""
    already_open = {(*_flag_key(f), f["due_on"]) for f in open_flags}
    opening = with_contact_details(
        s for key, s in statuses.items() if s.status is Status.OVERDUE and (*key, s.due_on) not in already_open
    )
    new_flags = [
        OverdueFlag(
            case_id=s.case_id,
            rule_id=s.requirement.rule_id,
            case_requirement_id=s.requirement.case_requirement_id,
            due_on=s.due_on,
            opened_on=on,
            explanation=s.explanation,
        )
        for s in opening
    ]
    if new_flags:
        OverdueFlag.objects.bulk_create(new_flags, ignore_conflicts=True)
    return len(new_flags)


def _resolution(flag: dict, current) -> tuple[str, int | None]:
    """Why an open flag closes, given the requirement's status now (None when it no longer applies), and the
    contact that met it, if one did.

    A flag opened before its rule or requirement was last changed, and no longer overdue, closed because of the
    change: raising the grace days must not credit the very contact that made it due.
    """
    if current is None:
        return OverdueFlag.Resolution.NO_LONGER_APPLIES, None
    if current.is_overdue:
        return OverdueFlag.Resolution.DUE_DATE_CHANGED, None
    changed_at = current.requirement.changed_at
    if changed_at is not None and flag["created_at"] < changed_at:
        return OverdueFlag.Resolution.RULE_CHANGED, None
    return OverdueFlag.Resolution.MET, current.last_contact.pk if current.last_contact else None


def _closing(statuses: dict, open_flags: list[dict], *, on: date, now, only_met: bool = False) -> list[OverdueFlag]:
    closing = []
    for flag in open_flags:
        current = statuses.get(_flag_key(flag))
        if current is not None and current.is_overdue and current.due_on == flag["due_on"]:
            continue
        resolution, contact_id = _resolution(flag, current)
        if only_met and resolution != OverdueFlag.Resolution.MET:
            continue
        closing.append(
            OverdueFlag(
                pk=flag["pk"], resolved_at=now, resolved_on=on, resolution=resolution, resolved_by_contact_id=contact_id
            )
        )
    return closing


def _close_flags_no_longer_overdue(statuses: dict, open_flags: list[dict], *, on: date, now) -> int:
    """Close each open flag whose requirement is met, no longer applies, changed, or is now due on another
    date."""
    closing = _closing(statuses, open_flags, on=on, now=now)
    if closing:
        OverdueFlag.objects.bulk_update(closing, ["resolved_at", "resolved_on", "resolution", "resolved_by_contact"])
    return len(closing)


def close_flags_met_on_case(case: Case, *, on: date | None = None) -> int:
    """Close the case's open flags that a contact just recorded (or an outcome just given) has met, in the
    caller's transaction, so the case page never shows a flag its own contact has cleared.

    Only "met" closures: every other reason to close a flag waits for the job, which is the safety net. Nothing
    is written when the job has already run for a later day (an out-of-order day is the job's to settle).
    """
    on = on or timezone.localdate()
    latest_run_on = OverdueFlagRun.objects.aggregate(latest=Max("on"))["latest"]
    if latest_run_on is not None and on < latest_run_on:
        return 0
    open_flags = list(OverdueFlag.objects.open().filter(case=case).values(*OPEN_FLAG_FIELDS))
    if not open_flags:
        return 0
    statuses = {
        (s.case_id, s.requirement.key): s for s in contact_requirements(on=on, cases=Case.objects.filter(pk=case.pk))
    }
    closing = _closing(statuses, open_flags, on=on, now=timezone.now(), only_met=True)
    if closing:
        OverdueFlag.objects.bulk_update(closing, ["resolved_at", "resolved_on", "resolution", "resolved_by_contact"])
    return len(closing)
