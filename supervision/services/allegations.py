"""Allegations of breach: recording one, investigating it (accounts and verification steps), the finding and its
revisits, withdrawal, and police intelligence.

Every state change is one function here that locks the allegation, looks its step up in the action table
(`supervision.models.allegations.ALLEGATION_TRANSITIONS`), and writes its history row and the new state in the
same transaction. A broken rule raises `RuleBroken` with the message the officer reads, before anything is
written.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from caseworks.errors import InvalidTransition, RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision.models import (
    Allegation,
    AllegationAccount,
    AllegationEvent,
    AllegationFinding,
    PoliceIntelligence,
    VerificationStep,
)
from supervision.models.allegations import ALLEGATION_TRANSITIONS
from supervision.working_days import add_working_days

Action = AllegationEvent.Action
Status = Allegation.Status

RECEIVED_IN_THE_FUTURE = "The date it was received must be today or in the past"
ALLEGED_AFTER_RECEIVED = "The date of the alleged event must be the same as or before the date it was received"
CONDITIONS_REQUIRED = "Select the licence conditions allegedly broken"
CONDITION_NOT_IN_FORCE = "{name} was not in force on {day:%-d %B %Y}, the date of the alleged event"
DESCRIPTION_REQUIRED = "Enter what is alleged"
DUE_BEFORE_RECEIVED = "The first response due date must be the same as or after the date it was received"
ACCOUNT_REQUIRED = "Enter what they say"
GIVEN_IN_THE_FUTURE = "The date of the account must be today or in the past"
RESULT_REQUIRED = "Enter what the check found"
CHECKED_IN_THE_FUTURE = "The date of the check must be today or in the past"
CONTACT_NOT_ON_CASE = "Choose contacts on this case"
RATIONALE_REQUIRED = "Enter the rationale for the finding"
DECIDED_IN_THE_FUTURE = "The date of the decision must be today or in the past"
REVISIT_REASON_REQUIRED = "Enter why the finding is being revisited"
WITHDRAWAL_REASON_REQUIRED = "Enter why the allegation is being withdrawn"
WITHDRAWN_ALREADY = "This allegation has been withdrawn: nothing more can be recorded on it"
FINDING_NEEDS_INVESTIGATION = "Record an account or a verification step before making a finding"
FINDING_ALREADY_MADE = "A finding has already been recorded on this allegation: revisit it instead"
NO_FINDING_TO_REVISIT = "There is no finding to revisit yet"
FINDING_MADE_CANNOT_WITHDRAW = "A finding has been made: revisit the finding instead of withdrawing the allegation"
SOURCE_REQUIRED = "Enter who the intelligence came from"
INTELLIGENCE_REQUIRED = "Enter what was reported"
INTELLIGENCE_IN_THE_FUTURE = "The date it was received must be today or in the past"
ALLEGATION_NOT_ON_CASE = "Choose an allegation on this case"

# Why an action cannot be taken from a state, in the officer's words (the table says whether it can).
_REFUSALS = {
    (Action.FINDING_RECORDED, Status.RECEIVED): FINDING_NEEDS_INVESTIGATION,
    (Action.FINDING_RECORDED, Status.FINDING_MADE): FINDING_ALREADY_MADE,
    (Action.FINDING_RECORDED, Status.WITHDRAWN): WITHDRAWN_ALREADY,
    (Action.FINDING_REVISITED, Status.RECEIVED): NO_FINDING_TO_REVISIT,
    (Action.FINDING_REVISITED, Status.INVESTIGATING): NO_FINDING_TO_REVISIT,
    (Action.FINDING_REVISITED, Status.WITHDRAWN): WITHDRAWN_ALREADY,
    (Action.WITHDRAWN, Status.FINDING_MADE): FINDING_MADE_CANNOT_WITHDRAW,
    (Action.WITHDRAWN, Status.WITHDRAWN): WITHDRAWN_ALREADY,
}


def first_response_due(received_on: date, urgency: str) -> date:
    """The local policy's default: a number of working days after receipt, by urgency (settings)."""
    return add_working_days(received_on, settings.ALLEGATION_FIRST_RESPONSE_WORKING_DAYS[urgency])


def _today() -> date:
    return timezone.localdate()


def _lock(allegation, expected_version: int | None = None) -> Allegation:
    """The allegation, locked for this change, and refused (`StaleEdit`) if a form was drawn from an older
    version: the finding someone is about to record may already have been made or withdrawn by someone else."""
    locked = Allegation.objects.select_for_update().select_related("case").get(pk=allegation.pk)
    check_version(locked, expected_version)
    return locked


def _check_step(allegation, action):
    step = ALLEGATION_TRANSITIONS[action]
    if allegation.status not in step.from_states:
        message = _REFUSALS.get((action, allegation.status))
        if message:
            raise RuleBroken(message)
        raise InvalidTransition(allegation.status, action)
    return step


