"""Cancelling booked appointments: the person is in hospital, the office is closed, the programme has ended.

A cancelled appointment is never deleted. It keeps who called it off, when and why (a reason from a short list,
and words for "Other"), and its history row says the same; the case chronology shows it as cancelled. It did not
take place, so it never has an outcome (a CHECK constraint says so) and counts for nothing: not a contact, not an
appointment awaiting an outcome, not an absence, not the next appointment (`ContactQuerySet.booked_appointments`
is the one rule every list reads).
"""

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from caseworks.errors import RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision import permissions
from supervision.models import Contact

Reason = Contact.CancellationReason

NOT_AN_APPOINTMENT = "Only a booked appointment can be cancelled"
OUTCOME_ALREADY_RECORDED = (
    "The outcome of this appointment has been recorded, so it cannot be cancelled. To correct it, change the outcome"
)
CANCELLATION_REASON_REQUIRED = "Select why the appointment is cancelled"
CANCELLATION_DETAIL_REQUIRED = "Enter why the appointment is cancelled"

_CANCELLATION_FIELDS = ["cancelled_at", "cancelled_by", "cancellation_reason", "cancellation_detail"]


def _broken_cancellation_rules(appointment: Contact, reason: str, detail: str) -> Iterator[RuleBroken]:
    if not appointment.is_appointment:
        yield RuleBroken(NOT_AN_APPOINTMENT)
    elif appointment.outcome:
        yield RuleBroken(OUTCOME_ALREADY_RECORDED)
    if reason not in Reason.values:
        yield RuleBroken(CANCELLATION_REASON_REQUIRED, field="reason")
    elif reason == Reason.OTHER and not detail.strip():
        yield RuleBroken(CANCELLATION_DETAIL_REQUIRED, field="detail")


def cancel_locked(appointments: list[Contact], *, by, reason: str, detail: str = "", now=None) -> int:
    """Mark appointments already locked and checked (`select_for_update`, booked, no outcome, their edit counted by
    `check_version`) as cancelled, each with a history row naming `by`: one UPDATE and one INSERT however many
    there are. Also for callers that cancel as part of a change of their own (an enrolment that ends), inside
    their transaction."""
    now = now or timezone.now()
    for appointment in appointments:
        appointment.cancelled_at = now
        appointment.cancelled_by = by
        appointment.cancellation_reason = reason
        appointment.cancellation_detail = detail.strip()
        appointment.updated_at = now
    if appointments:
        fields = [*_CANCELLATION_FIELDS, "updated_at", "version"]
        bulk_update_with_history(appointments, Contact, fields, default_user=by, default_date=now)
    return len(appointments)


@transaction.atomic
def cancel_appointment(
    appointment: Contact, *, by, reason: str, detail: str = "", expected_version: int | None = None, now=None
) -> Contact:
    """Call off a booked appointment that has no outcome, before or after its time (an office closed that day is
    often recorded the day after). Whoever may record its outcome may cancel it. A second cancellation of the same
    appointment (a double submit) changes nothing; one made from a form older than `expected_version` is refused.
    """
    if not permissions.may_cancel_appointment(by, appointment.case):
        raise PermissionDenied
    appointment = Contact.objects.select_for_update().get(pk=appointment.pk)
    if appointment.is_cancelled:
        return appointment
    check_version(appointment, expected_version)
    raise_if_broken(_broken_cancellation_rules(appointment, reason, detail))
    cancel_locked([appointment], by=by, reason=reason, detail=detail, now=now)
    return appointment
