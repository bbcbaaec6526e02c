"""The hourly overdue-contacts sweep, in chunks of case ids, each in its own transaction.

The cases are cut into ranges of ids of about CHUNK_SIZE cases each (one query numbers them; no list of every
id is held), and each range is one call of flag_overdue_contacts(): a constant number of queries and a bounded
amount of memory per chunk, whatever the size of the region. The chunks run one after another here, or as a
Celery group spread over every worker (supervision.tasks, when a result backend is configured), the chord's
callback summing them and sending the managers' digests once, after the last chunk. The rules are read once per
sweep and handed to every chunk (as values in a Celery message: `rule_values`), so a chunk reads only its
cases, their case-level requirements and their contacts.

A worker killed part-way through loses only the chunk it was in: the chunks already committed stay done,
and a redelivered sweep finds them with nothing left to do (every write is guarded by a constraint), so it
redoes only the unfinished chunk's work.
"""

from datetime import date

from django.conf import settings
from django.db.models import F, Q
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber

from supervision.contact_requirements.loading import requirement_from_values, requirement_values, stored_rules
from supervision.models import Case, OverdueFlag
from supervision.services.overdue_contacts import flag_overdue_contacts, send_line_manager_digests

CHUNK_SIZE = settings.OVERDUE_SCAN_CHUNK_SIZE
COUNTS = ("opened", "closed", "officers_notified", "line_managers_notified")


def _to_sweep():
    """Active cases, and any case that still has an open flag (a closed case's flags must close too)."""
    return Case.objects.filter(
        Q(status=Case.Status.ACTIVE) | Q(pk__in=OverdueFlag.objects.open().values("case_id"))
    ).order_by()


def cases_to_sweep() -> list[int]:
    return list(_to_sweep().order_by("pk").values_list("pk", flat=True))


def chunk_ranges(*, chunk_size: int = CHUNK_SIZE) -> list[tuple[int, int | None]]:
    """(first id, first id of the next chunk, or None for the last) for chunks of `chunk_size` cases to sweep: one
    query, returning one id per chunk."""
    firsts = list(
        _to_sweep()
        .annotate(position=Window(RowNumber(), order_by=F("pk").asc()))
        .annotate(place=(F("position") - 1) % chunk_size)
        .filter(place=0)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(zip(firsts, [*firsts[1:], None], strict=True))


def rule_values(*, on: date) -> list[dict]:
    """The rules in effect on `on`, read once for a whole sweep, as JSON-safe values for the chunks' messages."""
    return [requirement_values(rule) for rule in stored_rules(on=on)]


def sweep_chunk(*, on: date, first: int, past: int | None, rules: list[dict] | None = None) -> dict:
    """One chunk, in its own transaction: the officers are told; the managers wait for summarise(). `rules` are
    the sweep's rules (`rule_values`); a chunk given none (a message queued before they were passed) reads them."""
    loaded = None if rules is None else [requirement_from_values(values) for values in rules]
    return flag_overdue_contacts(on=on, id_range=(first, past), rules=loaded).as_dict()


def summarise(*, on: date, runs: list[dict]) -> dict:
    """After every chunk: the totals, and each manager's one digest a day across all their team's cases."""
    totals = {key: sum(run[key] for run in runs) for key in COUNTS}
    totals["line_managers_notified"] += send_line_manager_digests(on=on)
    return {"on": on.isoformat(), **totals, "chunks": len(runs)}


def flag_overdue_contacts_in_chunks(*, on: date, chunk_size: int = CHUNK_SIZE) -> dict:
    rules = rule_values(on=on)
    runs = [
        sweep_chunk(on=on, first=first, past=past, rules=rules) for first, past in chunk_ranges(chunk_size=chunk_size)
    ]
    return summarise(on=on, runs=runs)
