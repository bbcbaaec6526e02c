"""Recall after the officer's recommendation: endorsement, countersignature, confirmation, refusal, withdrawal.

A recall recommendation (made with its enforcement decision by `supervision.services.enforcement`) needs two
more people before the person can be returned to custody: the line manager of the officer endorses it and the
region's Head of Public Protection countersigns it. Nobody endorses or countersigns their own recommendation,
and the countersignature is a third person's. Only a countersigned recall is "requested"; recording that it was
confirmed (the person is back in custody) ends the case as recalled in the same transaction.

Every step is one function here that locks the recall, asks `supervision.permissions` whether this user may take
it, looks the step up in `RECALL_TRANSITIONS` (keyed by action) and writes its `RecallEvent` and the new state
together. A repeat of a step already taken (a double submit, two managers at once) returns the recall and
records nothing more; a step the recall's state does not allow raises `RuleBroken` with the reason, before
anything is written. The CHECK and unique constraints on `Recall` and `RecallEvent` are the backstop.

Who is told: the line manager when an endorsement is needed (`tell_endorsement_needed`, for the service that
records the recommendation), the Head of Public Protection when a countersignature is needed, the officer of
each outcome. Notifications and their e-mails are written in the same transaction (the outbox sends the mail
after commit), and an emergency recall's notification says so, with its deadline.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caseworks.errors import InvalidTransition, RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision import permissions
from supervision.models import EnforcementPolicy, Recall, RecallEvent, UnroutedItem
from supervision.models.recalls import RECALL_TRANSITIONS
from supervision.services.closure import record_recall
from supervision.services.notifications import notify
from supervision.services.routing import Candidate, _heads_of_public_protection, route_among

Action = RecallEvent.Action
Status = Recall.Status

OWN_RECOMMENDATION = "You recommended this recall: another person must endorse or countersign it"
OWN_ENDORSEMENT = "You endorsed this recall: the Head of Public Protection, a third person, must countersign it"
NOT_LINE_MANAGER = "Only the line manager of the officer who holds the case can endorse or refuse this recall"
NOT_HEAD = "Only the Head of Public Protection for the case's region can countersign or refuse this recall"
NOT_WITHDRAWER = "Only the officer who recommended this recall, or their line manager, can withdraw it"
NOT_CONFIRMER = "Only the officer who holds the case, their line manager or the Head of Public Protection can confirm"
REFUSAL_REASON_REQUIRED = "Enter why you are not endorsing the recall"
COUNTERSIGN_REFUSAL_REASON_REQUIRED = "Enter why you are not countersigning the recall"
WITHDRAWAL_REASON_REQUIRED = "Enter why the recall is being withdrawn"
CONFIRMED_IN_THE_FUTURE = "The date the recall was confirmed must be today or in the past"
CONFIRMED_BEFORE_REQUESTED = "The date the recall was confirmed must be on or after the day it was countersigned"
NOT_YET_ENDORSED = "The line manager must endorse the recall before it can be countersigned"
NOT_YET_COUNTERSIGNED = "The Head of Public Protection must countersign the recall before it can be confirmed"
ALREADY_ENDORSED = "This recall has already been endorsed: it now waits for the countersignature"
ALREADY_REQUESTED = "This recall has been countersigned and requested: it can no longer be withdrawn or refused"
CLOSED_ALREADY = "This recall is {status}: nothing more can be done on it"

# Why an action cannot be taken from a state, in the user's words (the table says whether it can).
_REFUSALS = {
    (Action.COUNTERSIGNED, Status.RECOMMENDED): NOT_YET_ENDORSED,
    (Action.COUNTERSIGNATURE_REFUSED, Status.RECOMMENDED): NOT_YET_ENDORSED,
    (Action.CONFIRMED, Status.RECOMMENDED): NOT_YET_COUNTERSIGNED,
    (Action.CONFIRMED, Status.ENDORSED): NOT_YET_COUNTERSIGNED,
    (Action.ENDORSED, Status.ENDORSED): ALREADY_ENDORSED,
    (Action.ENDORSEMENT_REFUSED, Status.ENDORSED): ALREADY_ENDORSED,
    (Action.ENDORSED, Status.REQUESTED): ALREADY_REQUESTED,
    (Action.ENDORSEMENT_REFUSED, Status.REQUESTED): ALREADY_REQUESTED,
    (Action.WITHDRAWN, Status.REQUESTED): ALREADY_REQUESTED,
    (Action.COUNTERSIGNATURE_REFUSED, Status.REQUESTED): ALREADY_REQUESTED,
}
_CLOSED = (Status.CONFIRMED, Status.NOT_ENDORSED, Status.NOT_COUNTERSIGNED, Status.WITHDRAWN)


def _lock(recall) -> Recall:
    return (
        Recall.objects.select_for_update(of=("self",))
        .select_related("case__team__pdu", "case__responsible_officer", "recommended_by")
        .get(pk=recall.pk)
    )


def _refuse_unless(allowed: bool, recall, by, message: str) -> None:
    if allowed:
        return
    # Withdrawing is the recommender's own to do: their refusal there is not about signing their own.
    if by.pk == recall.recommended_by_id and message != NOT_WITHDRAWER:
        raise RuleBroken(OWN_RECOMMENDATION)
    if by.pk == recall.endorsed_by_id:
        raise RuleBroken(OWN_ENDORSEMENT)
    raise RuleBroken(message)


def _is_repeat(recall, action) -> bool:
    """The step has already been taken (a double submit, or a second manager at the same moment): nothing to do."""
    return recall.status == RECALL_TRANSITIONS[action].to


def _check_step(recall, action):
    step = RECALL_TRANSITIONS[action]
    if recall.status not in step.from_states:
        message = _REFUSALS.get((action, recall.status))
        if message is None and recall.status in _CLOSED:
            message = CLOSED_ALREADY.format(status=recall.get_status_display().lower())
        if message:
            raise RuleBroken(message)
        raise InvalidTransition(recall.status, action)
    return step


def _move(recall, action, *, by, at, reason="", fields=()) -> RecallEvent:
    """Take the action's step on a locked recall: its event row and its new state, together."""
    step = _check_step(recall, action)
    from_status = recall.status
    recall.status = step.to
    recall._history_user = by
    recall.save(update_fields=["status", "updated_at", "version", *fields])
    return RecallEvent.objects.create(
        recall=recall,
        action=action,
        from_status=from_status,
        to_status=recall.status,
        actor=by,
        reason=reason,
        happened_at=at,
    )


