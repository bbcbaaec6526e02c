"""Enforcement decisions: what the officer decides to do about non-compliance, on what evidence, and why.

A decision is one row with its evidence (allegations, failed or missed appointments and unacceptable absences,
police intelligence) written in one transaction with what follows from it: a warning's period in force, a recall
recommendation waiting for the line manager's endorsement, and the closing of the absence flags the decision
answers. The case row is locked first, so two officers deciding at once are taken one after the other and the
second sees the first's warning or recall. A broken rule raises `RuleBroken` before anything is written.

The recall workflow after the recommendation (endorse, countersign, confirm) is `supervision.services.recalls`.
"""

import logging
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from caseworks.errors import RuleBroken, raise_if_broken
from supervision.models import (
    AbsenceDecisionFlag,
    Case,
    Contact,
    EnforcementDecision,
    EnforcementPolicy,
    Recall,
    RecallEvent,
)
from supervision.services import recalls

logger = logging.getLogger(__name__)

Kind = EnforcementDecision.Kind
SupervisionType = Case.SupervisionType
Outcome = Contact.Outcome

# The outcomes a decision can answer: the person failed to attend or failed to comply when they came.
FAILURE_OUTCOMES = (
    Outcome.FAILED_TO_ATTEND,
    Outcome.UNACCEPTABLE_ABSENCE,
    Outcome.ATTENDED_FAILED_TO_COMPLY,
    Outcome.ATTENDED_SENT_HOME,
)
KINDS_FOR_SUPERVISION = {
    SupervisionType.LICENCE: EnforcementDecision.LICENCE_KINDS,
    SupervisionType.PSS: EnforcementDecision.LICENCE_KINDS,
    SupervisionType.COMMUNITY_ORDER: EnforcementDecision.ORDER_KINDS,
    SupervisionType.SSO: EnforcementDecision.ORDER_KINDS,
}
# Every decision but "no further action" acts on a failure, so it must point at the failure it acts on.
NEEDS_EVIDENCE = (*EnforcementDecision.WARNING_KINDS, Kind.BREACH, *EnforcementDecision.RECALL_KINDS)

KIND_REQUIRED = "Select the decision"
KIND_NOT_ALLOWED = "{kind} is not a decision for a {supervision}: choose one of {allowed}"
RATIONALE_REQUIRED = "Enter why you made this decision"
ALTERNATIVES_REQUIRED = "Enter the alternatives to recall you considered, and why they were not enough"
DECIDED_IN_THE_FUTURE = "The date of the decision must be today or in the past"
DECIDED_BEFORE_SUPERVISION = "The date of the decision must be on or after the start of supervision ({day})"
CASE_NOT_ACTIVE = "This case is no longer active: no enforcement decision can be recorded on it"
EVIDENCE_REQUIRED = (
    "Select the evidence for the {kind}: an allegation, a failed appointment or unacceptable absence, or police "
    "intelligence"
)
ALLEGATION_NOT_ON_CASE = "Choose allegations on this case"
CONTACT_NOT_ON_CASE = "Choose appointments on this case"
INTELLIGENCE_NOT_ON_CASE = "Choose police intelligence on this case"
CONTACT_NOT_A_FAILURE = (
    "The {contact} on {day} was not a failure to attend, an unacceptable absence or a failure to comply: "
    "choose only failed or missed appointments"
)
ORDER_WARNING_IN_FORCE = (
    "A warning given on {day} is still in force: a further unacceptable failure on a community or suspended "
    "sentence order within its period goes to breach proceedings, not another warning"
)
FINAL_WARNING_IN_FORCE = (
    "A final warning given on {day} is still in force: the next step is recall, or no further action with your reasons"
)
RECALL_IN_PROGRESS = (
    "A recall is already in progress on this case: it must be withdrawn, or refused, before another is recommended"
)


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def kinds_for(case) -> tuple:
    """The decisions the case's kind of supervision allows: recall for licences and post-sentence supervision,
    breach proceedings for community and suspended sentence orders."""
    return KINDS_FOR_SUPERVISION[case.supervision_type]


