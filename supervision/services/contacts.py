"""Recording contacts, booking appointments, their outcomes, and amendments.

A contact is never silently overwritten: every correction is a ContactAmendment written in the same
transaction, keeping the values as they were, who changed them, when and why.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision.models import Contact, ContactAmendment, LicenceCondition
from supervision.services.overdue_contacts import close_flags_met_on_case
from supervision.working_days import add_working_days

# After a failure to attend, the person has this many working days to give evidence of a good reason.
EVIDENCE_DUE_WORKING_DAYS = 5

# What the user reads when a rule refuses the change. The `field` each is raised with names the field of the
# contact forms it belongs to: "on" is the date of the contact or appointment.
CONTACT_MUST_BE_IN_THE_PAST = "The date and time of the contact must be in the past"
APPOINTMENT_MUST_BE_IN_THE_FUTURE = "The appointment must be in the future"
CONTACT_TYPE_NOT_BOOKABLE = "This type of contact cannot be booked as an appointment"
OUTCOME_REQUIRED = "Select the outcome"
ABSENCE_REASON_REQUIRED = "Select the reason for the acceptable absence"
MADE_BY_NAME_REQUIRED = "Enter the name of the person who made the contact"
POLICE_IDENTIFIER_REQUIRED = "Enter the police officer's collar or warrant number"
AGENCY_REQUIRED = "Enter the agency they work for"
OUTCOME_ONLY_FOR_APPOINTMENTS = "Only an appointment has an outcome recorded this way"
OUTCOME_BEFORE_APPOINTMENT = "You can record the outcome once the appointment has happened"
OUTCOME_CHANGE_REASON_REQUIRED = "Enter the reason for changing the outcome"
CANCELLED_HAS_NO_OUTCOME = "This appointment was cancelled, so it has no outcome"
AMENDMENT_REASON_REQUIRED = "Enter the reason for the amendment"
NOT_AMENDABLE = "These details cannot be amended: {fields}"


@dataclass
class ContactDetails:
    """What the RO enters about a contact, whether it happened or is being booked."""

    contact_type: object
    starts_at: datetime
    made_by: str = Contact.MadeBy.RESPONSIBLE_OFFICER
    made_by_user: object = None
    made_by_name: str = ""
    made_by_identifier: str = ""
    made_by_agency: str = ""
    location: str = ""
    outcome: str = ""
    absence_reason: str = ""
    notes: str = ""
    is_sensitive: bool = False
    key_individual: object = None
    licence_condition: object = None


def evidence_due_on(appointment_day: date) -> date:
    """Evidence for a failure to attend is due within 5 working days of the appointment."""
    return add_working_days(appointment_day, EVIDENCE_DUE_WORKING_DAYS)


def _location_for(case, details: ContactDetails) -> str:
    """A home visit takes place at the case's address unless the RO says otherwise."""
    if details.location.strip():
        return details.location.strip()
    if details.contact_type.is_home_visit:
        return ", ".join(line.strip() for line in [*case.address.splitlines(), case.postcode] if line.strip())
    return ""


def _broken_made_by_rules(made_by: str, *, name: str, identifier: str, agency: str) -> Iterator[RuleBroken]:
    """Someone other than the responsible officer is named; a police officer by their number too, and an
    agency's worker with their agency, so the record shows who actually saw the person."""
    if made_by in (Contact.MadeBy.OTHER_OFFICER, Contact.MadeBy.POLICE, Contact.MadeBy.AGENCY_WORKER) and not name:
        yield RuleBroken(MADE_BY_NAME_REQUIRED, field="made_by_name")
    if made_by == Contact.MadeBy.POLICE and not identifier:
        yield RuleBroken(POLICE_IDENTIFIER_REQUIRED, field="made_by_identifier")
    if made_by == Contact.MadeBy.AGENCY_WORKER and not agency:
        yield RuleBroken(AGENCY_REQUIRED, field="made_by_agency")


