"""Referrals to other agencies: made, endorsed (MAPPA), sent, acknowledged, answered, chased.

A MAPPA referral (the "MAPPA A" form) is endorsed by the line manager before it goes to the MAPPA unit, whose
co-ordinator for the area is told. The unit's steps (acknowledging, asking for more, deciding) are the
co-ordinator's, in mappa.services.coordinators.

Each step takes an optional `now` (default: the present) for the moment it was taken: the demo builds its
history through these services with past moments, and the history rows and stamps say when.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from mappa.models import Agency, Referral, ReferralEvent
from mappa.permissions import coordinates, may_withdraw
from mappa.services.coordinator_routing import tell_coordinator
from mappa.services.workflow import (
    check_referral_step,
    lock_referral,
    move_referral,
    record_event,
    referral_step_taken,
)
from supervision.models import Case, UnroutedItem
from supervision.services.notifications import notify
from supervision.services.routing import route
from supervision.working_days import add_working_days

Status = Referral.Status
Action = ReferralEvent.Action

MAPPA_CATEGORY_NEEDED = "Select the MAPPA category"
MAPPA_REFERRAL_GOES_TO_THE_MAPPA_UNIT = "Send a MAPPA referral to the MAPPA unit"
LEVEL_3_NEEDS_JUSTIFICATION = "Enter what level 2 cannot deliver"
RESPONSE_DUE_IN_THE_PAST = "The response due date must be today or in the future"
OWN_REFERRAL_CANNOT_BE_ENDORSED = "A referral cannot be endorsed by the officer who made it"
RETURN_NEEDS_A_REASON = "Enter why you are returning the referral"
ACKNOWLEDGED_IN_THE_FUTURE = "The date acknowledged must be today or in the past"


def referral_url(referral) -> str:
    return reverse("mappa:referral-detail", kwargs={"pk": referral.pk})


def tell_about_referral(recipient, event, *, subject, body, referral):
    if recipient is not None:
        notify(
            recipient,
            event_key=f"referral-event:{event.pk}",
            subject=subject,
            body=body,
            url=referral_url(referral),
            case=referral.case,
        )


def broken_referral_rules(
    *, kind, agency, mappa_category=None, level_justification="", response_due_on=None, on: date
) -> list[RuleBroken]:
    """Every rule a new referral breaks, each on its field. The form page shows them beside the form's own
    errors; making the referral refuses them all together."""
    broken = []
    if kind in Referral.MAPPA_KINDS:
        if not mappa_category:
            broken.append(RuleBroken(MAPPA_CATEGORY_NEEDED, field="mappa_category"))
        if agency is not None and agency.kind != Agency.Kind.MAPPA_UNIT:
            broken.append(RuleBroken(MAPPA_REFERRAL_GOES_TO_THE_MAPPA_UNIT, field="agency"))
    if kind == Referral.Kind.MAPPA_LEVEL_3 and not level_justification.strip():
        broken.append(RuleBroken(LEVEL_3_NEEDS_JUSTIFICATION, field="level_justification"))
    if response_due_on is not None and response_due_on < on:
        broken.append(RuleBroken(RESPONSE_DUE_IN_THE_PAST, field="response_due_on"))
    return broken


@transaction.atomic
def make_referral(
    case,
    *,
    by,
    kind,
    agency,
    reason,
    information_shared="",
    mappa_category=None,
    level_justification="",
    response_due_on=None,
    on: date | None = None,
    now: datetime | None = None,
) -> Referral:
    """Make a referral. A MAPPA referral waits for the line manager's endorsement; any other is sent now.
    `on`/`now`: the day and moment it is made (default today and now; the demo passes past ones)."""
    day = on or timezone.localdate()
    raise_if_broken(
        broken_referral_rules(
            kind=kind,
            agency=agency,
            mappa_category=mappa_category,
            level_justification=level_justification,
            response_due_on=response_due_on,
            on=day,
        )
    )
    is_mappa = kind in Referral.MAPPA_KINDS
    referral = Referral(
        case=case,
        agency=agency,
        kind=kind,
        reason=reason,
        information_shared=information_shared,
        mappa_category=mappa_category if is_mappa else None,
        level_justification=level_justification if is_mappa else "",
        response_due_on=response_due_on,
        created_by=by,
    )
    referral._history_user = by
    referral.save()
    record_event(referral, action=Action.CREATED, by=by, at=now)
    if is_mappa:
        submit_for_endorsement(referral, by=by, on=day, now=now)
    else:
        send_referral(referral, by=by, on=day, now=now)
    referral.refresh_from_db()
    return referral


@transaction.atomic
def submit_for_endorsement(referral, *, by, note="", on: date | None = None, now=None) -> Referral:
    """A MAPPA referral goes to the officer's line manager (or their cover) to endorse."""
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.SUBMITTED_FOR_ENDORSEMENT):
        return referral
    event = move_referral(referral, Action.SUBMITTED_FOR_ENDORSEMENT, by=by, reason=note, at=now)
    # The line manager, their cover, the PDU's managers, then the Head of Public Protection; if none of them
    # is available the request is recorded as unrouted for an administrator, never left with nobody told.
    manager = route(
        referral.case,
        on=on or timezone.localdate(),
        kind=UnroutedItem.Kind.ENDORSEMENT_REQUEST,
        object_key=f"referral:{referral.pk}",
        url=referral_url(referral),
    )
    tell_about_referral(
        manager,
        event,
        subject="A MAPPA referral is waiting for your endorsement",
        body=f"{referral.get_kind_display()} referral for {referral.case} needs your endorsement.",
        referral=referral,
    )
    return referral


