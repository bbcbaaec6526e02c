"""The squashed migrations stay what they replaced: each app starts from one migration that names every old one in
`replaces`, so a database migrated with the old chain has nothing left to apply; and what the old chain added beyond
the models on PostgreSQL (the append-only trigger, pg_trgm and the name index, the CRN sequence) is still made."""

import pytest
from django.db import connection, migrations, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState

from caseworks.append_only import protected_tables
from caseworks.migration_ops import CreateModels

pytestmark = pytest.mark.django_db

SUPERVISION = ("supervision", "0001_squashed_0022_oversight_case_reviews")
MAPPA = ("mappa", "0001_squashed_0008_meeting_version")

SUPERVISION_REPLACED = [
    "0001_initial",
    "0002_workspace",
    "0003_contact_rules",
    "0004_ended_by_and_created_by",
    "0005_invariants",
    "0006_submission_tokens_and_versions",
    "0007_outbox_and_unrouted",
    "0008_contact_requirement_semantics",
    "0009_audit",
    "0010_access_limits",
    "0011_intake_allocation",
    "0012_case_changes",
    "0013_mappa_coordinator_routing",
    "0014_search_trigram",
    "0015_allegations",
    "0016_qualifying_contact_index",
    "0017_enforcement",
    "0018_programmes",
    "0019_enforcement_decisions_append_only",
    "0020_recall_unrouted_kinds",
    "0021_absence_unrouted_kind",
    "0022_oversight_case_reviews",
]
MAPPA_REPLACED = [
    "0001_initial",
    "0002_referral_workflow",
    "0003_invariants",
    "0004_one_submission_token",
    "0005_append_only",
    "0006_action_done_by",
    "0007_coordinators",
    "0008_meeting_version",
]

# The tables the old chain put under the append-only trigger by name; every history table is protected as well.
APPEND_ONLY_TABLES = {
    "supervision_auditevent",
    "supervision_contactamendment",
    "supervision_riskflagreview",
    "supervision_caseallocation",
    "supervision_casechange",
    "supervision_caseaddress",
    "supervision_allegationevent",
    "supervision_allegationfinding",
    "supervision_recallevent",
    "supervision_programmeenrolmentevent",
    "supervision_enforcementdecision",
    "supervision_oversightrecord",
    "supervision_oversightactionevent",
    "supervision_casereview",
    "supervision_casereviewjudgement",
    "mappa_referralevent",
    "mappa_mappadecision",
}

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's alone")


def test_each_app_starts_from_its_squashed_migration_and_every_later_one_builds_on_it():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph

    for app, squashed in [SUPERVISION, MAPPA]:
        assert graph.root_nodes(app) == [(app, squashed)]
        for leaf in graph.leaf_nodes(app):
            assert (app, squashed) in graph.forwards_plan(leaf)
    assert SUPERVISION in graph.node_map[MAPPA].parents


def test_the_squashed_migrations_replace_every_old_migration_by_name():
    disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations

    assert disk[SUPERVISION].replaces == [("supervision", name) for name in SUPERVISION_REPLACED]
    assert disk[MAPPA].replaces == [("mappa", name) for name in MAPPA_REPLACED]
    old_names = {("supervision", n) for n in SUPERVISION_REPLACED} | {("mappa", n) for n in MAPPA_REPLACED}
    assert old_names.isdisjoint(disk), "an old migration is back on disk beside the squash"


def test_the_test_database_has_no_migration_left_to_apply():
    executor = MigrationExecutor(connection)

    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


def test_a_database_migrated_with_the_old_chain_has_applied_the_squashed_migrations():
    """As on a server migrated before the squash: django_migrations names only the old migrations."""
    MigrationRecorder.Migration.objects.filter(name__contains="_squashed_").delete()
    for app, names in [("supervision", SUPERVISION_REPLACED), ("mappa", MAPPA_REPLACED)]:
        recorded = set(MigrationRecorder.Migration.objects.filter(app=app).values_list("name", flat=True))
        assert set(names) <= recorded

    executor = MigrationExecutor(connection)

    assert {SUPERVISION, MAPPA} <= set(executor.loader.applied_migrations)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


@on_postgresql
def test_audit_history_and_evidence_tables_keep_the_append_only_trigger():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE '%%historical%%'")
        history_tables = {row[0] for row in cursor.fetchall()}

    assert len(history_tables) >= 10
    assert (APPEND_ONLY_TABLES | history_tables) - protected_tables() == set()


@on_postgresql
def test_name_search_index_and_crn_sequence_are_made():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() is not None
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'case_name_trigram'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        cursor.execute("SELECT start_value, max_value FROM pg_sequences WHERE sequencename = 'supervision_crn_seq'")
        assert cursor.fetchone() == (100000, 999999)


def test_models_created_together_may_point_at_one_later_in_the_list():
    state = ProjectState()
    assert state.apps.get_models() == []  # rendered, as the migration executor has it

    CreateModels(
        [
            migrations.CreateModel(
                "Visit",
                [
                    ("id", models.AutoField(primary_key=True)),
                    ("place", models.ForeignKey("sketch.Place", models.CASCADE)),
                ],
            ),
            migrations.CreateModel("Place", [("id", models.AutoField(primary_key=True))]),
        ]
    ).state_forwards("sketch", state)

    place = state.apps.get_model("sketch", "Place")
    assert state.apps.get_model("sketch", "Visit")._meta.get_field("place").related_model is place
    assert [f.name for f in place._meta.get_fields()] == ["visit", "id"]