def _record_event(allegation, action, *, by, from_status, reason="", at=None) -> AllegationEvent:
    return AllegationEvent.objects.create(
        allegation=allegation,
        action=action,
        from_status=from_status,
        to_status=allegation.status,
        actor=by,
        reason=reason,
        happened_at=at or timezone.now(),
    )


def _move(allegation, action, *, by, reason="", fields=(), at=None) -> AllegationEvent:
    """Take the action's step on a locked allegation: its history row and its new state, together."""
    step = _check_step(allegation, action)
    from_status = allegation.status
    allegation.status = step.to
    allegation._history_user = by
    allegation.save(update_fields=["status", "updated_at", "version", *fields])
    return _record_event(allegation, action, by=by, from_status=from_status, reason=reason, at=at)


@transaction.atomic
def record_allegation(
    case,
    *,
    by,
    received_on: date,
    reported_by: str,
    channel: str,
    conditions,
    description: str,
    alleged_on: date,
    urgency: str,
    reporter_name: str = "",
    location: str = "",
    first_response_due_on: date | None = None,
    at=None,
) -> Allegation:
    """Record an allegation of breach. The conditions allegedly broken must be the case's, in force on the date
    of the alleged event; the first response is due by the date given, or by the local policy's default for
    its urgency."""
    conditions = list(conditions)
    broken = []
    if received_on > _today():
        broken.append(RuleBroken(RECEIVED_IN_THE_FUTURE, field="received_on"))
    if alleged_on > received_on:
        broken.append(RuleBroken(ALLEGED_AFTER_RECEIVED, field="alleged_on"))
    if not description.strip():
        broken.append(RuleBroken(DESCRIPTION_REQUIRED, field="description"))
    if not conditions:
        broken.append(RuleBroken(CONDITIONS_REQUIRED, field="conditions"))
    in_force = set(case.licence_conditions.in_force(on=alleged_on).values_list("pk", flat=True))
    for condition in conditions:
        if condition.pk not in in_force:
            message = CONDITION_NOT_IN_FORCE.format(name=condition.condition_type.name, day=alleged_on)
            broken.append(RuleBroken(message, field="conditions"))
    due = first_response_due_on or first_response_due(received_on, urgency)
    if due < received_on:
        broken.append(RuleBroken(DUE_BEFORE_RECEIVED, field="first_response_due_on"))
    raise_if_broken(broken)
    allegation = Allegation(
        case=case,
        received_on=received_on,
        reported_by=reported_by,
        reporter_name=reporter_name.strip(),
        channel=channel,
        description=description.strip(),
        alleged_on=alleged_on,
        location=location.strip(),
        urgency=urgency,
        first_response_due_on=due,
        created_by=by,
    )
    allegation._history_user = by
    allegation.save()
    allegation.conditions.set(conditions)
    _record_event(allegation, Action.RECEIVED, by=by, from_status="", at=at)
    return allegation


def _start_investigation_if_received(allegation, *, by, at=None) -> None:
    """The first account or check is the first response: the allegation is now under investigation."""
    if allegation.status == Status.WITHDRAWN:
        raise RuleBroken(WITHDRAWN_ALREADY)
    if allegation.status == Status.RECEIVED:
        _move(allegation, Action.INVESTIGATION_STARTED, by=by, at=at)


@transaction.atomic
def add_account(
    allegation,
    *,
    by,
    given_by: str,
    given_on: date,
    account: str,
    giver_name: str = "",
    how_checked: str = "",
    at=None,
) -> AllegationAccount:
    """Add what one person says happened. Accounts may still arrive after a finding (they may prompt a
    revisit), but not on a withdrawn allegation."""
    allegation = _lock(allegation)
    broken = []
    if not account.strip():
        broken.append(RuleBroken(ACCOUNT_REQUIRED, field="account"))
    if given_on > _today():
        broken.append(RuleBroken(GIVEN_IN_THE_FUTURE, field="given_on"))
    raise_if_broken(broken)
    _start_investigation_if_received(allegation, by=by, at=at)
    record = AllegationAccount(
        allegation=allegation,
        given_by=given_by,
        giver_name=giver_name.strip(),
        given_on=given_on,
        account=account.strip(),
        how_checked=how_checked.strip(),
        recorded_by=by,
    )
    record._history_user = by
    record.save()
    return record


@transaction.atomic
def add_verification_step(
    allegation, *, by, kind: str, carried_out_on: date, result: str, contacts=(), at=None
) -> VerificationStep:
    """Record a check on the allegation and the case's contacts that did the checking."""
    allegation = _lock(allegation)
    contacts = list(contacts)
    broken = []
    if not result.strip():
        broken.append(RuleBroken(RESULT_REQUIRED, field="result"))
    if carried_out_on > _today():
        broken.append(RuleBroken(CHECKED_IN_THE_FUTURE, field="carried_out_on"))
    if any(contact.case_id != allegation.case_id for contact in contacts):
        broken.append(RuleBroken(CONTACT_NOT_ON_CASE, field="contacts"))
    raise_if_broken(broken)
    _start_investigation_if_received(allegation, by=by, at=at)
    step = VerificationStep(
        allegation=allegation, kind=kind, carried_out_on=carried_out_on, result=result.strip(), recorded_by=by
    )
    step._history_user = by
    step.save()
    step.contacts.set(contacts)
    return step


