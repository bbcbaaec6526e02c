"""The query plans that matter: EXPLAIN ANALYZE of the slowest statements a benchmark's application run made."""

from django.db import connection


def slowest_selects(queries: list[dict], count: int = 2) -> list[dict]:
    selects = [q for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    return sorted(selects, key=lambda q: float(q["time"]), reverse=True)[:count]


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def plans_for(title: str, queries: list[dict], count: int = 2) -> list[tuple[str, str, str]]:
    """(title, the statement, its plan) for the slowest SELECTs among `queries`."""
    return [
        (f"{title}: {float(q['time']) * 1000:.0f} ms in the run", q["sql"], explain(q["sql"]))
        for q in slowest_selects(queries, count)
    ]
