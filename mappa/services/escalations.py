"""The MAPPA escalation queue: a rejected MAPPA referral goes to the line manager, then, if needed, to the
Head of Public Protection (HoPP).

Every rejection reaches the line manager's queue exactly once: the referral row is locked while its
escalation is written, and a unique constraint on (referral, level) is the backstop, so a retried task,
a second worker or the beat sweep racing the after-commit trigger add nothing. Due dates are counted
in working days (settings.MAPPA_ESCALATION_DUE_WORKING_DAYS); an escalation the line manager has not
settled by its due date goes to the HoPP automatically and both are told. The HoPP upholds the rejection here,
or disputes it at a meeting with the MAPPA co-ordinator (mappa.services.disputes).

A step's optional `now` (default: the present) is the moment it was taken; the demo passes past moments.
"""

import logging
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from caseworks.errors import RuleBroken
from mappa.models import Escalation, Referral, ReferralEvent
from mappa.services.workflow import (
    check_escalation_step,
    escalation_step_taken,
    lock_escalation,
    move_escalation,
    record_event,
)
from supervision.models import UnroutedItem
from supervision.services.notifications import notify
from supervision.services.routing import HEAD_OF_PUBLIC_PROTECTION, route
from supervision.working_days import add_working_days

logger = logging.getLogger(__name__)

Level = Escalation.Level
Action = ReferralEvent.Action

NO_HEAD_OF_PUBLIC_PROTECTION = "No Head of Public Protection is available for this region. Ask an administrator."


def queue_url(escalation) -> str:
    return reverse("mappa:escalation-detail", kwargs={"pk": escalation.pk})


def _due_on(day: date) -> date:
    return add_working_days(day, settings.MAPPA_ESCALATION_DUE_WORKING_DAYS)


def _tell(recipient, key, *, subject, body, escalation):
    if recipient is not None:
        notify(
            recipient,
            event_key=key,
            subject=subject,
            body=body,
            url=queue_url(escalation),
            case=escalation.referral.case,
        )


def _create(referral, *, level, assigned_to, due_on, by=None, previous=None) -> Escalation | None:
    """Insert the escalation, or return None if the constraint says this referral is already at this level.
    `by` is None when Caseworks escalates on its own (the sweep, the step-up)."""
    escalation = Escalation(referral=referral, level=level, assigned_to=assigned_to, due_on=due_on, previous=previous)
    escalation._history_user = by
    try:
        with transaction.atomic():
            escalation.save()
    except IntegrityError:
        return None
    return escalation


# Line manager's queue ---------------------------------------------------------------------------------


