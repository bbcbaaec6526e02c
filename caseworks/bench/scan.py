"""The overdue-contacts scan (the service beat runs) against what the database does on its own with the same
table: the latest qualifying visit per active case (one GROUP BY) and a `count(*)` of every contact."""

from datetime import date

from django.db import connection, transaction

from caseworks.bench.measure import Comparison, Rollback, alternate, count_queries, profile, rolled_back
from supervision.models import Contact, OverdueFlag
from supervision.services.sweeps import flag_overdue_contacts_in_chunks

SEEN = ", ".join(f"'{outcome}'" for outcome in Contact.SEEN_OUTCOMES)

LATEST_VISIT_SQL = f"""
SELECT count(*), max(latest) FROM (
    SELECT k.case_id, max(k.starts_at) AS latest
    FROM supervision_contact k JOIN supervision_case c ON c.id = k.case_id
    WHERE c.status = 'ACTIVE' AND k.starts_at <= now() AND k.outcome IN ({SEEN})
    GROUP BY k.case_id
) latest_visits
"""
COUNT_SQL = "SELECT count(*) FROM supervision_contact"


def _sql(statement: str):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone()

    return run


BASELINES = {
    "latest-visit aggregate": _sql(LATEST_VISIT_SQL),
    "count(*) of contacts": _sql(COUNT_SQL),
}


def scan_benchmarks(on: date, *, repetitions: int) -> tuple[list[Comparison], list[dict]]:
    """The first run (each repetition rolled back, so each finds the same work) and a second run with nothing
    new since the first (the first run kept for the duration, then rolled back too). Returns the comparisons
    and the first run's queries."""
    scan = rolled_back(lambda: flag_overdue_contacts_in_chunks(on=on))
    first = alternate("Overdue scan, first run", scan, BASELINES, repetitions=repetitions)
    queries = profile(first, scan)
    database = sum(float(q["time"]) for q in queries)
    first.note = f"{_flags_note(on)}; {database:.1f} s of one run in the database, the rest in Python"
    try:
        with transaction.atomic():
            flag_overdue_contacts_in_chunks(on=on)
            second = alternate("Overdue scan, second run (nothing new)", scan, BASELINES, repetitions=repetitions)
            # No memory figure: a forked worker would not see this transaction's first run.
            profile(second, scan, memory=False)
            _, writes, captured = count_queries(scan)
            written = [q["sql"][:120] for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
            second.note = "writes nothing" if not writes else f"{writes} writing statements: {written[:3]}"
            raise Rollback
    except Rollback:
        pass
    return [first, second], queries


def _flags_note(on: date) -> str:
    def opened():
        before = OverdueFlag.objects.count()
        result = flag_overdue_contacts_in_chunks(on=on)
        return OverdueFlag.objects.count() - before, result

    try:
        with transaction.atomic():
            flags, result = opened()
            raise Rollback
    except Rollback:
        pass
    return f"opens {flags:,} overdue flags; {result.get('chunks', '?')} chunks"