def _check_decision(case, *, kind, decided_on, rationale, alternatives_considered, allegations, contacts, intel):
    broken = []
    allowed = kinds_for(case)
    if kind not in Kind.values:
        broken.append(RuleBroken(KIND_REQUIRED, field="kind"))
    elif kind not in allowed:
        names = ", ".join(Kind(value).label.lower() for value in allowed)
        message = KIND_NOT_ALLOWED.format(
            kind=Kind(kind).label, supervision=case.get_supervision_type_display().lower(), allowed=names
        )
        broken.append(RuleBroken(message, field="kind"))
    if decided_on > timezone.localdate():
        broken.append(RuleBroken(DECIDED_IN_THE_FUTURE, field="decided_on"))
    elif decided_on < case.started_on:
        broken.append(RuleBroken(DECIDED_BEFORE_SUPERVISION.format(day=_day(case.started_on)), field="decided_on"))
    if not rationale.strip():
        broken.append(RuleBroken(RATIONALE_REQUIRED, field="rationale"))
    if kind in EnforcementDecision.RECALL_KINDS and not alternatives_considered.strip():
        broken.append(RuleBroken(ALTERNATIVES_REQUIRED, field="alternatives_considered"))
    broken += _check_evidence(case, kind=kind, allegations=allegations, contacts=contacts, intel=intel)
    return broken


def _check_evidence(case, *, kind, allegations, contacts, intel):
    broken = []
    if any(item.case_id != case.pk for item in allegations):
        broken.append(RuleBroken(ALLEGATION_NOT_ON_CASE, field="allegations"))
    if any(item.case_id != case.pk for item in contacts):
        broken.append(RuleBroken(CONTACT_NOT_ON_CASE, field="contacts"))
    if any(item.case_id != case.pk for item in intel):
        broken.append(RuleBroken(INTELLIGENCE_NOT_ON_CASE, field="police_intelligence"))
    for contact in contacts:
        if contact.case_id == case.pk and contact.outcome not in FAILURE_OUTCOMES:
            when = timezone.localdate(contact.starts_at)
            message = CONTACT_NOT_A_FAILURE.format(contact=contact.contact_type.name.lower(), day=_day(when))
            broken.append(RuleBroken(message, field="contacts"))
    if kind in NEEDS_EVIDENCE and not (allegations or contacts or intel):
        broken.append(RuleBroken(EVIDENCE_REQUIRED.format(kind=Kind(kind).label.lower()), field="evidence"))
    return broken


def _check_warnings_in_force(case, *, kind, decided_on):
    """The escalation rules that depend on the warnings already given (see `record_enforcement_decision`)."""
    if kind not in EnforcementDecision.WARNING_KINDS:
        return
    in_force = case.enforcement_decisions.warnings_in_force(on=decided_on).order_by("-decided_on", "-pk")
    if case.supervision_type in (SupervisionType.COMMUNITY_ORDER, SupervisionType.SSO):
        earlier = in_force.first()
        if earlier is not None:
            raise RuleBroken(ORDER_WARNING_IN_FORCE.format(day=_day(earlier.decided_on)), field="kind")
    elif kind == Kind.FINAL_WARNING:
        earlier = in_force.filter(kind=Kind.FINAL_WARNING).first()
        if earlier is not None:
            raise RuleBroken(FINAL_WARNING_IN_FORCE.format(day=_day(earlier.decided_on)), field="kind")


