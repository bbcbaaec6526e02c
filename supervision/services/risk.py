"""Key individuals, relationship disclosures, acute risk factors and risk flags.

Every write records who made it, in the same transaction: on the row (`created_by`, `raised_by`,
`recorded_by`, `reviewed_by`, `ended_by`) and as the user on its history row.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.submissions import check_version
from supervision.models import AcuteRiskFactor, KeyIndividual, RelationshipDisclosure, RiskFlag, RiskFlagReview

# What the user reads when a rule refuses the change; `field` names the form field it belongs to.
ACUTE_RISK_DESCRIPTION_REQUIRED = "Describe the acute risk factor"
ACUTE_RISK_IDENTIFIED_IN_THE_FUTURE = "The date it was identified must be today or in the past"
ACUTE_RISK_ALREADY_REVIEWED = "This acute risk factor has already been reviewed: your review was not saved"
ACUTE_RISK_REVIEW_NOTES_REQUIRED = "Enter what was decided about the contact level and safeguarding referrals"
KEY_INDIVIDUAL_NOT_ON_CASE = "Choose a key individual on this case"
RELATIONSHIP_LEARNED_IN_THE_FUTURE = "The date you learned of the relationship must be today or in the past"
NEXT_REVIEW_BEFORE_START = "The next review date must be the same as or after the start date"
FLAG_ALREADY_OPEN = "This case already has an open {flag_type} flag"
FLAG_HAS_ENDED = "This flag has ended"
FLAG_REVIEWED_IN_THE_FUTURE = "The date of the review must be today or in the past"
FLAG_REVIEWED_BEFORE_IT_STARTED = "The review date must be the same as or after the flag started"
NEXT_REVIEW_NOT_AFTER_REVIEW = "The next review date must be after the date of the review"
FLAG_ENDS_BEFORE_IT_STARTED = "The end date must be the same as or after the start date, {started_on:%-d %B %Y}"
FLAG_END_REASON_REQUIRED = "Enter the reason the flag is ending"


KEY_INDIVIDUAL_FIELDS = (
    "name",
    "relationship",
    "is_victim",
    "is_potential_victim",
    "is_vulnerable",
    "is_pregnant",
    "children",
    "phone",
    "address",
    "notes",
)


@transaction.atomic
def add_key_individual(case, *, by, **fields) -> KeyIndividual:
    """Add someone in the person's life, with who added them."""
    individual = KeyIndividual(
        case=case, created_by=by, **{name: value for name, value in fields.items() if name in KEY_INDIVIDUAL_FIELDS}
    )
    individual._history_user = by
    individual.save()
    return individual


@transaction.atomic
def update_key_individual(
    individual: KeyIndividual, *, by, expected_version: int | None = None, **fields
) -> KeyIndividual:
    """Edit a key individual's details; the previous version stays in the history table, with who changed it.
    A form opened before someone else's edit (`expected_version` older than the row's) is refused: saving it
    would silently undo theirs (a victim's new safe phone number, say)."""
    individual = KeyIndividual.objects.select_for_update().get(pk=individual.pk)
    check_version(individual, expected_version)
    for field, value in fields.items():
        if field in KEY_INDIVIDUAL_FIELDS:
            setattr(individual, field, value)
    individual._history_user = by
    individual.save()
    return individual


@transaction.atomic
def raise_acute_risk_factor(case, *, description: str, identified_on: date, by, key_individual=None):
    """Mark an acute risk factor: the case shows a banner until the RO or a manager records a review of
    the contact level and safeguarding referrals."""
    if not description.strip():
        raise RuleBroken(ACUTE_RISK_DESCRIPTION_REQUIRED, field="description")
    if identified_on > timezone.localdate():
        raise RuleBroken(ACUTE_RISK_IDENTIFIED_IN_THE_FUTURE, field="identified_on")
    factor = AcuteRiskFactor(
        case=case,
        description=description.strip(),
        identified_on=identified_on,
        key_individual=key_individual,
        raised_by=by,
    )
    factor._history_user = by
    factor.save()
    return factor


@transaction.atomic
def review_acute_risk_factor(
    factor: AcuteRiskFactor, *, notes: str, by, expected_version: int | None = None
) -> AcuteRiskFactor:
    """Record that the contact level and safeguarding referrals have been reviewed; the banner goes. A form
    opened before someone else's review (`expected_version` older than the row's) is refused."""
    factor = AcuteRiskFactor.objects.select_for_update().get(pk=factor.pk)
    check_version(factor, expected_version)
    if factor.reviewed_at is not None:
        if expected_version is not None:
            # A form that saw the earlier review and is saved again would otherwise be dropped in silence.
            raise RuleBroken(ACUTE_RISK_ALREADY_REVIEWED)
        return factor  # a repeat from a task or script: the review stands
    if not notes.strip():
        raise RuleBroken(ACUTE_RISK_REVIEW_NOTES_REQUIRED, field="notes")
    factor.reviewed_at = timezone.now()
    factor.reviewed_by = by
    factor.review_notes = notes.strip()
    factor._history_user = by
    factor.save(update_fields=["reviewed_at", "reviewed_by", "review_notes", "version"])
    return factor