def _broken_absence_rules(outcome: str, absence_reason: str) -> Iterator[RuleBroken]:
    if outcome == Contact.Outcome.ACCEPTABLE_ABSENCE and not absence_reason:
        yield RuleBroken(ABSENCE_REASON_REQUIRED, field="absence_reason")


def _check_absence_reason(outcome: str, absence_reason: str) -> None:
    raise_if_broken(_broken_absence_rules(outcome, absence_reason))


def _broken_rules_for_a_contact(details: ContactDetails, *, now) -> Iterator[RuleBroken]:
    """Every rule a contact that has happened breaks, so the officer sees them all at once."""
    if details.starts_at > now:
        yield RuleBroken(CONTACT_MUST_BE_IN_THE_PAST, field="on")
    yield from _broken_made_by_rules(
        details.made_by,
        name=details.made_by_name,
        identifier=details.made_by_identifier,
        agency=details.made_by_agency,
    )
    if details.contact_type.is_outcome_required and not details.outcome:
        yield RuleBroken(OUTCOME_REQUIRED, field="outcome")
    yield from _broken_absence_rules(details.outcome, details.absence_reason)


def _broken_booking_rules(details: ContactDetails, *, now) -> Iterator[RuleBroken]:
    if details.starts_at <= now:
        yield RuleBroken(APPOINTMENT_MUST_BE_IN_THE_FUTURE, field="on")
    if not details.contact_type.is_bookable:
        yield RuleBroken(CONTACT_TYPE_NOT_BOOKABLE, field="contact_type")


def _broken_amendment_rules(contact: Contact, amended: dict, *, now) -> Iterator[RuleBroken]:
    """The contact as it would be after the amendment keeps every rule a new contact keeps."""
    if not contact.is_appointment and amended["starts_at"] > now:
        yield RuleBroken(CONTACT_MUST_BE_IN_THE_PAST, field="on")
    yield from _broken_made_by_rules(
        amended["made_by"],
        name=amended["made_by_name"],
        identifier=amended["made_by_identifier"],
        agency=amended["made_by_agency"],
    )
    yield from _broken_absence_rules(amended["outcome"], amended["absence_reason"])
    if contact.is_cancelled and amended["outcome"]:
        yield RuleBroken(CANCELLED_HAS_NO_OUTCOME, field="outcome")


def _outcome_fields(details_outcome: str, absence_reason: str, day: date, *, judged_on: date) -> dict:
    """The outcome and what follows from it: a failure to attend waits for evidence; an unacceptable absence is
    judged on `judged_on` (the day it is recorded), from which its enforcement decision falls due."""
    _check_absence_reason(details_outcome, absence_reason)
    return {
        "outcome": details_outcome,
        "absence_judged_on": judged_on if details_outcome == Contact.Outcome.UNACCEPTABLE_ABSENCE else None,
        "absence_reason": absence_reason if details_outcome == Contact.Outcome.ACCEPTABLE_ABSENCE else "",
        "evidence_due_on": evidence_due_on(day) if details_outcome == Contact.Outcome.FAILED_TO_ATTEND else None,
    }


def _made_by_fields(case, details: ContactDetails) -> dict:
    made_by_user = details.made_by_user
    if details.made_by == Contact.MadeBy.RESPONSIBLE_OFFICER:
        # A case waiting for allocation has no officer: the contact is the recording member of staff's.
        made_by_user = case.responsible_officer or details.made_by_user
    return {
        "made_by": details.made_by,
        "made_by_user": made_by_user,
        "made_by_name": "" if details.made_by == Contact.MadeBy.RESPONSIBLE_OFFICER else details.made_by_name,
        "made_by_identifier": details.made_by_identifier if details.made_by == Contact.MadeBy.POLICE else "",
        "made_by_agency": details.made_by_agency if details.made_by == Contact.MadeBy.AGENCY_WORKER else "",
    }