@transaction.atomic
def record_enforcement_decision(
    case,
    *,
    kind: str,
    decided_on: date,
    rationale: str,
    alternatives_considered: str = "",
    allegations=(),
    contacts=(),
    police_intelligence=(),
    by,
    now: datetime | None = None,
) -> EnforcementDecision:
    """Record the officer's decision on non-compliance, with its evidence and rationale.

    - The decisions open to the case depend on its supervision: a licence or post-sentence supervision can end in
      recall, a community or suspended sentence order in breach proceedings.
    - Anything but "no further action" points at the failure it acts on; all evidence must be the case's own, and
      an appointment counts only if the person failed to attend or to comply.
    - A recall says which alternatives were considered; it is a recommendation that starts the recall workflow
      (awaiting the line manager's endorsement, by the policy's deadline), and only one can be in progress.
    - A final warning does not need a warning in force first: serious non-compliance (in the seed case, being
      stopped driving while disqualified) can go straight to a final warning, and the Enforcement tab shows every
      warning in force so the escalation is visible to the manager. What is refused is a second final warning
      while one is in force: it would stop being final, and the next step is recall (or no further action, with
      reasons). On a community or suspended sentence order, the Criminal Justice Act 2003 allows one warning in
      twelve months: a further failure while a warning is in force goes to breach, not another warning.
    - An unacceptable absence linked as evidence has had its decision: its open flag closes with it.
    """
    now = now or timezone.now()
    allegations, contacts, police_intelligence = list(allegations), list(contacts), list(police_intelligence)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.ACTIVE:
        raise RuleBroken(CASE_NOT_ACTIVE)
    raise_if_broken(
        _check_decision(
            case,
            kind=kind,
            decided_on=decided_on,
            rationale=rationale,
            alternatives_considered=alternatives_considered,
            allegations=allegations,
            contacts=contacts,
            intel=police_intelligence,
        )
    )
    _check_warnings_in_force(case, kind=kind, decided_on=decided_on)
    is_recall = kind in EnforcementDecision.RECALL_KINDS
    if is_recall and case.recalls.in_progress().exists():
        raise RuleBroken(RECALL_IN_PROGRESS, field="kind")
    policy = EnforcementPolicy.current()
    decision = EnforcementDecision(
        case=case,
        kind=kind,
        decided_on=decided_on,
        rationale=rationale.strip(),
        alternatives_considered=alternatives_considered.strip() if is_recall else "",
        in_force_until=(
            decided_on + timedelta(days=policy.warning_in_force_days)
            if kind in EnforcementDecision.WARNING_KINDS
            else None
        ),
        decided_by=by,
    )
    decision._history_user = by
    decision.save()
    decision.allegations.set(allegations)
    decision.contacts.set(contacts)
    decision.police_intelligence.set(police_intelligence)
    if is_recall:
        _recommend_recall(case, decision, policy=policy, by=by, now=now)
    AbsenceDecisionFlag.objects.open().filter(contact__in=[contact.pk for contact in contacts]).update(
        resolved_at=now, resolution=AbsenceDecisionFlag.Resolution.DECIDED, decision=decision
    )
    return decision


def _recommend_recall(case, decision, *, policy, by, now) -> Recall:
    """The recall row and its first history row, and the line manager told. The unique
    constraint on recalls in progress is the backstop for a race the case lock did not see."""
    recall_kind = Recall.KIND_FOR_DECISION[decision.kind]
    try:
        with transaction.atomic():
            recall = Recall(
                case=case,
                decision=decision,
                kind=recall_kind,
                recommended_by=by,
                recommended_at=now,
                endorse_by=now + policy.endorse_within(recall_kind),
            )
            recall._history_user = by
            recall.save()
    except IntegrityError as error:
        if "one_recall_in_progress_per_case" in str(error):
            raise RuleBroken(RECALL_IN_PROGRESS, field="kind") from error
        raise
    RecallEvent.objects.create(
        recall=recall,
        action=RecallEvent.Action.RECOMMENDED,
        from_status="",
        to_status=Recall.Status.RECOMMENDED,
        actor=by,
        reason=decision.rationale,
        happened_at=now,
    )
    # The line manager (or their cover) is told in this transaction; the e-mail leaves through the outbox after commit.
    recalls.tell_endorsement_needed(recall)
    return recall


def decision_url(decision) -> str:
    return reverse("supervision:enforcement-detail", kwargs={"crn": decision.case.crn, "pk": decision.pk})