@transaction.atomic
def record_relationship_disclosure(
    case,
    *,
    key_individual: KeyIndividual,
    learned_on: date,
    is_disclosed_by_person: bool,
    by,
    source: str = "",
    notes: str = "",
    acute_risk_description: str = "",
) -> RelationshipDisclosure:
    """Record a new relationship the RO has learned of and whether it was disclosed as the licence
    requires. If it is an acute risk factor, mark that too in the same step."""
    if key_individual.case_id != case.pk:
        raise RuleBroken(KEY_INDIVIDUAL_NOT_ON_CASE, field="key_individual")
    if learned_on > timezone.localdate():
        raise RuleBroken(RELATIONSHIP_LEARNED_IN_THE_FUTURE, field="learned_on")
    factor = None
    if acute_risk_description.strip():
        factor = raise_acute_risk_factor(
            case, description=acute_risk_description, identified_on=learned_on, by=by, key_individual=key_individual
        )
    return RelationshipDisclosure.objects.create(
        case=case,
        key_individual=key_individual,
        learned_on=learned_on,
        is_disclosed_by_person=is_disclosed_by_person,
        source=source,
        notes=notes,
        acute_risk_factor=factor,
        recorded_by=by,
    )


@transaction.atomic
def add_risk_flag(case, *, flag_type, started_on: date, next_review_on: date, by, notes: str = "") -> RiskFlag:
    """Register a risk flag. A case has one open flag of each type; its first review is due on or after it starts."""
    if next_review_on < started_on:
        raise RuleBroken(NEXT_REVIEW_BEFORE_START, field="next_review_on")
    if case.risk_flags.open().filter(flag_type=flag_type).exists():
        raise RuleBroken(FLAG_ALREADY_OPEN.format(flag_type=flag_type), field="flag_type")
    flag = RiskFlag(
        case=case, flag_type=flag_type, started_on=started_on, next_review_on=next_review_on, notes=notes, created_by=by
    )
    flag._history_user = by
    flag.save()
    return flag


@transaction.atomic
def review_risk_flag(
    flag: RiskFlag,
    *,
    reviewed_on: date,
    next_review_on: date,
    by,
    notes: str = "",
    expected_version: int | None = None,
) -> RiskFlag:
    """Record a review and set the next review date; an overdue flag stops being overdue. A form opened
    before someone else's change (`expected_version` older than the row's) is refused."""
    flag = RiskFlag.objects.select_for_update().get(pk=flag.pk)
    check_version(flag, expected_version)
    if flag.ended_on is not None:
        raise RuleBroken(FLAG_HAS_ENDED)
    if reviewed_on > timezone.localdate():
        raise RuleBroken(FLAG_REVIEWED_IN_THE_FUTURE, field="reviewed_on")
    if reviewed_on < flag.started_on:
        raise RuleBroken(FLAG_REVIEWED_BEFORE_IT_STARTED, field="reviewed_on")
    if next_review_on <= reviewed_on:
        raise RuleBroken(NEXT_REVIEW_NOT_AFTER_REVIEW, field="next_review_on")
    RiskFlagReview.objects.create(
        risk_flag=flag, reviewed_on=reviewed_on, next_review_on=next_review_on, notes=notes, reviewed_by=by
    )
    flag.next_review_on = next_review_on
    flag._history_user = by
    flag.save(update_fields=["next_review_on", "updated_at", "version"])
    return flag


@transaction.atomic
def end_risk_flag(flag: RiskFlag, *, ended_on: date, reason: str, by, expected_version: int | None = None) -> RiskFlag:
    """End a flag, with when, why and who. It cannot end before it started; ending it twice changes nothing.
    A form opened before someone else's change (`expected_version` older than the row's) is refused."""
    flag = RiskFlag.objects.select_for_update().get(pk=flag.pk)
    check_version(flag, expected_version)
    if flag.ended_on is not None:
        return flag
    if ended_on < flag.started_on:
        raise RuleBroken(FLAG_ENDS_BEFORE_IT_STARTED.format(started_on=flag.started_on), field="ended_on")
    if not reason.strip():
        raise RuleBroken(FLAG_END_REASON_REQUIRED, field="reason")
    flag.ended_on = ended_on
    flag.end_reason = reason.strip()
    flag.ended_by = by
    flag._history_user = by
    flag.save(update_fields=["ended_on", "end_reason", "ended_by", "updated_at", "version"])
    return flag