def _check_decision(outcome, rationale, decided_on, *, reason=None) -> None:
    broken = []
    if outcome not in AllegationFinding.Outcome.values:
        broken.append(RuleBroken("Select the finding", field="outcome"))
    if not rationale.strip():
        broken.append(RuleBroken(RATIONALE_REQUIRED, field="rationale"))
    if decided_on > _today():
        broken.append(RuleBroken(DECIDED_IN_THE_FUTURE, field="decided_on"))
    if reason is not None and not reason.strip():
        broken.append(RuleBroken(REVISIT_REASON_REQUIRED, field="reason"))
    raise_if_broken(broken)


@transaction.atomic
def record_finding(
    allegation,
    *,
    by,
    outcome: str,
    rationale: str,
    decided_on: date | None = None,
    expected_version: int | None = None,
    at=None,
) -> AllegationFinding:
    """Record the finding: substantiated, not substantiated, or unable to determine (conflicting accounts), with
    the rationale, who decided and when. Only an allegation under investigation can have a first finding."""
    allegation = _lock(allegation, expected_version)
    decided_on = decided_on or _today()
    _check_decision(outcome, rationale, decided_on)
    _check_step(allegation, Action.FINDING_RECORDED)
    finding = AllegationFinding.objects.create(
        allegation=allegation, outcome=outcome, rationale=rationale.strip(), decided_on=decided_on, decided_by=by
    )
    allegation.finding = outcome
    _move(allegation, Action.FINDING_RECORDED, by=by, reason=rationale.strip(), fields=["finding"], at=at)
    return finding


@transaction.atomic
def revisit_finding(
    allegation,
    *,
    by,
    outcome: str,
    rationale: str,
    reason: str,
    decided_on: date | None = None,
    expected_version: int | None = None,
    at=None,
) -> AllegationFinding:
    """Revisit the current finding with a reason (new evidence, a manager's oversight). The earlier finding
    stays, replaced by the new one; the allegation's finding is the latest."""
    allegation = _lock(allegation, expected_version)
    decided_on = decided_on or _today()
    _check_decision(outcome, rationale, decided_on, reason=reason)
    _check_step(allegation, Action.FINDING_REVISITED)
    current = allegation.findings.filter(replaced_by__isnull=True).get()
    finding = AllegationFinding.objects.create(
        allegation=allegation,
        outcome=outcome,
        rationale=rationale.strip(),
        decided_on=decided_on,
        decided_by=by,
        replaces=current,
        revisit_reason=reason.strip(),
    )
    allegation.finding = outcome
    _move(allegation, Action.FINDING_REVISITED, by=by, reason=reason.strip(), fields=["finding"], at=at)
    return finding


@transaction.atomic
def withdraw_allegation(allegation, *, by, reason: str, expected_version: int | None = None, at=None) -> Allegation:
    """Withdraw an allegation that will not be investigated further (reported in error, retracted), with the
    reason. Withdrawing twice changes nothing."""
    allegation = _lock(allegation, expected_version)
    if allegation.status == Status.WITHDRAWN:
        return allegation
    if not reason.strip():
        raise RuleBroken(WITHDRAWAL_REASON_REQUIRED, field="reason")
    _move(allegation, Action.WITHDRAWN, by=by, reason=reason.strip(), at=at)
    return allegation


@transaction.atomic
def record_police_intelligence(
    case,
    *,
    by,
    received_on: date,
    source: str,
    description: str,
    relevance: str,
    assessment: str = "",
    allegation: Allegation | None = None,
) -> PoliceIntelligence:
    """Record police intelligence on the case, with its assessed relevance to risk and, if it bears on one, the
    allegation it relates to."""
    broken = []
    if not source.strip():
        broken.append(RuleBroken(SOURCE_REQUIRED, field="source"))
    if not description.strip():
        broken.append(RuleBroken(INTELLIGENCE_REQUIRED, field="description"))
    if received_on > _today():
        broken.append(RuleBroken(INTELLIGENCE_IN_THE_FUTURE, field="received_on"))
    if allegation is not None and allegation.case_id != case.pk:
        broken.append(RuleBroken(ALLEGATION_NOT_ON_CASE, field="allegation"))
    raise_if_broken(broken)
    record = PoliceIntelligence(
        case=case,
        received_on=received_on,
        source=source.strip(),
        description=description.strip(),
        relevance=relevance,
        assessment=assessment.strip(),
        allegation=allegation,
        recorded_by=by,
    )
    record._history_user = by
    record.save()
    return record
