"""The evidence an inspector looks for under each prompt of "keeping people safe", for one case over a window.

Each kind of evidence is an `EvidenceSource`: a function that returns its `Figure`s for one prompt in a fixed
number of queries. supervision registers its own (sources.py); mappa adds referrals and MAPPA meetings from
`MappaConfig.ready()`, so supervision never imports mappa. A figure is plain data (label, value, the lines
behind it) so a saved review keeps it as JSON and a later comparison shows what the manager actually saw.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from supervision.models.case_reviews import Prompt


@dataclass
class Figure:
    label: str
    value: str
    items: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class Window:
    """The dates a review looks at, both included; `today` bounds what can have happened."""

    from_on: date
    to_on: date
    today: date
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def last_day(self) -> date:
        """The window's last day that has happened: a window ending in the future stops today."""
        return min(self.to_on, self.today)

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.from_on, time.min))

    @property
    def ends_before(self) -> datetime:
        """The first moment after the window (and never after now's day)."""
        return timezone.make_aware(datetime.combine(self.last_day + timedelta(days=1), time.min))

    def contacts(self, case) -> list:
        """The case's contacts in the window, read once and shared by every source that counts them (a cancelled
        appointment never took place, so none counts it)."""
        if "contacts" not in self._cache:
            self._cache["contacts"] = list(
                case.contacts.not_cancelled()
                .filter(starts_at__gte=self.starts_at, starts_at__lt=self.ends_before)
                .select_related("contact_type", "key_individual")
                .order_by("starts_at", "pk")
            )
        return self._cache["contacts"]


@dataclass(frozen=True)
class EvidenceSource:
    key: str
    prompt: str  # a `Prompt` value
    figures: Callable  # (case, window: Window) -> list[Figure]
    order: int


EVIDENCE_SOURCES: list[EvidenceSource] = []


def register_evidence_sources(*sources: EvidenceSource) -> None:
    """Called from an AppConfig.ready(); safe to call twice."""
    EVIDENCE_SOURCES.extend(source for source in sources if source not in EVIDENCE_SOURCES)
    EVIDENCE_SOURCES.sort(key=lambda source: source.order)


def gather_evidence(case, window: Window) -> dict[str, list[Figure]]:
    """Every prompt's figures for the case over the window, in the inspectorate's order of prompts."""
    gathered: dict[str, list[Figure]] = {prompt: [] for prompt in Prompt.values}
    for source in EVIDENCE_SOURCES:
        gathered[source.prompt].extend(source.figures(case, window))
    return gathered


def evidence_as_json(gathered: dict[str, list[Figure]]) -> dict:
    return {prompt: [figure.as_json() for figure in figures] for prompt, figures in gathered.items()}


def evidence_from_json(stored: dict) -> dict[str, list[Figure]]:
    """A saved review's evidence, in the same shape as freshly gathered evidence (prompts it lacks are empty)."""
    return {prompt: [Figure(**figure) for figure in stored.get(prompt, [])] for prompt in Prompt.values}