@transaction.atomic
def record_contact(case, details: ContactDetails, *, by, now=None) -> Contact:
    """Record a contact that has happened. It cannot be in the future; a home visit defaults to the
    case's address; a failure to attend gets its evidence due date. (A form's double submit is caught
    before this is called: supervision.services.submissions.)"""
    raise_if_broken(_broken_rules_for_a_contact(details, now=now or timezone.now()))
    contact = Contact.objects.create(
        case=case,
        contact_type=details.contact_type,
        starts_at=details.starts_at,
        is_appointment=False,
        location=_location_for(case, details),
        notes=details.notes,
        is_sensitive=details.is_sensitive,
        key_individual=details.key_individual,
        licence_condition=details.licence_condition,
        recorded_by=by,
        **_made_by_fields(case, details),
        **_outcome_fields(
            details.outcome,
            details.absence_reason,
            timezone.localdate(details.starts_at),
            judged_on=timezone.localdate(now or timezone.now()),
        ),
    )
    # A qualifying contact clears its overdue flag now, not at the job's next run.
    close_flags_met_on_case(case, on=timezone.localdate(now))
    return contact


@transaction.atomic
def book_appointment(case, details: ContactDetails, *, by, now=None) -> Contact:
    """Book an appointment. It must be in the future; its outcome is recorded once it has happened."""
    raise_if_broken(_broken_booking_rules(details, now=now or timezone.now()))
    return Contact.objects.create(
        case=case,
        contact_type=details.contact_type,
        starts_at=details.starts_at,
        is_appointment=True,
        location=_location_for(case, details),
        notes=details.notes,
        is_sensitive=details.is_sensitive,
        key_individual=details.key_individual,
        licence_condition=details.licence_condition,
        recorded_by=by,
        **_made_by_fields(case, details),
    )


