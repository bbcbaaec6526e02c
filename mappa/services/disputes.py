"""A Head of Public Protection disputes a MAPPA rejection, as in practice (the seed case): they arrange a meeting
with the MAPPA co-ordinator, hold it, and record it here: the date, who attended and what was considered.

Recording the meeting closes the Head of Public Protection's escalation as disputed and puts the referral back
with the co-ordinator, who records a revised decision (mappa.services.coordinators.revise_decision). The Head of
Public Protection never sets the level themself: the unit's revised decision is what stands.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from mappa.models import DisputeMeeting, MappaCoordinator, ReferralEvent
from mappa.services.coordinator_routing import tell_coordinator
from mappa.services.referrals import referral_url
from mappa.services.workflow import (
    check_escalation_step,
    check_referral_step,
    escalation_step_taken,
    lock_escalation,
    lock_referral,
    move_escalation,
    move_referral,
)
from supervision import roles
from supervision.services.notifications import notify

Action = ReferralEvent.Action

MEETING_IN_THE_FUTURE = "The date of the meeting must be today or in the past"
NOT_THE_AREAS_COORDINATOR = "Select a MAPPA co-ordinator for the case's area"
ATTENDEES_NEEDED = "Enter who attended the meeting"
CONSIDERED_NEEDED = "Enter what the meeting considered"


def coordinators_for_case(case):
    """The MAPPA co-ordinators a Head of Public Protection may have met about this case: its PDU's and region's."""
    return (
        MappaCoordinator.objects.covering(case)
        .filter(user__is_active=True, user__groups__name=roles.MAPPA_COORDINATOR)
        .order_by("user__last_name", "user__first_name")
    )


def broken_dispute_rules(case, *, held_on, coordinator, attendees, considered, on: date) -> list[RuleBroken]:
    broken = []
    if held_on is not None and held_on > on:
        broken.append(RuleBroken(MEETING_IN_THE_FUTURE, field="held_on"))
    if coordinator is None or not coordinators_for_case(case).filter(user=coordinator).exists():
        broken.append(RuleBroken(NOT_THE_AREAS_COORDINATOR, field="coordinator"))
    if not attendees.strip():
        broken.append(RuleBroken(ATTENDEES_NEEDED, field="attendees"))
    if not considered.strip():
        broken.append(RuleBroken(CONSIDERED_NEEDED, field="considered"))
    return broken


@transaction.atomic
def record_dispute_meeting(
    escalation, *, by, held_on: date, coordinator, attendees: str, considered: str, rationale: str, on=None, now=None
) -> DisputeMeeting:
    """The Head of Public Protection's dispute meeting with the co-ordinator. Returns the meeting (the one
    already recorded, on a repeat)."""
    day = on or timezone.localdate()
    escalation = lock_escalation(escalation)
    if escalation_step_taken(escalation, Action.DISPUTED):
        return escalation.dispute_meeting
    check_escalation_step(escalation, Action.DISPUTED)
    referral = lock_referral(escalation.referral)
    check_referral_step(referral, Action.DISPUTED)
    raise_if_broken(
        broken_dispute_rules(
            referral.case, held_on=held_on, coordinator=coordinator, attendees=attendees, considered=considered, on=day
        )
    )
    move_escalation(escalation, Action.DISPUTED, by=by, rationale=rationale, now=now)
    meeting = DisputeMeeting(
        referral=referral,
        escalation=escalation,
        held_on=held_on,
        coordinator=coordinator,
        attendees=attendees,
        considered=considered,
        recorded_by=by,
    )
    meeting._history_user = by
    meeting.save()
    who = coordinator.get_full_name() or coordinator.username
    event = move_referral(
        referral,
        Action.DISPUTED,
        by=by,
        reason=f"Met {who} on {held_on:%-d %B %Y}. {rationale}".strip(),
        at=now,
    )
    tell_coordinator(
        referral,
        event,
        subject="A disputed MAPPA rejection is waiting for your revised decision",
        body=f"The Head of Public Protection recorded your meeting of {held_on:%-d %B %Y}.",
        on=day,
        first=coordinator,
    )
    recipients = [referral.case.responsible_officer]
    if escalation.previous_id:
        recipients.append(escalation.previous.assigned_to)
    for recipient in dict.fromkeys(recipients):
        notify(
            recipient,
            event_key=f"referral-event:{event.pk}",
            subject="The Head of Public Protection disputed the MAPPA rejection with the co-ordinator",
            body=f"Referral for {referral.case}: {event.reason} The co-ordinator will record a revised decision.",
            url=referral_url(referral),
            case=referral.case,
        )
    return meeting
