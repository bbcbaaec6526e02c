"""Runs the generator: refuses a database that already holds data (unless told to replace it), then writes
supervision's rows and every registered app's in one transaction, with a progress bar, and analyses the tables
so the first queries on the new data get sensible plans."""

import sys
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from supervision.models import Case, Contact
from supervision.reference_data import load_reference_data
from supervision.scale import SCALE_STEPS, ScaleStep
from supervision.scale.cases import build_cases, build_waiting_cases
from supervision.scale.contacts import build_contacts
from supervision.scale.organisation import build_organisation
from supervision.scale.progress import Progress
from supervision.scale.records import (
    build_access_limits,
    build_acute_risk_factors,
    build_case_requirements,
    build_conditions,
    build_key_individuals,
    build_risk_flags,
)
from supervision.scale.run import ScaleRun
from supervision.scale.sizes import SIZES
from supervision.scale.sql import orphaned_foreign_keys, table

CONTACTS_WEIGHT = 70
SUPERVISION_STEPS = [
    ScaleStep("Organisation and staff", build_organisation, order=0, weight=1),
    ScaleStep("Cases", build_cases, order=0, weight=3),
    ScaleStep("Key individuals", build_key_individuals, order=0, weight=2),
    ScaleStep("Licence conditions", build_conditions, order=0, weight=4),
    ScaleStep("Risk flags", build_risk_flags, order=0, weight=1),
    ScaleStep("Case-level contact requirements", build_case_requirements, order=0, weight=1),
    ScaleStep("Limited access", build_access_limits, order=0, weight=1),
    ScaleStep("Acute risk factors", build_acute_risk_factors, order=0, weight=1),
]
# Configuration every deployment loads, kept by --replace (with the audit of it, which goes with the sign-ins).
REFERENCE_DATA = {
    "supervision.contacttype",
    "supervision.licenceconditiontype",
    "supervision.riskflagtype",
    "supervision.bankholiday",
    "supervision.contactrule",
    "mappa.agency",
}


class DatabaseNotEmpty(Exception):
    pass


@dataclass
class ScaleResult:
    seconds: float
    counts: dict[str, int]


def has_data() -> bool:
    return Case.objects.exists() or User.objects.exists()


def _tables_to_empty() -> list[str]:
    kept = set()
    for label in REFERENCE_DATA:
        model = apps.get_model(label)
        kept.add(table(model))
        if hasattr(model, "history"):
            kept.add(table(model.history.model))
    names = {"auth_user"}
    for label in ("supervision", "mappa"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            name = table(model)
            # Many-to-many tables of the reference data, and their history, are named after it.
            if not any(name == k or name.startswith(k + "_") for k in kept):
                names.add(name)
    return sorted(names)


def empty_database(cursor) -> None:
    """Everything but the reference data: case records, staff and sign-ins, and whatever refers to them."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign-key checks still queued would block TRUNCATE
    cursor.execute(f"TRUNCATE {', '.join(_tables_to_empty())} RESTART IDENTITY CASCADE")


def generate(size_name: str, *, replace: bool = False, today: date | None = None, stream=None) -> ScaleResult:
    size = SIZES[size_name]
    if has_data() and not replace:
        raise DatabaseNotEmpty("The database already has data: use --replace to empty it first.")
    steps = [*SUPERVISION_STEPS, *SCALE_STEPS]
    progress = Progress(sum(s.weight for s in steps) + CONTACTS_WEIGHT + 5, stream=stream or sys.stderr)
    with transaction.atomic(), connection.cursor() as cursor:
        if replace:
            progress.step("emptying the database")
            empty_database(cursor)
        load_reference_data()
        # Foreign-key triggers off (a row-by-row lookup per key costs more than the insert itself): the keys are
        # proved set-based before the commit instead (orphaned_foreign_keys). CHECK constraints still apply. JIT
        # off: it compiles each statement for seconds to save milliseconds on these plans.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SELECT setseed(0.2026)")
        run = ScaleRun(size=size, today=today or timezone.localdate(), cursor=cursor, progress=progress)
        for step in SUPERVISION_STEPS:
            progress.step(step.name)
            step.build(run)
            progress.advance(step.weight)
        progress.step("Contacts")
        build_contacts(run, weight=CONTACTS_WEIGHT)
        # After the contacts and the other records: a case just opened has none yet.
        progress.step("Cases waiting for allocation")
        build_waiting_cases(run)
        progress.advance(1)
        for step in SCALE_STEPS:
            progress.step(step.name)
            step.build(run)
            progress.advance(step.weight)
        progress.step("checking foreign keys")
        cursor.execute("SET LOCAL session_replication_role = origin")
        broken = orphaned_foreign_keys(cursor, _tables_to_empty())
        if broken:
            raise RuntimeError(f"Generated rows name rows that do not exist: {', '.join(broken)}")
        progress.advance(1, "analysing tables")
        cursor.execute("ANALYZE")
        counts = {
            "active cases": Case.objects.active().count(),
            "unallocated": Case.objects.active().filter(responsible_officer__isnull=True).count(),
            "cases": Case.objects.count(),
            "contacts": Contact.objects.count(),
            "officers": run.scalar("SELECT count(*) FROM scale_officer"),
            "staff": User.objects.count(),
        }
    return ScaleResult(seconds=progress.finish(), counts=counts)
