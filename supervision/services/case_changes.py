"""Changes to a case's details: address, RoSH, tier, MAPPA, supervision type and dates, licence variations.

Each change is one function, in one transaction: it locks the case, refuses a form opened before someone else's
change (`expected_version`), checks who may make it and every rule at once, writes the new values on `Case` (its
history row names who) and a `CaseChange` row with the old and new values, the day it took effect and the reason.
The row is the case's history and its chronology entry. A change to a closed case is refused: reopen it first.

Contact requirements follow on their next computation: the rules read RoSH, tier, MAPPA and supervision type from
the case and its history (supervision/contact_requirements/loading.py), so nothing here recomputes them.
"""

from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.utils import timezone

from caseworks.errors import RuleBroken, raise_if_broken
from caseworks.submissions import check_version
from supervision import permissions
from supervision.models import Case, CaseAddress, CaseChange

# What the user reads when a rule refuses the change; `field` names the form field it belongs to.
REASON_REQUIRED = "Enter the reason for the change"
CASE_NOT_ACTIVE = "This case is not active, so it cannot be changed. Reopen it first if it was closed by mistake."
NOTHING_CHANGED = "Nothing has changed: enter the new details"
NOT_ALLOWED = "You cannot make this change to this case"
ADDRESS_REQUIRED = "Enter the address"
MOVED_IN_THE_FUTURE = "The date of the move must be today or in the past"
MOVED_BEFORE_CURRENT = (
    "The date of the move must be on or after {starts_on:%-d %B %Y}, when the current address started"
)
AP_END_REQUIRED = "Enter the date they are expected to leave the approved premises"
AP_END_NOT_AFTER_MOVE = "The date they are expected to leave must be after the date of the move"
NO_ADDRESS_TO_CORRECT = "There is no address to correct: record a move instead"
ASSESSED_IN_THE_FUTURE = "The date of the assessment must be today or in the past"
ASSESSED_BEFORE_LAST = "The date of the assessment must be on or after the last one, {assessed_on:%-d %B %Y}"
MAPPA_TOGETHER = "Select both a MAPPA category and a level, or neither"
ENDS_BEFORE_START = "The expected end date must be on or after the start date"
STARTS_BEFORE_BIRTH = "The start date must be after the person's date of birth"
CURFEW_NOT_LICENCE = "Only a licence has an HDC curfew: leave the curfew end date empty"
CURFEW_OUTSIDE_LICENCE = "The HDC curfew must end on or after the start date and before the licence ends"
NOT_A_LICENCE = "Only a licence or post-sentence supervision can be varied"
VARIED_IN_THE_FUTURE = "The date of the variation must be today or in the past"
VARIED_BEFORE_START = "The date of the variation must be on or after the start of supervision"
WHAT_CHANGED_REQUIRED = "Enter what the variation changed"
AUTHORISED_BY_REQUIRED = "Enter who authorised the variation"

VARIABLE_SUPERVISION = (Case.SupervisionType.LICENCE, Case.SupervisionType.PSS)


def plain(value):
    """A value as the change row keeps it (JSON): dates as ISO strings."""
    return value.isoformat() if isinstance(value, date) else value


def lock_for_change(case: Case, *, expected_version: int | None, may, by) -> Case:
    """The case locked for the change: refused if the user may not make it, if the form was opened before someone
    else's change, or if the case is not active."""
    if not may(by, case):
        raise RuleBroken(NOT_ALLOWED)
    case = Case.objects.select_for_update().select_related("team__pdu").get(pk=case.pk)
    check_version(case, expected_version)
    if case.status != Case.Status.ACTIVE:
        raise RuleBroken(CASE_NOT_ACTIVE)
    return case


def differences(before: dict, after: dict) -> dict:
    return {
        name: {"from": plain(before[name]), "to": plain(after[name])}
        for name in after
        if plain(before.get(name)) != plain(after[name])
    }


def save_change(case: Case, *, kind, changes: dict, effective_on: date, reason: str, by, **extra) -> CaseChange:
    """The case's new values (its history row names who) and the change row, together."""
    case._history_user = by
    case.save()
    return CaseChange.objects.create(
        case=case, kind=kind, changes=changes, effective_on=effective_on, reason=reason, changed_by=by, **extra
    )


def _reason(reason: str) -> Iterator[RuleBroken]:
    if not reason.strip():
        yield RuleBroken(REASON_REQUIRED, field="reason")


def _apply(case: Case, fields: dict, *, kind, effective_on: date, reason: str, by) -> CaseChange:
    before = {name: getattr(case, name) for name in fields}
    changes = differences(before, fields)
    if not changes:
        raise RuleBroken(NOTHING_CHANGED)
    for name, value in fields.items():
        setattr(case, name, value)
    return save_change(case, kind=kind, changes=changes, effective_on=effective_on, reason=reason.strip(), by=by)


# --- address --------------------------------------------------------------------------------------------------


