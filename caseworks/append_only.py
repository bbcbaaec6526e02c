"""Append-only tables on PostgreSQL: a trigger refuses UPDATE and DELETE of audit and history rows.

The application's database role writes these rows but can never rewrite them, whatever a bug or an attacker with
the application's credentials tries. The escape hatch is deliberate and local to one session: a maintenance or
migration session runs `SET LOCAL caseworks.allow_history_rewrite = 'on'` (see README, "Audit"). TRUNCATE is not
a row operation and is left to the table owner (the migration role), as the README's grants describe.
"""

from contextlib import contextmanager

from django.db import connection

FUNCTION = "caseworks_refuse_rewrite"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('caseworks.allow_history_rewrite', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION '% on % refused: audit and history rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def trigger_name(table: str) -> str:
    return f"{table[:40]}_append_only"


def protect_sql(table: str) -> str:
    return (
        f'DROP TRIGGER IF EXISTS "{trigger_name(table)}" ON "{table}"; '
        f'CREATE TRIGGER "{trigger_name(table)}" BEFORE UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();"
    )


def unprotect_sql(table: str) -> str:
    return f'DROP TRIGGER IF EXISTS "{trigger_name(table)}" ON "{table}";'


def protect_tables(*model_labels: str, history_of_app: str = ""):
    """A migration operation pair: (forwards, backwards) for RunPython. Protects the named models' tables and,
    with `history_of_app`, every django-simple-history `Historical*` model of that app. PostgreSQL only."""

    def tables(apps) -> list[str]:
        models = [apps.get_model(label) for label in model_labels]
        if history_of_app:
            app_models = apps.get_app_config(history_of_app).get_models()
            models += [model for model in app_models if model.__name__.startswith("Historical")]
        return sorted({m._meta.db_table for m in models})

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(CREATE_FUNCTION, params=None)
        for table in tables(apps):
            schema_editor.execute(protect_sql(table), params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables(apps):
            schema_editor.execute(unprotect_sql(table), params=None)

    return forwards, backwards


def protected_tables() -> set[str]:
    """Tables the trigger guards, as PostgreSQL has them now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = %s AND NOT t.tgisinternal",
            [FUNCTION],
        )
        return {row[0] for row in cursor.fetchall()}


@contextmanager
def history_rewrite_allowed():
    """For a maintenance session (and tests that set up back-dated history): allow UPDATE and DELETE of history rows
    until the end of the current transaction. Must be used inside `transaction.atomic()`."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL caseworks.allow_history_rewrite = 'on'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL caseworks.allow_history_rewrite = 'off'")
