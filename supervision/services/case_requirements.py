"""Case-level contact requirements: a line manager (or Head of Public Protection) asks for more contact on one
case than the rules require, with a reason and an end date, and may end it early.

Never deleted or edited in place: a change is a new requirement, an early end is recorded with who and why,
and django-simple-history keeps every version with who made it and when.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision import permissions
from supervision.models import CaseContactRequirement

# What the user reads when a rule refuses the change; `field` names the form field it belongs to.
ONLY_MANAGERS_MAY_SET = "Only a line manager or Head of Public Protection can set a contact requirement"
OUTSIDE_TEAM_SET = "You cannot set a contact requirement for a case outside your team"
REASON_REQUIRED = "Enter the reason for the requirement"
NO_CONTACT_COUNTS = "Select at least one kind of contact that counts"
NUMBERS_BELOW_ONE = "The number of contacts and the period must each be 1 or more"
CONTACTS_DO_NOT_FIT = "{contacts_needed} contacts cannot all fit in a period of {every_days} days"
ENDS_IN_THE_PAST = "The end date must be today or in the future"
# The end date is the first day the requirement no longer applies, so it must be after the start date.
ENDS_BEFORE_IT_STARTS = "The end date must be after the start date: it is the first day the requirement stops"
ONLY_MANAGERS_MAY_END = "Only a line manager or Head of Public Protection can end a contact requirement"
OUTSIDE_TEAM_END = "You cannot end a contact requirement for a case outside your team"
ALREADY_ENDED = "This requirement already ended on {ends_on:%-d %B %Y}"
EARLY_END_REASON_REQUIRED = "Enter why the requirement is ending early"


@dataclass(frozen=True)
class CaseRequirementDetails:
    contact_description: str
    contact_types: list
    counts_home_visits: bool
    contacts_needed: int
    every_days: int
    starts_on: date
    ends_on: date
    reason: str


def _check(case, details: CaseRequirementDetails, *, by, today: date):
    """Who may set it first (nothing else matters if they may not); then every rule about the requirement
    itself, all reported together."""
    if not permissions.may_set_case_requirements(by):
        raise RuleBroken(ONLY_MANAGERS_MAY_SET)
    if not permissions.cases_visible_to(by).filter(pk=case.pk).exists():
        raise RuleBroken(OUTSIDE_TEAM_SET)
    raise_if_broken(_broken_requirement_rules(details, today=today))


def _broken_requirement_rules(details: CaseRequirementDetails, *, today: date) -> Iterator[RuleBroken]:
    if not details.reason.strip():
        yield RuleBroken(REASON_REQUIRED, field="reason")
    if not (details.contact_types or details.counts_home_visits):
        yield RuleBroken(NO_CONTACT_COUNTS, field="counts_home_visits")
    if details.contacts_needed < 1 or details.every_days < 1:
        yield RuleBroken(NUMBERS_BELOW_ONE)
    elif details.contacts_needed > details.every_days:
        message = CONTACTS_DO_NOT_FIT.format(contacts_needed=details.contacts_needed, every_days=details.every_days)
        yield RuleBroken(message, field="contacts_needed")
    if details.ends_on < today:
        yield RuleBroken(ENDS_IN_THE_PAST, field="ends_on")
    elif details.ends_on <= details.starts_on:
        yield RuleBroken(ENDS_BEFORE_IT_STARTS, field="ends_on")


@transaction.atomic
def set_case_requirement(case, details: CaseRequirementDetails, *, by, today: date | None = None):
    """Add a requirement for one case on top of the rules. It applies from its start date up to, not including,
    its end date (the first day it no longer applies), and only contacts from the supervision start count.

    Submitting the same requirement twice (a double click) records it once.
    """
    today = today or timezone.localdate()
    _check(case, details, by=by, today=today)
    same = (
        CaseContactRequirement.objects.select_for_update()
        .filter(
            case=case,
            contact_description=details.contact_description,
            contacts_needed=details.contacts_needed,
            every_days=details.every_days,
            starts_on=details.starts_on,
            ends_on=details.ends_on,
            reason=details.reason,
            ended_on__isnull=True,
        )
        .first()
    )
    if same is not None:
        return same
    requirement = CaseContactRequirement(
        case=case,
        contact_description=details.contact_description,
        counts_home_visits=details.counts_home_visits,
        contacts_needed=details.contacts_needed,
        every_days=details.every_days,
        starts_on=details.starts_on,
        ends_on=details.ends_on,
        reason=details.reason,
        set_by=by,
    )
    requirement._history_user = by
    requirement.save()
    requirement.contact_types.set(details.contact_types)
    return requirement


@transaction.atomic
def end_case_requirement(
    requirement, *, by, reason: str, today: date | None = None, expected_version: int | None = None
):
    """End a requirement before its end date: it stops applying from today. Ending it twice changes nothing.

    Open overdue flags for it close at the job's next run ("no longer applies").
    """
    today = today or timezone.localdate()
    requirement = CaseContactRequirement.objects.select_for_update().get(pk=requirement.pk)
    # A form opened before someone else's change (an older `expected_version`) is refused, not applied.
    check_version(requirement, expected_version)
    if requirement.ended_on is not None:
        return requirement
    if not permissions.may_set_case_requirements(by):
        raise RuleBroken(ONLY_MANAGERS_MAY_END)
    if not permissions.cases_visible_to(by).filter(pk=requirement.case_id).exists():
        raise RuleBroken(OUTSIDE_TEAM_END)
    if requirement.ends_on <= today:
        raise RuleBroken(ALREADY_ENDED.format(ends_on=requirement.ends_on))
    if not reason.strip():
        raise RuleBroken(EARLY_END_REASON_REQUIRED, field="reason")
    requirement.ended_on = today
    requirement.ended_by = by
    requirement.end_reason = reason.strip()
    requirement._history_user = by
    requirement.save(update_fields=["ended_on", "ended_by", "end_reason", "updated_at", "version"])
    return requirement