def current_address(case: Case) -> CaseAddress | None:
    """The address the person lives at now, as recorded in the address history. A case recorded before addresses
    were kept has its address on the case only: it becomes the first row, from the start of supervision."""
    current = case.addresses.standing().order_by("-starts_on", "-pk").first()
    if current is None and case.address.strip():
        current = CaseAddress.objects.create(
            case=case, address=case.address, postcode=case.postcode, starts_on=case.started_on
        )
    return current


def _address_fields(current: CaseAddress | None) -> dict:
    if current is None:
        return {"address": "", "postcode": "", "is_approved_premises": False, "approved_premises_ends_on": None}
    return {
        "address": current.address,
        "postcode": current.postcode,
        "is_approved_premises": current.is_approved_premises,
        "approved_premises_ends_on": current.approved_premises_ends_on,
    }


@transaction.atomic
def move_address(
    case: Case,
    *,
    address: str,
    postcode: str,
    moved_on: date,
    is_approved_premises: bool,
    approved_premises_ends_on: date | None,
    reason: str,
    by,
    expected_version: int | None = None,
) -> CaseChange:
    """The person has moved: a new address from the day of the move. Approved premises (a hostel run or approved
    by the probation service) are a stay with an expected end date. The previous address stays in the history."""
    case = lock_for_change(case, expected_version=expected_version, may=permissions.may_change_address, by=by)
    current = current_address(case)
    address, postcode = address.strip(), postcode.strip().upper()
    if not is_approved_premises:
        approved_premises_ends_on = None
    raise_if_broken(_move_rules(current, address, moved_on, is_approved_premises, approved_premises_ends_on, reason))
    after = {
        "address": address,
        "postcode": postcode,
        "is_approved_premises": is_approved_premises,
        "approved_premises_ends_on": approved_premises_ends_on,
    }
    case.address, case.postcode = address, postcode
    change = save_change(
        case,
        kind=CaseChange.Kind.ADDRESS_MOVE,
        changes=differences(_address_fields(current), after),
        effective_on=moved_on,
        reason=reason.strip(),
        by=by,
    )
    CaseAddress.objects.create(case=case, starts_on=moved_on, change=change, **after)
    return change


def _move_rules(current, address, moved_on, is_approved_premises, ends_on, reason) -> Iterator[RuleBroken]:
    if not address:
        yield RuleBroken(ADDRESS_REQUIRED, field="address")
    if moved_on > timezone.localdate():
        yield RuleBroken(MOVED_IN_THE_FUTURE, field="moved_on")
    elif current is not None and moved_on < current.starts_on:
        yield RuleBroken(MOVED_BEFORE_CURRENT.format(starts_on=current.starts_on), field="moved_on")
    if is_approved_premises and ends_on is None:
        yield RuleBroken(AP_END_REQUIRED, field="approved_premises_ends_on")
    elif is_approved_premises and ends_on <= moved_on:
        yield RuleBroken(AP_END_NOT_AFTER_MOVE, field="approved_premises_ends_on")
    yield from _reason(reason)


@transaction.atomic
def correct_address(
    case: Case, *, address: str, postcode: str, reason: str, by, expected_version: int | None = None
) -> CaseChange:
    """The current address was recorded wrongly (a typo, a wrong postcode): the same residence from the same day,
    in its right wording. The wrong wording stays on record beside its correction."""
    case = lock_for_change(case, expected_version=expected_version, may=permissions.may_change_address, by=by)
    current = current_address(case)
    if current is None:
        raise RuleBroken(NO_ADDRESS_TO_CORRECT)
    address, postcode = address.strip(), postcode.strip().upper()
    broken = list(_reason(reason))
    if not address:
        broken.insert(0, RuleBroken(ADDRESS_REQUIRED, field="address"))
    raise_if_broken(broken)
    changes = differences(
        {"address": current.address, "postcode": current.postcode}, {"address": address, "postcode": postcode}
    )
    if not changes:
        raise RuleBroken(NOTHING_CHANGED)
    case.address, case.postcode = address, postcode
    change = save_change(
        case,
        kind=CaseChange.Kind.ADDRESS_CORRECTION,
        changes=changes,
        effective_on=timezone.localdate(),
        reason=reason.strip(),
        by=by,
    )
    CaseAddress.objects.create(
        case=case,
        address=address,
        postcode=postcode,
        starts_on=current.starts_on,
        is_approved_premises=current.is_approved_premises,
        approved_premises_ends_on=current.approved_premises_ends_on,
        corrects=current,
        change=change,
    )
    return change


# --- risk and management --------------------------------------------------------------------------------------


