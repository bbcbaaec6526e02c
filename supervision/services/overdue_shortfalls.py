"""Chronic shortfall: a requirement overdue again and again, rather than one flag left open.

Someone seen 1.4 times a week against a twice-weekly requirement is overdue most weeks, but each flag closes
within days, so no single flag stays open long enough to reach the line manager. A rule (or case-level
requirement) can say "overdue in N of the last M periods": each overdue flag is one period in which it was
overdue, counted by its due date. Flags closed because the rule changed or gave a new due date were never
overdue under the rule as it stands, so they do not count. The manager hears of it once per run of
shortfalls: not again while a flag they were told about is still inside the window.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from supervision.models import OverdueFlag

NOT_REALLY_OVERDUE = [OverdueFlag.Resolution.RULE_CHANGED, OverdueFlag.Resolution.DUE_DATE_CHANGED]


@dataclass(frozen=True)
class Shortfall:
    flag_id: int  # the newest flag of the run, which records that the manager was told
    overdue_periods: int
    within_periods: int


def _settings(row: dict, prefix: str):
    every, needed, within = (
        row[f"{prefix}__{name}"] for name in ("every_days", "chronic_overdue_periods", "chronic_within_periods")
    )
    return (every, needed, within) if every and needed and within else None


def chronic_shortfalls(*, on: date) -> list[Shortfall]:
    """Requirements overdue in at least N of their last M periods up to `on`, not yet escalated: one query."""
    rows = (
        OverdueFlag.objects.filter(
            Q(rule__chronic_overdue_periods__isnull=False) | Q(case_requirement__chronic_overdue_periods__isnull=False)
        )
        .filter(due_on__lte=on)
        .exclude(resolution__in=NOT_REALLY_OVERDUE)
        .values(
            "pk",
            "case_id",
            "rule_id",
            "case_requirement_id",
            "due_on",
            "chronic_shortfall_notified_at",
            *(
                f"{p}__{n}"
                for p in ("rule", "case_requirement")
                for n in ("every_days", "chronic_overdue_periods", "chronic_within_periods")
            ),
        )
        .order_by("case_id", "rule_id", "case_requirement_id", "-due_on", "-pk")
    )
    grouped: dict[tuple, list[dict]] = {}
    for row in rows:
        grouped.setdefault((row["case_id"], row["rule_id"], row["case_requirement_id"]), []).append(row)
    found = []
    for flags in grouped.values():
        newest = flags[0]
        rules = _settings(newest, "rule" if newest["rule_id"] else "case_requirement")
        if rules is None:
            continue
        every, needed, within = rules
        window_starts = on - timedelta(days=every * within)
        recent = [f for f in flags if f["due_on"] > window_starts]
        if len(recent) >= needed and not any(f["chronic_shortfall_notified_at"] for f in recent):
            found.append(Shortfall(flag_id=newest["pk"], overdue_periods=len(recent), within_periods=within))
    return found