def _snapshot(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _label(contact: Contact, field: str, value) -> str:
    """How a value reads on the page, kept with the amendment so the original stays readable."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if hasattr(value, "pk"):
        if isinstance(value, LicenceCondition):
            return value.condition_type.name
        return str(value)
    choices = dict(Contact._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def _apply_changes(contact: Contact, changes: dict, *, by, reason: str) -> Contact:
    """Set the changed fields and keep the old values beside them in one ContactAmendment."""
    recorded = {}
    for field, new in changes.items():
        old = getattr(contact, field)
        old_key = getattr(contact, f"{field}_id") if hasattr(contact, f"{field}_id") else old
        new_key = new.pk if hasattr(new, "pk") else new
        if old_key == new_key:
            continue
        recorded[field] = {
            "label": FIELD_LABELS.get(field, field),
            "from": _snapshot(old),
            "to": _snapshot(new),
            "from_text": _label(contact, field, old),
            "to_text": _label(contact, field, new),
        }
        setattr(contact, field, new)
    if not recorded:
        return contact
    ContactAmendment.objects.create(contact=contact, changes=recorded, reason=reason, amended_by=by)
    contact._history_user = by
    contact.save()
    return contact


@transaction.atomic
def record_outcome(
    contact: Contact,
    *,
    outcome: str,
    absence_reason: str = "",
    notes: str = "",
    by,
    reason="",
    now=None,
    expected_version: int | None = None,
):
    """Record what happened at an appointment once its time has passed.

    Failed to attend is a holding state: evidence is due within 5 working days, and the outcome is later
    changed to acceptable or unacceptable absence. Changing an outcome already recorded needs a reason and
    is kept as an amendment. `expected_version` is the version the form was opened at: an older one is refused.
    """
    now = now or timezone.now()
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    check_version(contact, expected_version)
    if not contact.is_appointment:
        raise RuleBroken(OUTCOME_ONLY_FOR_APPOINTMENTS)
    if contact.is_cancelled:
        raise RuleBroken(CANCELLED_HAS_NO_OUTCOME)
    if contact.starts_at > now:
        raise RuleBroken(OUTCOME_BEFORE_APPOINTMENT)
    if not outcome:
        raise RuleBroken(OUTCOME_REQUIRED, field="outcome")
    fields = _outcome_fields(
        outcome, absence_reason, timezone.localdate(contact.starts_at), judged_on=timezone.localdate(now)
    )
    if contact.outcome == outcome and contact.absence_reason == fields["absence_reason"]:
        return contact  # a repeated submit changes nothing
    if notes:
        fields["notes"] = f"{contact.notes}\n\n{notes}".strip() if contact.notes else notes
    if contact.outcome:
        if not reason.strip():
            raise RuleBroken(OUTCOME_CHANGE_REASON_REQUIRED, field="reason")
        contact = _apply_changes(contact, fields, by=by, reason=reason.strip())
        close_flags_met_on_case(contact.case, on=timezone.localdate(now))
        return contact
    for field, value in fields.items():
        setattr(contact, field, value)
    contact._history_user = by  # the first outcome is no amendment: its history row says who recorded it
    contact.save()
    # An attended appointment clears its overdue flag now, not at the job's next run.
    close_flags_met_on_case(contact.case, on=timezone.localdate(now))
    return contact


# Fields an amendment may correct. The case and the recorder never change.
AMENDABLE_FIELDS = (
    "contact_type",
    "starts_at",
    "made_by",
    "made_by_name",
    "made_by_identifier",
    "made_by_agency",
    "location",
    "outcome",
    "absence_reason",
    "notes",
    "is_sensitive",
    "key_individual",
    "licence_condition",
)


FIELD_LABELS = {
    "contact_type": "Type of contact",
    "starts_at": "Date and time",
    "made_by": "Made by",
    "made_by_name": "Name of who made it",
    "made_by_identifier": "Police collar or warrant number",
    "made_by_agency": "Agency",
    "location": "Where",
    "outcome": "Outcome",
    "absence_reason": "Reason for the absence",
    "evidence_due_on": "Evidence due",
    "absence_judged_on": "Absence judged unacceptable on",
    "notes": "Notes",
    "is_sensitive": "Sensitive",
    "key_individual": "Key individual",
    "licence_condition": "Licence condition",
}


@transaction.atomic
def amend_contact(
    contact: Contact, *, changes: dict, reason: str, by, now=None, expected_version: int | None = None
) -> Contact:
    """Correct a contact. The reason is required and the values as they were stay readable beside it. A
    correction made from a copy older than `expected_version` is refused: it would undo someone else's."""
    now = now or timezone.now()
    if not reason.strip():
        raise RuleBroken(AMENDMENT_REASON_REQUIRED, field="reason")
    unknown = set(changes) - set(AMENDABLE_FIELDS)
    if unknown:
        raise RuleBroken(NOT_AMENDABLE.format(fields=", ".join(sorted(unknown))))
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    check_version(contact, expected_version)
    checked = (
        "starts_at",
        "made_by",
        "made_by_name",
        "made_by_identifier",
        "made_by_agency",
        "outcome",
        "absence_reason",
    )
    amended = {field: changes.get(field, getattr(contact, field)) for field in checked}
    raise_if_broken(_broken_amendment_rules(contact, amended, now=now))
    outcome = amended["outcome"]
    starts_at = amended["starts_at"]
    if outcome != Contact.Outcome.ACCEPTABLE_ABSENCE:
        changes = {**changes, "absence_reason": ""}
    if "outcome" in changes or "starts_at" in changes:
        changes = {
            **changes,
            "evidence_due_on": evidence_due_on(timezone.localdate(starts_at))
            if outcome == Contact.Outcome.FAILED_TO_ATTEND
            else None,
        }
    if outcome != Contact.Outcome.UNACCEPTABLE_ABSENCE:
        changes = {**changes, "absence_judged_on": None}
    elif contact.outcome != outcome:
        changes = {**changes, "absence_judged_on": timezone.localdate(now)}
    return _apply_changes(contact, changes, by=by, reason=reason.strip())
