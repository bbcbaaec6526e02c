"""supervision's evidence for the "keeping people safe" review: contact against the rules, home visits, victims,
liaison with other agencies, key individuals and management oversight. Each source costs a fixed number of
queries whatever the case holds (the window's contacts are read once and shared)."""

from collections import Counter
from math import ceil

from django.db.models import Q

from supervision import contact_requirements
from supervision.case_review.evidence import EvidenceSource, Figure, register_evidence_sources
from supervision.models import (
    Contact,
    ContactType,
    LicenceConditionType,
    OverdueFlag,
    OversightAction,
    OversightRecord,
)
from supervision.models.case_reviews import Prompt

# The contact type the victim liaison officer's reports arrive through.
VICTIM_LIAISON_CODE = "CLVL"
# Conditions whose purpose is to keep the person away from a victim.
PROTECTIVE_CATEGORIES = (LicenceConditionType.Category.NON_CONTACT, LicenceConditionType.Category.EXCLUSION_ZONE)


def _day(value) -> str:
    return f"{value:%-d %B %Y}"


def _per_type(contacts) -> list[str]:
    counts = Counter(contact.contact_type.name for contact in contacts)
    return [f"{name}: {count}" for name, count in sorted(counts.items())]


def _share(met: int, periods: int) -> str:
    return f"{met} of {periods} ({round(100 * met / periods)}%)" if periods else "No requirement applied"


def requirement_periods(case, window) -> tuple[int, int, list[str]]:
    """(periods in the window, periods missed, the requirements counted). A period is one stretch of a
    requirement's frequency ("every 7 days") that fell in the window while the requirement applied to the case;
    it was missed if the overdue job flagged it (`OverdueFlag`, one per requirement and due date). Requirements
    are those applying on the window's last day, from the day each began to apply; a requirement that has since
    stopped still counts each period it was flagged in."""
    last_day = window.last_day
    statuses = contact_requirements.for_case(case, on=last_day)
    periods, described = 0, []
    for status in statuses.statuses if statuses else []:
        requirement = status.requirement
        start = max(status.applies_from, window.from_on)
        if start > last_day:
            continue
        days = (last_day - start).days + 1
        count = ceil(days / requirement.every_days) if requirement.every_days else 1
        periods += count
        described.append(f"{status.frequency}: {count} period{'s' if count != 1 else ''}")
    missed = (
        OverdueFlag.objects.filter(case=case, due_on__gte=window.from_on, due_on__lte=last_day)
        .values("rule_id", "case_requirement_id", "due_on")
        .distinct()
        .count()
    )
    return max(periods, missed), missed, described


def contact_level(case, window) -> list[Figure]:
    periods, missed, described = requirement_periods(case, window)
    contacts = [c for c in window.contacts(case) if not c.is_appointment or c.outcome]
    seen = [c for c in contacts if c.outcome in Contact.SEEN_OUTCOMES]
    absent = [
        c for c in contacts if c.outcome in (Contact.Outcome.FAILED_TO_ATTEND, Contact.Outcome.UNACCEPTABLE_ABSENCE)
    ]
    return [
        Figure("Contact requirement periods met", _share(periods - missed, periods), described),
        Figure("Periods flagged overdue", str(missed)),
        Figure("Contacts recorded", str(len(contacts)), _per_type(contacts)),
        Figure("Contacts where the person was seen or spoken to", str(len(seen))),
        Figure("Failures to attend and unacceptable absences", str(len(absent))),
    ]


def home_visits(case, window) -> list[Figure]:
    visits = [c for c in window.contacts(case) if c.contact_type.is_home_visit and c.outcome]
    made = [c for c in visits if c.outcome in Contact.SEEN_OUTCOMES]
    by_police = [c for c in made if c.made_by == Contact.MadeBy.POLICE]
    return [
        Figure(
            "Home visits made",
            str(len(made)),
            [f"By probation: {len(made) - len(by_police)}", f"By the police on the officer's behalf: {len(by_police)}"],
        ),
        Figure("Home visits without contact", str(len(visits) - len(made))),
        Figure("Last home visit made in the window", _day(made[-1].starts_at) if made else "None"),
    ]


