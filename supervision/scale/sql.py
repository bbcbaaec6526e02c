"""SQL helpers for the generator: history rows for bulk-inserted rows, and bulk loads without secondary indexes."""

from contextlib import contextmanager

from django.db import connection


def table(model) -> str:
    return model._meta.db_table


def history_columns(model) -> list[str]:
    """Columns the historical table shares with the model's own table (the tracked fields)."""
    historical = model.history.model
    own = {f.column for f in model._meta.concrete_fields}
    return [f.column for f in historical._meta.concrete_fields if f.column in own]


def insert_history(cursor, model, *, date_sql: str, user_sql: str = "NULL", where: str = "TRUE", params=None) -> None:
    """One '+' history row per row of `model` matching `where`, as `Model.objects.create` writes through
    django-simple-history: `date_sql` and `user_sql` are SQL expressions over the row (aliased `t`)."""
    columns = history_columns(model)
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(f't."{c}"' for c in columns)
    cursor.execute(
        f"INSERT INTO {table(model.history.model)} ({names}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT {values}, {date_sql}, NULL, '+', {user_sql} FROM {table(model)} t WHERE {where}",
        params,
    )


@contextmanager
def without_secondary_indexes(cursor, *models):
    """Drop the tables' indexes that back no constraint, and build them again afterwards: loading millions of
    rows and then indexing them is several times faster than keeping every index up to date row by row."""
    saved = []
    for model in models:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = %s
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            [table(model)],
        )
        saved.extend(cursor.fetchall())
    for name, _ in saved:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    # Not in a `finally`: after an error the transaction rolls back, and the dropped indexes come back with it.
    for _, definition in saved:
        cursor.execute(definition)


def id_range(cursor, model, where: str = "TRUE") -> tuple[int, int]:
    cursor.execute(f"SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM {table(model)} WHERE {where}")
    return cursor.fetchone()


def chunks(low: int, high: int, count: int):
    """`count` id ranges [a, b] covering low..high."""
    if high < low:
        return
    span = max(1, (high - low + count) // count)
    start = low
    while start <= high:
        yield start, min(high, start + span - 1)
        start += span


def connection_cursor():
    return connection.cursor()


def orphaned_foreign_keys(cursor, tables: list[str]) -> list[str]:
    """Foreign keys on `tables` whose value names no row, found set-based (one anti-join per key). The
    generator loads with the foreign-key triggers off (a row-by-row check per key costs more than the insert)
    and proves the keys afterwards with this instead."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.conrelid::regclass::text = ANY(%s)
        ORDER BY 1, 2
        """,
        [tables],
    )
    broken = []
    for child, column, parent, key in cursor.fetchall():
        cursor.execute(
            f'SELECT EXISTS (SELECT 1 FROM {child} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM {parent} p WHERE p."{key}" = t."{column}"))'
        )
        if cursor.fetchone()[0]:
            broken.append(f"{child}.{column} -> {parent}.{key}")
    return broken
