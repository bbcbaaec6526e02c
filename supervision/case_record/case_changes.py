"""The case's changes as people read them: on the chronology (a `Source` registered from apps.py) and on the
"Case history" page. Each change row keeps raw values; this module puts them into words."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from supervision.case_record.chronology import Entry
from supervision.models import Case, CaseChange

LABELS = {
    "address": "Address",
    "postcode": "Postcode",
    "is_approved_premises": "Approved premises",
    "approved_premises_ends_on": "Expected to leave approved premises",
    "rosh": "RoSH",
    "rosh_assessed_on": "RoSH assessed on",
    "tier": "Tier",
    "mappa_category": "MAPPA category",
    "mappa_level": "MAPPA level",
    "supervision_type": "Supervision type",
    "started_on": "Start of supervision",
    "expected_end_on": "Expected end",
    "hdc_curfew_ends_on": "HDC curfew ends",
    "status": "Status",
    "closure_reason": "Reason for closure",
    "closed_on": "Closed on",
    "licence": "What the variation changed",
}
CHOICES = {
    "rosh": dict(Case.RoSH.choices),
    "tier": dict(Case.Tier.choices),
    "mappa_category": dict(Case.MappaCategory.choices),
    "mappa_level": dict(Case.MappaLevel.choices),
    "supervision_type": dict(Case.SupervisionType.choices),
    "status": dict(Case.Status.choices),
    "closure_reason": dict(Case.ClosureReason.choices),
}


@dataclass(frozen=True)
class ChangedValue:
    label: str
    was: str
    now: str


def shown(name: str, value) -> str:
    if value is None or value == "":
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in CHOICES:
        return str(CHOICES[name].get(value, value))
    if name.endswith("_on"):
        day = date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)


def changed_values(change: CaseChange) -> list[ChangedValue]:
    return [
        ChangedValue(LABELS.get(name, name), shown(name, values.get("from")), shown(name, values.get("to")))
        for name, values in change.changes.items()
    ]


def _details(change: CaseChange) -> list[tuple[str, str]]:
    details = []
    for value in changed_values(change):
        details.append((value.label, value.now if value.was == "None" else f"{value.was} to {value.now}"))
    if change.authorised_by:
        details.append(("Authorised by", change.authorised_by))
    details.append(("Took effect", f"{change.effective_on.day} {change.effective_on:%B %Y}"))
    return details


def case_change_entries(case) -> Iterable[Entry]:
    """Each change at the time it was recorded, with who, why and what it changed."""
    for change in case.changes.select_related("changed_by").order_by("-changed_at", "-pk"):
        yield Entry(
            kind="changes",
            at=change.changed_at,
            title=change.get_kind_display(),
            by=change.changed_by.get_full_name() or change.changed_by.get_username(),
            description=change.reason,
            details=_details(change),
        )
