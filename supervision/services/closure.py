"""Closing a case (sentence ended, died, transferred out of the service), a recall, and reopening.

A case ends in one transaction: its status, the day and the reason on the case (CHECK constraints hold them
together), a `CaseChange` row with who and why, its case-level contact requirements ended from that day, and its
open overdue flags and outstanding-decision flags closed with the closure as their resolution. From then on the case
is on no caseload and out of the overdue computation (both read active cases only). Nothing is deleted: reopening
restores the case to active with its own reason, and the closure stays in the history.

A recall is the enforcement decision's to set (`record_recall`, called by that service); no form offers it here.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision import permissions
from supervision.models import AbsenceDecisionFlag, Case, CaseChange, CaseContactRequirement, OverdueFlag
from supervision.services.case_changes import NOT_ALLOWED, REASON_REQUIRED, differences, lock_for_change, save_change

CLOSURE_REASON_REQUIRED = "Select why the case is closing"
CLOSED_IN_THE_FUTURE = "The date the case closed must be today or in the past"
RECALLED_IN_THE_FUTURE = "The date of the recall must be today or in the past"
NOT_CLOSED = "This case is active: only a closed or recalled case can be reopened"
# The reasons a closure form may give; a recall comes only from the recall decision.
CLOSING_REASONS = (
    Case.ClosureReason.SENTENCE_ENDED,
    Case.ClosureReason.DIED,
    Case.ClosureReason.TRANSFERRED_OUT,
)
ENDED_BY_CLOSURE = "The case was closed: {reason}"


def _end_case(case: Case, *, status, closure_reason, ended_on: date, reason: str, by, kind) -> CaseChange:
    before = {"status": case.status, "closure_reason": case.closure_reason, "closed_on": case.closed_on}
    case.status, case.closure_reason, case.closed_on = status, closure_reason, ended_on
    after = {"status": status, "closure_reason": closure_reason, "closed_on": ended_on}
    change = save_change(
        case, kind=kind, changes=differences(before, after), effective_on=ended_on, reason=reason.strip(), by=by
    )
    ending = ENDED_BY_CLOSURE.format(reason=case.get_closure_reason_display().lower())
    _end_contact_requirements(case, ended_on=ended_on, reason=ending, by=by)
    _close_overdue_flags(case)
    _close_absence_decision_flags(case)
    return change


def _end_contact_requirements(case: Case, *, ended_on: date, reason: str, by) -> None:
    """Every case-level requirement still to apply stops on the day the case closed (kept, with its history)."""
    still_to_apply = CaseContactRequirement.objects.select_for_update().filter(
        case=case, ended_on__isnull=True, ends_on__gt=ended_on
    )
    for requirement in still_to_apply:
        check_version(requirement, None)
        requirement.ended_on, requirement.ended_by, requirement.end_reason = ended_on, by, reason
        requirement._history_user = by
        requirement.save(update_fields=["ended_on", "ended_by", "end_reason", "updated_at", "version"])


def _close_overdue_flags(case: Case) -> None:
    """Open overdue flags close now, because of the closure (not "met": no contact met them)."""
    now = timezone.now()
    OverdueFlag.objects.open().filter(case=case).update(
        resolved_at=now, resolved_on=timezone.localdate(now), resolution=OverdueFlag.Resolution.CASE_CLOSED
    )


def _close_absence_decision_flags(case: Case) -> None:
    """Absences still waiting for an enforcement decision need none once the case has ended: their open flags close
    with the closure (a recall's own decision has usually closed them as decided already)."""
    AbsenceDecisionFlag.objects.open().filter(case=case).update(
        resolved_at=timezone.now(), resolution=AbsenceDecisionFlag.Resolution.CASE_CLOSED
    )


@transaction.atomic
def close_case(
    case: Case, *, closure_reason: str, closed_on: date, reason: str, by, expected_version: int | None = None
) -> CaseChange:
    """Close the case: the sentence ended, the person died, or the case was transferred out of the service."""
    case = lock_for_change(case, expected_version=expected_version, may=permissions.may_close_case, by=by)
    broken = []
    if closure_reason not in CLOSING_REASONS:
        broken.append(RuleBroken(CLOSURE_REASON_REQUIRED, field="closure_reason"))
    if closed_on > timezone.localdate():
        broken.append(RuleBroken(CLOSED_IN_THE_FUTURE, field="closed_on"))
    if not reason.strip():
        broken.append(RuleBroken(REASON_REQUIRED, field="reason"))
    raise_if_broken(broken)
    return _end_case(
        case,
        status=Case.Status.CLOSED,
        closure_reason=closure_reason,
        ended_on=closed_on,
        reason=reason,
        by=by,
        kind=CaseChange.Kind.CLOSED,
    )


@transaction.atomic
def record_recall(case: Case, *, recalled_on: date, reason: str, by) -> CaseChange:
    """The person was recalled to custody: for the enforcement service's recall decision, which checks who may
    recall. The case ends as a closure does (requirements ended, overdue flags closed), with status recalled. A
    second call for a case already recalled changes nothing."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status == Case.Status.RECALLED:
        return locked.changes.filter(kind=CaseChange.Kind.RECALLED).order_by("-changed_at", "-pk").first()
    case = lock_for_change(locked, expected_version=None, may=lambda user, case: True, by=by)
    broken = [] if recalled_on <= timezone.localdate() else [RuleBroken(RECALLED_IN_THE_FUTURE, field="recalled_on")]
    if not reason.strip():
        broken.append(RuleBroken(REASON_REQUIRED, field="reason"))
    raise_if_broken(broken)
    return _end_case(
        case,
        status=Case.Status.RECALLED,
        closure_reason=Case.ClosureReason.RECALLED,
        ended_on=recalled_on,
        reason=reason,
        by=by,
        kind=CaseChange.Kind.RECALLED,
    )


@transaction.atomic
def reopen_case(case: Case, *, reason: str, by, expected_version: int | None = None) -> CaseChange:
    """Reopen a closed or recalled case (closed by mistake, say): active again from today, its closure kept in the
    history. Contact requirements ended by the closure stay ended; the manager sets new ones if the case needs them.
    """
    if not permissions.may_reopen_case(by, case):
        raise RuleBroken(NOT_ALLOWED)
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_version(case, expected_version)
    if case.status == Case.Status.ACTIVE:
        raise RuleBroken(NOT_CLOSED)
    if not reason.strip():
        raise RuleBroken(REASON_REQUIRED, field="reason")
    before = {"status": case.status, "closure_reason": case.closure_reason, "closed_on": case.closed_on}
    case.status, case.closure_reason, case.closed_on = Case.Status.ACTIVE, "", None
    after = {"status": case.status, "closure_reason": "", "closed_on": None}
    return save_change(
        case,
        kind=CaseChange.Kind.REOPENED,
        changes=differences(before, after),
        effective_on=timezone.localdate(),
        reason=reason.strip(),
        by=by,
    )
