"""The case chronology: every contact, condition change, disclosure, risk record and (as other features
land) referral, allegation and decision, in date order.

Each kind of entry comes from one source: a function that returns the case's entries of that kind in a
fixed number of queries. Another app adds its entries by appending a `Source` to `SOURCES` (e.g. mappa's
referrals), so the page, its filter and its query count stay right without changing this module.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone

from supervision.models import AcuteRiskFactor, RiskFlagReview


@dataclass
class Entry:
    kind: str
    at: datetime
    title: str
    by: str = ""
    description: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)
    is_sensitive: bool = False
    is_withheld: bool = False  # a sensitive contact the reader may not read: the page says whom to ask
    url: str = ""
    tag: str = ""
    has_time: bool = True  # False for records kept as a date only: shown without a misleading "00:00"


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    entries: Callable[[object], Iterable[Entry]]


def start_of(day: date) -> datetime:
    """Where a date-only record sorts among timed ones: the start of its day (pair with has_time=False)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def contact_entries(case) -> Iterable[Entry]:
    contacts = (
        case.contacts.select_related("contact_type", "made_by_user", "recorded_by", "key_individual")
        .prefetch_related("amendments")
        .order_by("-starts_at", "-pk")
    )
    for contact in contacts:
        details = []
        if contact.location:
            details.append(("Where", contact.location))
        if contact.key_individual_id:
            details.append(("Key individual", contact.key_individual.name))
        if contact.evidence_due_on:
            details.append(("Evidence due", f"{contact.evidence_due_on:%-d %B %Y}"))
        amendments = list(contact.amendments.all())
        if amendments:
            details.append(("Amended", f"{len(amendments)} time{'s' if len(amendments) > 1 else ''}"))
        title = contact.contact_type.name
        if contact.is_cancelled:
            title = f"{title} (appointment cancelled)"
            reason = contact.get_cancellation_reason_display()
            details.append(("Cancelled", f"{timezone.localtime(contact.cancelled_at):%-d %B %Y at %H:%M}: {reason}"))
            if contact.cancellation_detail:
                details.append(("Why", contact.cancellation_detail))
        elif contact.is_appointment and not contact.outcome:
            title = f"{title} (appointment)"
        yield Entry(
            kind="contacts",
            at=contact.starts_at,
            title=title,
            by=contact.made_by_description,
            description=contact.notes,
            details=details,
            is_sensitive=contact.is_sensitive,
            url=reverse("supervision:contact-detail", kwargs={"crn": case.crn, "pk": contact.pk}),
            tag=contact.get_outcome_display() if contact.outcome else "Cancelled" if contact.is_cancelled else "",
        )


def _started_and_ended(record, *, kind, started_title, ended_title, description, end_reason) -> Iterable[Entry]:
    """A record with a start and perhaps an end (a licence condition, a risk flag): one entry for each."""
    yield Entry(
        kind=kind,
        at=start_of(record.started_on),
        has_time=False,
        title=started_title,
        by=_name(record.created_by),
        description=description,
    )
    if record.ended_on:
        yield Entry(
            kind=kind,
            at=start_of(record.ended_on),
            has_time=False,
            title=ended_title,
            by=_name(record.ended_by),
            description=end_reason,
        )


def condition_entries(case) -> Iterable[Entry]:
    conditions = case.licence_conditions.select_related("condition_type", "created_by", "ended_by", "replaces")
    for condition in conditions:
        name = condition.condition_type.name
        yield from _started_and_ended(
            condition,
            kind="conditions",
            started_title=f"Licence condition {'varied' if condition.replaces_id else 'added'}: {name}",
            ended_title=f"Licence condition ended: {name}",
            description=condition.wording,
            end_reason=condition.end_reason,
        )


def disclosure_entries(case) -> Iterable[Entry]:
    disclosures = case.relationship_disclosures.select_related("key_individual", "recorded_by")
    for disclosure in disclosures:
        disclosed = "Disclosed by the person" if disclosure.is_disclosed_by_person else "Not disclosed by the person"
        yield Entry(
            kind="disclosures",
            at=start_of(disclosure.learned_on),
            has_time=False,
            title=f"New relationship: {disclosure.key_individual.name}",
            by=_name(disclosure.recorded_by),
            description=disclosure.notes,
            details=[("Disclosure", disclosed)] + ([("Source", disclosure.source)] if disclosure.source else []),
            is_sensitive=True,
        )


def risk_entries(case) -> Iterable[Entry]:
    for flag in case.risk_flags.select_related("flag_type", "created_by", "ended_by"):
        yield from _started_and_ended(
            flag,
            kind="risk",
            started_title=f"Risk flag added: {flag.flag_type.name}",
            ended_title=f"Risk flag ended: {flag.flag_type.name}",
            description=flag.notes,
            end_reason=flag.end_reason,
        )
    reviews = RiskFlagReview.objects.filter(risk_flag__case=case).select_related("risk_flag__flag_type", "reviewed_by")
    for review in reviews:
        yield Entry(
            kind="risk",
            at=start_of(review.reviewed_on),
            has_time=False,
            title=f"Risk flag reviewed: {review.risk_flag.flag_type.name}",
            by=_name(review.reviewed_by),
            description=review.notes,
            details=[("Next review", f"{review.next_review_on:%-d %B %Y}")],
        )
    for factor in AcuteRiskFactor.objects.filter(case=case).select_related("raised_by", "reviewed_by"):
        yield Entry(
            kind="risk",
            at=start_of(factor.identified_on),
            has_time=False,
            title="Acute risk factor identified",
            by=_name(factor.raised_by),
            description=factor.description,
            is_sensitive=True,
        )
        if factor.reviewed_at:
            yield Entry(
                kind="risk",
                at=factor.reviewed_at,
                title="Acute risk factor reviewed",
                by=_name(factor.reviewed_by),
                description=factor.review_notes,
            )


SOURCES: list[Source] = [
    Source("contacts", "Contacts", contact_entries),
    Source("conditions", "Licence conditions", condition_entries),
    Source("disclosures", "Relationship disclosures", disclosure_entries),
    Source("risk", "Risk flags and acute risk", risk_entries),
]


def chronology_for(case, *, kinds: Iterable[str] | None = None) -> list[Entry]:
    """The case's entries, newest first, optionally only the kinds given."""
    wanted = set(kinds or [])
    entries = []
    for source in SOURCES:
        if wanted and source.kind not in wanted:
            continue
        entries.extend(source.entries(case))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
