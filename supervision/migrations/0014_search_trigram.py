"""Search by name: pg_trgm and a GIN trigram index on the normalised name (supervision.search.NAME_KEY_SQL).

Both are PostgreSQL's alone: on SQLite (`make run`) TrigramExtension does nothing, the index is not made, and
search falls back to a plain match (supervision.search._name_filter_plain)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX_NAME = "case_name_trigram"
# The same expression as supervision.search.NameKey, written out so this migration never changes with the code.
NAME_KEY_SQL = "lower(translate(first_name || ' ' || last_name, '-''’`', ' '))"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON supervision_case USING gin (({NAME_KEY_SQL}) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("supervision", "0013_mappa_coordinator_routing")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