def _start(recall, action, *, by, may, message, expected_version):
    """Lock, check who may, and say whether the step was already taken. Returns (locked recall, is repeat)."""
    recall = _lock(recall)
    _refuse_unless(may(by, recall), recall, by, message)
    if _is_repeat(recall, action):
        return recall, True
    check_version(recall, expected_version)
    _check_step(recall, action)
    return recall, False


def _reason_or_refuse(reason: str, message: str) -> str:
    if not reason.strip():
        raise RuleBroken(message, field="reason")
    return reason.strip()


@transaction.atomic
def endorse_recall(recall, *, by, note: str = "", now=None, expected_version: int | None = None) -> Recall:
    """The line manager endorses the recommendation. The Head of Public Protection must then countersign it
    within the policy's time for its kind (an emergency recall's is shorter)."""
    recall, repeat = _start(
        recall,
        Action.ENDORSED,
        by=by,
        may=permissions.may_endorse_recall,
        message=NOT_LINE_MANAGER,
        expected_version=expected_version,
    )
    if repeat:
        return recall
    now = now or timezone.now()  # read once the row is locked, so steps are dated in the order they were taken
    recall.endorsed_by, recall.endorsed_at = by, now
    recall.countersign_by = now + EnforcementPolicy.current().countersign_within(recall.kind)
    fields = ["endorsed_by", "endorsed_at", "countersign_by"]
    _move(recall, Action.ENDORSED, by=by, at=now, reason=note.strip(), fields=fields)
    _tell_countersignature_needed(recall)
    return recall


@transaction.atomic
def refuse_endorsement(recall, *, by, reason: str, now=None, expected_version: int | None = None) -> Recall:
    """The line manager does not endorse the recommendation, and says why. The recall ends; the officer is told."""
    recall, repeat = _start(
        recall,
        Action.ENDORSEMENT_REFUSED,
        by=by,
        may=permissions.may_endorse_recall,
        message=NOT_LINE_MANAGER,
        expected_version=expected_version,
    )
    if repeat:
        return recall
    now = now or timezone.now()  # read once the row is locked, so steps are dated in the order they were taken
    reason = _reason_or_refuse(reason, REFUSAL_REASON_REQUIRED)
    _move(recall, Action.ENDORSEMENT_REFUSED, by=by, at=now, reason=reason)
    _tell_outcome(recall, by=by, subject="Recall not endorsed")
    return recall


