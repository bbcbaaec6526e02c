"""On PostgreSQL the application's role cannot rewrite audit or history rows: UPDATE and DELETE raise, through the
ORM and in raw SQL, unless a maintenance session deliberately sets caseworks.allow_history_rewrite."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from caseworks.append_only import history_rewrite_allowed, protected_tables
from supervision.models import AuditEvent, Case, ContactAmendment
from supervision.tests.factories import CaseFactory, ContactFactory, StaffFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"),
]

APPEND_ONLY_MODELS = [
    "supervision.AuditEvent",
    "supervision.ContactAmendment",
    "supervision.RiskFlagReview",
    "supervision.CaseChange",
    "supervision.CaseAddress",
    "supervision.RecallEvent",
    "supervision.ProgrammeEnrolmentEvent",
    "supervision.OversightRecord",
    "supervision.OversightActionEvent",
    "supervision.CaseReview",
    "supervision.CaseReviewJudgement",
    "supervision.EnforcementDecision",
    "mappa.ReferralEvent",
]


def _audit_row(**fields):
    return AuditEvent.objects.create(
        action=AuditEvent.Action.VIEW, is_allowed=True, path="/cases/X1/", method="GET", status_code=200, **fields
    )


def test_every_history_table_and_every_append_only_table_has_the_trigger():
    history = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    wanted = {m._meta.db_table for m in history} | {
        apps.get_model(label)._meta.db_table for label in APPEND_ONLY_MODELS
    }

    assert len(history) >= 10
    assert wanted - protected_tables() == set()


def test_an_audit_row_cannot_be_updated_or_deleted_through_the_orm():
    row = _audit_row(username="anna")

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(username="someone else")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        row.delete()
    row.username = "someone else"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        row.save()

    assert AuditEvent.objects.get(pk=row.pk).username == "anna"


def test_audit_and_history_rows_cannot_be_rewritten_in_raw_sql():
    case = CaseFactory()
    _audit_row(case=case)
    history_table = Case.history.model._meta.db_table
    for sql in (
        f"UPDATE {AuditEvent._meta.db_table} SET username = 'x'",
        f"DELETE FROM {AuditEvent._meta.db_table}",
        f"UPDATE {history_table} SET last_name = 'x'",
        f"DELETE FROM {history_table}",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)

    assert case.history.count() == 1 and AuditEvent.objects.count() == 1


def test_a_contact_amendment_cannot_be_deleted_or_changed():
    contact = ContactFactory()
    amendment = ContactAmendment.objects.create(
        contact=contact, changes={"notes": {"from": "a", "to": "b"}}, reason="Typo", amended_by=StaffFactory()
    )

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ContactAmendment.objects.filter(pk=amendment.pk).update(reason="Nothing to see")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ContactAmendment.objects.filter(pk=amendment.pk).delete()


def test_the_escape_hatch_allows_a_rewrite_only_inside_the_session_that_set_it():
    row = _audit_row(username="anna")

    with transaction.atomic(), history_rewrite_allowed():
        AuditEvent.objects.filter(pk=row.pk).update(username="corrected")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=row.pk).update(username="again")

    assert AuditEvent.objects.get(pk=row.pk).username == "corrected"
