"""Key individuals, relationship disclosures, acute risk factors and risk flags."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from caseworks.errors import RuleBroken
from supervision.models import AcuteRiskFactor, KeyIndividual, RelationshipDisclosure, RiskFlag, RiskFlagReview


class RiskError(RuleBroken):
    """A rule about risk records was broken; the message says which."""


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
    return KeyIndividual.objects.create(case=case, **{k: v for k, v in fields.items() if k in KEY_INDIVIDUAL_FIELDS})


@transaction.atomic
def update_key_individual(individual: KeyIndividual, *, by, **fields) -> KeyIndividual:
    """Edit a key individual's details; the previous version stays in the history table."""
    for field, value in fields.items():
        if field in KEY_INDIVIDUAL_FIELDS:
            setattr(individual, field, value)
    individual.save()
    return individual


@transaction.atomic
def raise_acute_risk_factor(case, *, description: str, identified_on: date, by, key_individual=None):
    """Mark an acute risk factor: the case shows a banner until the RO or a manager records a review of
    the contact level and safeguarding referrals."""
    if not description.strip():
        raise RiskError("Describe the acute risk factor")
    if identified_on > timezone.localdate():
        raise RiskError("The date the risk was identified must be today or in the past")
    return AcuteRiskFactor.objects.create(
        case=case,
        description=description.strip(),
        identified_on=identified_on,
        key_individual=key_individual,
        raised_by=by,
    )


@transaction.atomic
def review_acute_risk_factor(factor: AcuteRiskFactor, *, notes: str, by) -> AcuteRiskFactor:
    """Record that the contact level and safeguarding referrals have been reviewed; the banner goes."""
    factor = AcuteRiskFactor.objects.select_for_update().get(pk=factor.pk)
    if factor.reviewed_at is not None:
        return factor  # a repeated submit
    if not notes.strip():
        raise RiskError("Enter what was decided about the contact level and safeguarding referrals")
    factor.reviewed_at = timezone.now()
    factor.reviewed_by = by
    factor.review_notes = notes.strip()
    factor.save(update_fields=["reviewed_at", "reviewed_by", "review_notes"])
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
        raise RiskError("Choose a key individual on this case")
    if learned_on > timezone.localdate():
        raise RiskError("The date you learned of the relationship must be today or in the past")
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
    if next_review_on < started_on:
        raise RiskError("The review date must be the same as or after the start date")
    if case.risk_flags.open().filter(flag_type=flag_type).exists():
        raise RiskError(f"This case already has an open {flag_type} flag")
    return RiskFlag.objects.create(
        case=case, flag_type=flag_type, started_on=started_on, next_review_on=next_review_on, notes=notes, created_by=by
    )


@transaction.atomic
def review_risk_flag(flag: RiskFlag, *, reviewed_on: date, next_review_on: date, by, notes: str = "") -> RiskFlag:
    """Record a review and set the next review date; an overdue flag stops being overdue."""
    flag = RiskFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.ended_on is not None:
        raise RiskError("This flag has ended")
    if reviewed_on > timezone.localdate():
        raise RiskError("The review date must be today or in the past")
    if reviewed_on < flag.started_on:
        raise RiskError("The review date must be the same as or after the flag started")
    if next_review_on <= reviewed_on:
        raise RiskError("The next review date must be after the review date")
    RiskFlagReview.objects.create(
        risk_flag=flag, reviewed_on=reviewed_on, next_review_on=next_review_on, notes=notes, reviewed_by=by
    )
    flag.next_review_on = next_review_on
    flag.save(update_fields=["next_review_on", "updated_at"])
    return flag


@transaction.atomic
def end_risk_flag(flag: RiskFlag, *, ended_on: date, reason: str, by) -> RiskFlag:
    flag = RiskFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.ended_on is not None:
        return flag
    if ended_on < flag.started_on:
        raise RiskError("The end date must be the same as or after the flag started")
    if not reason.strip():
        raise RiskError("Enter the reason the flag is ending")
    flag.ended_on = ended_on
    flag.end_reason = reason.strip()
    flag.save(update_fields=["ended_on", "end_reason", "updated_at"])
    return flag