@transaction.atomic
def reassess_rosh(
    case: Case, *, rosh: str, assessed_on: date, reason: str, by, expected_version: int | None = None
) -> CaseChange:
    """A new RoSH assessment (after an acute risk factor, say), with the day it was made. The same level again is
    a reassessment too: its date moves on."""
    case = lock_for_change(case, expected_version=expected_version, may=permissions.may_reassess_rosh, by=by)
    broken = []
    if assessed_on > timezone.localdate():
        broken.append(RuleBroken(ASSESSED_IN_THE_FUTURE, field="assessed_on"))
    elif case.rosh_assessed_on is not None and assessed_on < case.rosh_assessed_on:
        broken.append(RuleBroken(ASSESSED_BEFORE_LAST.format(assessed_on=case.rosh_assessed_on), field="assessed_on"))
    raise_if_broken([*broken, *_reason(reason)])
    return _apply(
        case,
        {"rosh": rosh, "rosh_assessed_on": assessed_on},
        kind=CaseChange.Kind.ROSH,
        effective_on=assessed_on,
        reason=reason,
        by=by,
    )


@transaction.atomic
def change_tier(case: Case, *, tier: str, reason: str, by, expected_version: int | None = None) -> CaseChange:
    """The case's tier, set by its line manager or the region's Head of Public Protection."""
    case = lock_for_change(case, expected_version=expected_version, may=permissions.may_change_tier, by=by)
    raise_if_broken(_reason(reason))
    return _apply(
        case, {"tier": tier}, kind=CaseChange.Kind.TIER, effective_on=timezone.localdate(), reason=reason, by=by
    )


@transaction.atomic
def correct_mappa(
    case: Case, *, category: int | None, level: int | None, reason: str, by, expected_version: int | None = None
) -> CaseChange:
    """MAPPA category and level, together (a case is MAPPA with both, or neither). The level is normally set by
    the MAPPA decision; this is a manager's correction, with its reason."""
    case = lock_for_change(case, expected_version=expected_version, may=permissions.may_correct_mappa, by=by)
    broken = [] if (category is None) == (level is None) else [RuleBroken(MAPPA_TOGETHER, field="mappa_level")]
    raise_if_broken([*broken, *_reason(reason)])
    return _apply(
        case,
        {"mappa_category": category, "mappa_level": level},
        kind=CaseChange.Kind.MAPPA,
        effective_on=timezone.localdate(),
        reason=reason,
        by=by,
    )


@transaction.atomic
def change_supervision(
    case: Case,
    *,
    supervision_type: str,
    started_on: date,
    expected_end_on: date,
    hdc_curfew_ends_on: date | None,
    reason: str,
    by,
    expected_version: int | None = None,
) -> CaseChange:
    """The sentence being supervised and its dates: start (release for a licence), expected end, HDC curfew end."""
    case = lock_for_change(case, expected_version=expected_version, may=permissions.may_change_supervision, by=by)
    broken = []
    if started_on <= case.date_of_birth:
        broken.append(RuleBroken(STARTS_BEFORE_BIRTH, field="started_on"))
    if expected_end_on < started_on:
        broken.append(RuleBroken(ENDS_BEFORE_START, field="expected_end_on"))
    if hdc_curfew_ends_on is not None and supervision_type != Case.SupervisionType.LICENCE:
        broken.append(RuleBroken(CURFEW_NOT_LICENCE, field="hdc_curfew_ends_on"))
    elif hdc_curfew_ends_on is not None and not started_on <= hdc_curfew_ends_on < expected_end_on:
        broken.append(RuleBroken(CURFEW_OUTSIDE_LICENCE, field="hdc_curfew_ends_on"))
    raise_if_broken([*broken, *_reason(reason)])
    fields = {
        "supervision_type": supervision_type,
        "started_on": started_on,
        "expected_end_on": expected_end_on,
        "hdc_curfew_ends_on": hdc_curfew_ends_on,
    }
    return _apply(
        case, fields, kind=CaseChange.Kind.SUPERVISION, effective_on=timezone.localdate(), reason=reason, by=by
    )


@transaction.atomic
def record_licence_variation(
    case: Case, *, varied_on: date, what_changed: str, authorised_by: str, reason: str, by
) -> CaseChange:
    """A variation of the licence: the day, what it changed and who authorised it. The conditions it adds or ends
    are recorded on the licence conditions page; this is the record of the decision."""
    case = lock_for_change(case, expected_version=None, may=permissions.may_record_licence_variation, by=by)
    broken = []
    if case.supervision_type not in VARIABLE_SUPERVISION:
        broken.append(RuleBroken(NOT_A_LICENCE))
    if varied_on > timezone.localdate():
        broken.append(RuleBroken(VARIED_IN_THE_FUTURE, field="varied_on"))
    elif varied_on < case.started_on:
        broken.append(RuleBroken(VARIED_BEFORE_START, field="varied_on"))
    if not what_changed.strip():
        broken.append(RuleBroken(WHAT_CHANGED_REQUIRED, field="what_changed"))
    if not authorised_by.strip():
        broken.append(RuleBroken(AUTHORISED_BY_REQUIRED, field="authorised_by"))
    raise_if_broken([*broken, *_reason(reason)])
    return CaseChange.objects.create(
        case=case,
        kind=CaseChange.Kind.LICENCE_VARIATION,
        changes={"licence": {"from": None, "to": what_changed.strip()}},
        effective_on=varied_on,
        reason=reason.strip(),
        authorised_by=authorised_by.strip(),
        changed_by=by,
    )