@transaction.atomic
def countersign_recall(recall, *, by, now=None, expected_version: int | None = None) -> Recall:
    """The Head of Public Protection countersigns the endorsed recall: it is now requested."""
    recall, repeat = _start(
        recall,
        Action.COUNTERSIGNED,
        by=by,
        may=permissions.may_countersign_recall,
        message=NOT_HEAD,
        expected_version=expected_version,
    )
    if repeat:
        return recall
    now = now or timezone.now()  # read once the row is locked, so steps are dated in the order they were taken
    recall.countersigned_by, recall.countersigned_at = by, now
    _move(recall, Action.COUNTERSIGNED, by=by, at=now, fields=["countersigned_by", "countersigned_at"])
    _tell_outcome(recall, by=by, subject="Recall countersigned and requested")
    return recall


@transaction.atomic
def refuse_countersignature(recall, *, by, reason: str, now=None, expected_version: int | None = None) -> Recall:
    """The Head of Public Protection does not countersign the recall, and says why. The recall ends."""
    recall, repeat = _start(
        recall,
        Action.COUNTERSIGNATURE_REFUSED,
        by=by,
        may=permissions.may_countersign_recall,
        message=NOT_HEAD,
        expected_version=expected_version,
    )
    if repeat:
        return recall
    now = now or timezone.now()  # read once the row is locked, so steps are dated in the order they were taken
    reason = _reason_or_refuse(reason, COUNTERSIGN_REFUSAL_REASON_REQUIRED)
    _move(recall, Action.COUNTERSIGNATURE_REFUSED, by=by, at=now, reason=reason)
    _tell_outcome(recall, by=by, subject="Recall not countersigned")
    return recall


@transaction.atomic
def withdraw_recall(recall, *, by, reason: str, now=None, expected_version: int | None = None) -> Recall:
    """The recommender (or their manager) withdraws the recommendation before it is countersigned, with why."""
    recall, repeat = _start(
        recall,
        Action.WITHDRAWN,
        by=by,
        may=permissions.may_withdraw_recall,
        message=NOT_WITHDRAWER,
        expected_version=expected_version,
    )
    if repeat:
        return recall
    now = now or timezone.now()  # read once the row is locked, so steps are dated in the order they were taken
    reason = _reason_or_refuse(reason, WITHDRAWAL_REASON_REQUIRED)
    _move(recall, Action.WITHDRAWN, by=by, at=now, reason=reason)
    _tell_outcome(recall, by=by, subject="Recall recommendation withdrawn")
    return recall


@transaction.atomic
def confirm_recall(recall, *, confirmed_on: date, by, now=None, expected_version: int | None = None) -> Recall:
    """Record that the requested recall was confirmed: the person is back in custody. In the same transaction the
    case ends as recalled (its contact requirements end and its open flags close, with that reason)."""
    recall, repeat = _start(
        recall,
        Action.CONFIRMED,
        by=by,
        may=permissions.may_confirm_recall,
        message=NOT_CONFIRMER,
        expected_version=expected_version,
    )
    if repeat:
        return recall
    now = now or timezone.now()  # read once the row is locked, so steps are dated in the order they were taken
    broken = []
    if confirmed_on > timezone.localdate(now):
        broken.append(RuleBroken(CONFIRMED_IN_THE_FUTURE, field="confirmed_on"))
    if confirmed_on < timezone.localdate(recall.countersigned_at):
        broken.append(RuleBroken(CONFIRMED_BEFORE_REQUESTED, field="confirmed_on"))
    raise_if_broken(broken)
    recall.confirmed_on = confirmed_on
    _move(recall, Action.CONFIRMED, by=by, at=now, fields=["confirmed_on"])
    reason = f"{recall.get_kind_display()} recall confirmed: returned to custody on {confirmed_on:%-d %B %Y}"
    # The case ends as recalled: its requirements end, its overdue and absence-decision flags close (closure.py).
    record_recall(recall.case, recalled_on=confirmed_on, reason=reason, by=by)
    _tell_outcome(recall, by=by, subject="Recall confirmed")
    return recall