def victims(case, window) -> list[Figure]:
    people = list(case.key_individuals.filter(Q(is_victim=True) | Q(is_potential_victim=True)))
    described = []
    for person in people:
        marks = ["victim" if person.is_victim else "potential victim"]
        marks += [
            word for word, is_so in (("vulnerable", person.is_vulnerable), ("pregnant", person.is_pregnant)) if is_so
        ]
        described.append(f"{person.name} ({person.get_relationship_display()}): {', '.join(marks)}")
    liaison = [c for c in window.contacts(case) if c.contact_type.code == VICTIM_LIAISON_CODE]
    conditions = list(
        case.licence_conditions.filter(
            condition_type__category__in=PROTECTIVE_CATEGORIES, started_on__lte=window.last_day
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=window.from_on))
        .select_related("condition_type", "key_individual")
        .order_by("started_on", "pk")
    )
    allegations = list(case.allegations.filter(received_on__gte=window.from_on, received_on__lte=window.last_day))
    return [
        Figure("Victims and potential victims recorded", str(len(people)), described),
        Figure("Contacts with the victim liaison officer", str(len(liaison))),
        Figure(
            "Conditions protecting victims in force",
            str(len(conditions)),
            [
                condition.condition_type.name
                + (f": {condition.key_individual.name}" if condition.key_individual_id else "")
                for condition in conditions
            ],
        ),
        Figure(
            "Allegations of breach received",
            str(len(allegations)),
            [
                f"Received {_day(a.received_on)}: {a.get_status_display().lower()}"
                + (f" ({a.get_finding_display().lower()})" if a.finding else "")
                for a in allegations
            ],
        ),
    ]


def agency_liaison(case, window) -> list[Figure]:
    liaison = [c for c in window.contacts(case) if c.contact_type.group == ContactType.Group.OTHER_AGENCY]
    return [Figure("Liaison contacts with other agencies", str(len(liaison)), _per_type(liaison))]


def key_individuals(case, window) -> list[Figure]:
    people = list(case.key_individuals.all())
    contacts = [
        c
        for c in window.contacts(case)
        if c.key_individual_id or c.contact_type.group == ContactType.Group.KEY_INDIVIDUAL
    ]
    per_person = Counter(c.key_individual.name for c in contacts if c.key_individual_id)
    disclosures = case.relationship_disclosures.filter(
        learned_on__gte=window.from_on, learned_on__lte=window.last_day
    ).count()
    return [
        Figure(
            "Key individuals recorded",
            str(len(people)),
            [f"{person.name} ({person.get_relationship_display()})" for person in people],
        ),
        Figure(
            "Contacts with key individuals",
            str(len(contacts)),
            [f"{name}: {count}" for name, count in sorted(per_person.items())],
        ),
        Figure("New relationships learned of", str(disclosures)),
    ]


def management_oversight(case, window) -> list[Figure]:
    records = list(
        OversightRecord.objects.filter(case=case, reviewed_on__gte=window.from_on, reviewed_on__lte=window.last_day)
        .select_related("recorded_by")
        .order_by("reviewed_on", "pk")
    )
    actions = list(
        OversightAction.objects.filter(
            case=case, record__reviewed_on__gte=window.from_on, record__reviewed_on__lte=window.last_day
        )
    )
    done = sum(1 for action in actions if not action.is_open)
    overdue = sum(1 for action in actions if action.is_overdue_on(window.today))
    earlier = list(case.case_reviews.filter(reviewed_at__lt=window.ends_before).order_by("-reviewed_at")[:1])
    return [
        Figure(
            "Management oversight recorded",
            str(len(records)),
            [
                f"{_day(r.reviewed_on)}, {r.recorded_by.get_full_name() or r.recorded_by.get_username()}: "
                f"{r.decision[:120]}"
                for r in records
            ],
        ),
        Figure("Actions set for the officer", str(len(actions)), [f"Done: {done}", f"Open and overdue: {overdue}"]),
        Figure("Last case review", _day(earlier[0].reviewed_at) if earlier else "None"),
    ]


SOURCES = [
    EvidenceSource("contact-level", Prompt.CONTACT, contact_level, order=10),
    EvidenceSource("home-visits", Prompt.HOME_VISITS, home_visits, order=20),
    EvidenceSource("victims", Prompt.VICTIMS, victims, order=30),
    EvidenceSource("agency-liaison", Prompt.AGENCIES, agency_liaison, order=40),
    EvidenceSource("key-individuals", Prompt.KEY_INDIVIDUALS, key_individuals, order=60),
    EvidenceSource("oversight", Prompt.OVERSIGHT, management_oversight, order=70),
]


def register() -> None:
    register_evidence_sources(*SOURCES)