def escalate_rejected_referral(referral_id: int, *, on: date, now=None) -> Escalation | None:
    """Put one rejected MAPPA referral in its line manager's queue. None if there is nothing to do."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
        if referral is None or not referral.is_mappa or referral.status != Referral.Status.REJECTED:
            return None
        if referral.escalations.filter(level=Level.LINE_MANAGER).exists():
            return None  # already in a queue: a repeat of the trigger or the sweep
        case = referral.case
        manager = route(
            case,
            on=on,
            kind=UnroutedItem.Kind.REJECTED_REFERRAL,
            object_key=f"referral:{referral.pk}",
            url=reverse("mappa:referral-detail", kwargs={"pk": referral.pk}),
        )
        if manager is None:
            return None  # recorded as unrouted; the sweep tries again each run and resolves it when it routes
        escalation = _create(referral, level=Level.LINE_MANAGER, assigned_to=manager, due_on=_due_on(on))
        if escalation is None:
            return None
        record_event(
            referral,
            action=Action.ESCALATED_TO_LINE_MANAGER,
            by=None,
            reason=f"In {manager.get_full_name() or manager.username}'s queue, due by {escalation.due_on:%-d %B %Y}.",
            at=now,
        )
        _tell(
            manager,
            f"escalation:{escalation.pk}",
            subject="A rejected MAPPA referral is in your escalation queue",
            body=(
                f"The MAPPA unit rejected the {referral.get_kind_display()} referral for {case}: "
                f"{referral.decision_reason} Decide by {escalation.due_on:%-d %B %Y}."
            ),
            escalation=escalation,
        )
        return escalation


def escalate_rejected_referrals(*, on: date, referral_id: int | None = None) -> int:
    """Sweep: every rejected MAPPA referral not yet escalated goes to a queue, in a constant number of
    statements (mappa/services/sweeps.py). Returns how many were added."""
    if referral_id is not None:
        return int(escalate_rejected_referral(referral_id, on=on) is not None)
    from mappa.services.sweeps import escalate_all_rejected_referrals

    return escalate_all_rejected_referrals(on=on, due_on=_due_on(on), queue_url=queue_url)


@transaction.atomic
def request_more_information(escalation, *, by, rationale) -> Escalation:
    """The manager asks the responsible officer for more before deciding. The due date still stands."""
    escalation = lock_escalation(escalation)
    if escalation_step_taken(escalation, Action.MORE_INFORMATION_REQUESTED):
        return escalation
    move_escalation(escalation, Action.MORE_INFORMATION_REQUESTED, by=by)
    referral = escalation.referral
    event = record_event(referral, action=Action.MORE_INFORMATION_REQUESTED, by=by, reason=rationale)
    notify(
        referral.case.responsible_officer,
        event_key=f"referral-event:{event.pk}",
        subject="Your line manager needs more information about a rejected MAPPA referral",
        body=f"About the referral for {referral.case}: {rationale}",
        url=reverse("mappa:referral-detail", kwargs={"pk": referral.pk}),
        case=referral.case,
    )
    return escalation


@transaction.atomic
def provide_information(escalation, *, by, information) -> Escalation:
    """The officer answers; the escalation is back with the manager to decide."""
    escalation = lock_escalation(escalation)
    if escalation_step_taken(escalation, Action.INFORMATION_PROVIDED):
        return escalation
    move_escalation(escalation, Action.INFORMATION_PROVIDED, by=by)
    event = record_event(escalation.referral, action=Action.INFORMATION_PROVIDED, by=by, reason=information)
    _tell(
        escalation.assigned_to,
        f"referral-event:{event.pk}",
        subject="The officer has answered your request about a rejected MAPPA referral",
        body=f"About the referral for {escalation.referral.case}: {information}",
        escalation=escalation,
    )
    return escalation


@transaction.atomic
def accept_rejection(escalation, *, by, rationale) -> Escalation:
    """The line manager agrees with the MAPPA unit: the dispute closes and the case stays at its level."""
    escalation = lock_escalation(escalation)
    if escalation_step_taken(escalation, Action.REJECTION_ACCEPTED):
        return escalation
    move_escalation(escalation, Action.REJECTION_ACCEPTED, by=by, rationale=rationale)
    referral = escalation.referral
    event = record_event(referral, action=Action.REJECTION_ACCEPTED, by=by, reason=rationale)
    notify(
        referral.case.responsible_officer,
        event_key=f"referral-event:{event.pk}",
        subject="Your line manager accepted the MAPPA unit's rejection",
        body=f"Referral for {referral.case}: {rationale}",
        url=reverse("mappa:referral-detail", kwargs={"pk": referral.pk}),
        case=referral.case,
    )
    return escalation


@transaction.atomic
def escalate_to_head_of_public_protection(escalation, *, by, rationale, on: date, now=None) -> Escalation:
    """The line manager disagrees with the rejection and escalates it. Returns the new HoPP escalation.

    `by=None` is the automatic step-up of an escalation not acted on by its due date; then both the line
    manager and the Head of Public Protection are told. Either way the dispute reaches the Head of Public
    Protection once: escalating by hand after the step-up (or the reverse) returns the escalation already made.
    """
    escalation = lock_escalation(escalation)
    automatic = by is None
    action = Action.STEPPED_UP if automatic else Action.ESCALATED_TO_HOPP
    if escalation_step_taken(escalation, Action.ESCALATED_TO_HOPP) or escalation_step_taken(
        escalation, Action.STEPPED_UP
    ):
        return escalation.next
    check_escalation_step(escalation, action)
    referral = escalation.referral
    head = route(
        referral.case,
        on=on,
        kind=UnroutedItem.Kind.ESCALATION_STEP_UP,
        object_key=f"escalation:{escalation.pk}",
        url=queue_url(escalation),
        starting_at=HEAD_OF_PUBLIC_PROTECTION,
    )
    if head is None:
        raise RuleBroken(NO_HEAD_OF_PUBLIC_PROTECTION)
    move_escalation(escalation, action, by=by, rationale=rationale, now=now)
    upper = _create(
        referral,
        level=Level.HEAD_OF_PUBLIC_PROTECTION,
        assigned_to=head,
        due_on=_due_on(on),
        by=by,
        previous=escalation,
    )
    if upper is None:  # cannot happen while the line manager's row is locked; the constraint is the backstop
        return Escalation.objects.get(referral=referral, level=Level.HEAD_OF_PUBLIC_PROTECTION)
    record_event(referral, action=action, by=by, reason=rationale, at=now)
    subject = (
        "An overdue MAPPA escalation has moved to the Head of Public Protection"
        if automatic
        else "A MAPPA rejection has been escalated to you"
    )
    body = (
        f"The rejected {referral.get_kind_display()} referral for {referral.case}: {rationale} "
        f"Decide by {upper.due_on:%-d %B %Y}."
    )
    _tell(head, f"escalation:{upper.pk}", subject=subject, body=body, escalation=upper)
    if automatic:
        _tell(
            escalation.assigned_to,
            f"escalation-stepped-up:{escalation.pk}",
            subject=subject,
            body=body,
            escalation=escalation,
        )
    return upper


def step_up_overdue_escalations(*, on: date) -> int:
    """Line manager escalations not settled by their due date go to the Head of Public Protection, in a constant
    number of statements (mappa/services/sweeps.py). Returns how many stepped up."""
    from mappa.services.sweeps import step_up_all_overdue_escalations

    return step_up_all_overdue_escalations(on=on, due_on=_due_on(on), queue_url=queue_url)


# Head of Public Protection's queue --------------------------------------------------------------------


def _tell_officer_and_manager(escalation, event, *, subject):
    referral = escalation.referral
    case = referral.case
    body = f"Referral for {case}: {event.reason}"
    url = reverse("mappa:referral-detail", kwargs={"pk": referral.pk})
    recipients = [referral.case.responsible_officer]
    if escalation.previous_id:
        recipients.append(escalation.previous.assigned_to)
    for recipient in dict.fromkeys(recipients):
        notify(
            recipient, event_key=f"referral-event:{event.pk}", subject=subject, body=body, url=url, case=referral.case
        )


@transaction.atomic
def uphold_rejection(escalation, *, by, rationale) -> Escalation:
    escalation = lock_escalation(escalation)
    if escalation_step_taken(escalation, Action.REJECTION_UPHELD):
        return escalation
    move_escalation(escalation, Action.REJECTION_UPHELD, by=by, rationale=rationale)
    event = record_event(escalation.referral, action=Action.REJECTION_UPHELD, by=by, reason=rationale)
    _tell_officer_and_manager(escalation, event, subject="The Head of Public Protection upheld the MAPPA rejection")
    return escalation