# Who is told ------------------------------------------------------------------------------------------------


def _deadline(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def _endorsers(recall) -> list[Candidate]:
    """The officer's line manager, then that manager's cover: the people `may_endorse_recall` accepts."""
    officer = recall.case.responsible_officer or recall.recommended_by
    profile = getattr(officer, "profile", None)
    manager = profile.line_manager if profile else None
    if manager is None:
        return []
    candidates = [Candidate(manager, "line manager")]
    deputy = getattr(getattr(manager, "profile", None), "deputy", None)
    if deputy is not None:
        candidates.append(Candidate(deputy, "deputy of the line manager"))
    return [c for c in candidates if c.user.pk != recall.recommended_by_id]


def _countersigners(recall) -> list[Candidate]:
    """The region's Heads of Public Protection who did not recommend or endorse it (their deputies only if they
    are Heads themselves: nobody else may countersign)."""
    return [
        c
        for c in _heads_of_public_protection(recall.case)
        if c.user.pk not in (recall.recommended_by_id, recall.endorsed_by_id)
        and permissions.heads_region_of(c.user, recall.case)
    ]


def tell_endorsement_needed(recall) -> None:
    """Tell the line manager (or their cover) that a recall waits for their endorsement. For the service that
    records the recommendation, in its transaction; an emergency recall says so, with its deadline."""
    recall = Recall.objects.select_related("case__team__pdu", "case__responsible_officer").get(pk=recall.pk)
    url = recall.get_absolute_url()
    recipient = route_among(
        recall.case,
        _endorsers(recall),
        on=timezone.localdate(),
        kind=UnroutedItem.Kind.RECALL_ENDORSEMENT,
        object_key=f"recall:{recall.pk}",
        url=url,
    )
    if recipient is None:
        return
    emergency = recall.kind == Recall.Kind.EMERGENCY
    notify(
        recipient,
        event_key=f"recall-endorsement:{recall.pk}",
        subject="Emergency recall to endorse" if emergency else "Recall to endorse",
        body=f"{'An emergency' if emergency else 'A'} recall of {recall.case.full_name} ({recall.case.crn}) "
        f"waits for your endorsement. Endorse or refuse it by {_deadline(recall.endorse_by)}.",
        url=url,
        case=recall.case,
    )


def _tell_countersignature_needed(recall) -> None:
    url = recall.get_absolute_url()
    recipient = route_among(
        recall.case,
        _countersigners(recall),
        on=timezone.localdate(),
        kind=UnroutedItem.Kind.RECALL_COUNTERSIGNATURE,
        object_key=f"recall:{recall.pk}",
        url=url,
    )
    if recipient is None:
        return
    emergency = recall.kind == Recall.Kind.EMERGENCY
    notify(
        recipient,
        event_key=f"recall-countersignature:{recall.pk}",
        subject="Emergency recall to countersign" if emergency else "Recall to countersign",
        body=f"{'An emergency' if emergency else 'A'} recall of {recall.case.full_name} ({recall.case.crn}) has "
        f"been endorsed and waits for your countersignature. Countersign or refuse it by "
        f"{_deadline(recall.countersign_by)}.",
        url=url,
        case=recall.case,
    )


def _tell_outcome(recall, *, by, subject: str) -> None:
    """The officer who holds the case, and the recommender if someone else, learn what happened (not the person
    who did it)."""
    officers = {recall.recommended_by_id: recall.recommended_by}
    if recall.case.responsible_officer_id is not None:
        officers[recall.case.responsible_officer_id] = recall.case.responsible_officer
    event = recall.events.order_by("-happened_at", "-pk").first()
    body = f"{event.get_action_display()}: {recall.get_kind_display().lower()} recall of {recall.case.full_name} "
    body += f"({recall.case.crn})." + (f" Reason: {event.reason}" if event.reason else "")
    for officer_id, officer in officers.items():
        if officer_id == by.pk:
            continue
        notify(
            officer,
            event_key=f"recall-outcome:{recall.pk}:{event.action}",
            subject=subject,
            body=body,
            url=reverse("supervision:recall-detail", kwargs={"crn": recall.case.crn, "pk": recall.pk}),
            case=recall.case,
        )