@transaction.atomic
def endorse_referral(referral, *, by, rationale="", on: date | None = None, now=None) -> Referral:
    """The line manager endorses a MAPPA referral: it is sent to the MAPPA unit that day. The officer who
    made the referral never endorses it: endorsement is a second person's check."""
    day = on or timezone.localdate()
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.ENDORSED):
        return referral
    check_referral_step(referral, Action.ENDORSED)
    if referral.created_by_id == by.pk:
        raise RuleBroken(OWN_REFERRAL_CANNOT_BE_ENDORSED)
    referral.endorsed_by = by
    referral.endorsed_at = now or timezone.now()
    record_event(referral, action=Action.ENDORSED, by=by, reason=rationale, at=now)
    _set_sent(referral, day)
    event = move_referral(
        referral,
        Action.ENDORSED,
        recorded_as=Action.SENT,
        by=by,
        fields=["endorsed_by", "endorsed_at", "sent_on", "response_due_on"],
        at=now,
    )
    tell_about_referral(
        referral.case.responsible_officer,
        event,
        subject="Your MAPPA referral was endorsed and sent",
        body=f"{referral.get_kind_display()} referral for {referral.case} was endorsed and sent to the MAPPA unit.",
        referral=referral,
    )
    tell_coordinator(
        referral,
        event,
        subject="A MAPPA referral has been sent to the MAPPA unit",
        body=f"Sent on {day:%-d %B %Y}; response due by {referral.response_due_on:%-d %B %Y}.",
        on=day,
    )
    return referral


@transaction.atomic
def return_referral(referral, *, by, reason) -> Referral:
    """The line manager does not endorse the referral yet: it goes back to the officer with a reason."""
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.RETURNED):
        return referral
    if not reason.strip():
        raise RuleBroken(RETURN_NEEDS_A_REASON, field="rationale")
    event = move_referral(referral, Action.RETURNED, by=by, reason=reason)
    tell_about_referral(
        referral.case.responsible_officer,
        event,
        subject="Your MAPPA referral was returned by your line manager",
        body=f"Referral for {referral.case} returned: {reason}",
        referral=referral,
    )
    return referral


def _set_sent(referral, day):
    referral.sent_on = day
    if referral.response_due_on is None or referral.response_due_on < day:
        referral.response_due_on = add_working_days(day, settings.REFERRAL_RESPONSE_DUE_WORKING_DAYS)


@transaction.atomic
def send_referral(referral, *, by, on: date | None = None, now=None) -> Referral:
    """Send a referral that needs no endorsement. A MAPPA referral is only ever sent by its endorsement."""
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.SENT):
        return referral
    check_referral_step(referral, Action.SENT)
    _set_sent(referral, on or timezone.localdate())
    move_referral(referral, Action.SENT, by=by, fields=["sent_on", "response_due_on"], at=now)
    return referral


@transaction.atomic
def acknowledge_referral(referral, *, by, acknowledged_on: date, on: date | None = None, now=None) -> Referral:
    """The agency has acknowledged the referral: on a day that has already come. A MAPPA referral is
    acknowledged by the area's MAPPA co-ordinator only (mappa.services.coordinators)."""
    if referral.is_mappa and not coordinates(by, referral):
        raise PermissionDenied
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.ACKNOWLEDGED):
        return referral
    if acknowledged_on > (on or timezone.localdate()):
        raise RuleBroken(ACKNOWLEDGED_IN_THE_FUTURE, field="acknowledged_on")
    check_referral_step(referral, Action.ACKNOWLEDGED)
    referral.acknowledged_on = acknowledged_on
    move_referral(referral, Action.ACKNOWLEDGED, by=by, fields=["acknowledged_on"], at=now)
    return referral


@transaction.atomic
def record_response(referral, *, by, response, responded_by_name="", now=None) -> Referral:
    """Another agency's response (children's social care, MARAC, police, ...)."""
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.RESPONDED):
        return referral
    check_referral_step(referral, Action.RESPONDED)
    referral.decision_reason = response
    referral.decided_by_name = responded_by_name
    referral.decided_at = now or timezone.now()
    move_referral(
        referral,
        Action.RESPONDED,
        by=by,
        reason=response,
        fields=["decision_reason", "decided_by_name", "decided_at"],
        at=now,
    )
    return referral


def set_case_mappa_level(referral, *, level: int, by, reason: str, now=None) -> Case:
    """Set the case's MAPPA level (and category, from the referral) after an acceptance. Case history records it."""
    case = Case.objects.select_for_update().get(pk=referral.case_id)
    if case.mappa_level == level and case.mappa_category:
        return case
    old = case.mappa_level
    case.mappa_level = level
    case.mappa_category = case.mappa_category or referral.mappa_category
    case._history_user = by
    case._change_reason = reason[:100]
    case.save(update_fields=["mappa_level", "mappa_category", "updated_at"])
    record_event(
        referral,
        action=Action.MAPPA_LEVEL_CHANGED,
        by=by,
        reason=f"MAPPA level {old or 'none'} → {level}. {reason}",
        at=now,
    )
    return case


@transaction.atomic
def withdraw_referral(referral, *, by, reason) -> Referral:
    """Only the officer who made the referral or their line manager (or cover) may withdraw it: another officer
    in the team may not."""
    if not may_withdraw(by, referral):
        raise PermissionDenied
    referral = lock_referral(referral)
    if referral_step_taken(referral, Action.WITHDRAWN):
        return referral
    move_referral(referral, Action.WITHDRAWN, by=by, reason=reason)
    return referral


def chase_late_referrals(*, on: date) -> int:
    """Tell each officer about referrals whose response is late: once per referral per due date, in a constant
    number of statements (mappa/services/sweeps.py)."""
    from mappa.services.sweeps import chase_all_late_referrals

    return chase_all_late_referrals(on=on)
