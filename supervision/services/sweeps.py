"""The hourly overdue-contacts sweep, in chunks of cases, each in its own transaction.

A worker killed part-way through loses only the chunk it was in: the chunks already committed stay done,
and a redelivered sweep finds them with nothing left to do (every write is guarded by a constraint), so it
redoes only the unfinished chunk's work.
"""

from datetime import date

from django.db.models import Q

from supervision.models import Case
from supervision.services.overdue_contacts import flag_overdue_contacts, send_line_manager_digests

CHUNK_SIZE = 500
COUNTS = ("opened", "closed", "officers_notified", "line_managers_notified")


def cases_to_sweep() -> list[int]:
    """Active cases, and any case that still has an open flag (a closed case's flags must close too)."""
    return list(
        Case.objects.filter(Q(status=Case.Status.ACTIVE) | Q(overdue_flags__resolved_at__isnull=True))
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def flag_overdue_contacts_in_chunks(*, on: date, chunk_size: int = CHUNK_SIZE) -> dict:
    ids = cases_to_sweep()
    totals = dict.fromkeys(COUNTS, 0)
    chunks = 0
    for start in range(0, len(ids), chunk_size):
        run = flag_overdue_contacts(on=on, case_ids=ids[start : start + chunk_size]).as_dict()
        for key in COUNTS:
            totals[key] += run[key]
        chunks += 1
    # Once, after every chunk: each manager's one digest a day covers all their team's cases.
    totals["line_managers_notified"] += send_line_manager_digests(on=on)
    return {"on": on.isoformat(), **totals, "chunks": chunks}
