"""A case's history in the admin, read-only: allocations and transfers, changes to the case and its addresses, and
allegations with their steps, findings, accounts, checks and police intelligence. Each is written by a service that
checks the rules and keeps the history; several are append-only tables.

Imported by supervision/admin/__init__.py.
"""

from django.contrib import admin

from supervision import models
from supervision.admin.read_only import ReadOnlyCaseRecordAdmin, ReadOnlyInline


@admin.register(models.CaseAllocation)
class CaseAllocationAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["case", "kind", "from_team", "to_team", "from_officer", "to_officer", "by", "at"]
    list_filter = ["kind"]
    search_fields = ["case__crn"]


@admin.register(models.CaseChange)
class CaseChangeAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["case", "kind", "effective_on", "changed_by", "changed_at"]
    list_filter = ["kind"]
    search_fields = ["case__crn"]
    date_hierarchy = "effective_on"


@admin.register(models.CaseAddress)
class CaseAddressAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["case", "postcode", "starts_on", "is_approved_premises", "created_at"]
    list_filter = ["is_approved_premises"]
    search_fields = ["case__crn", "postcode"]


class AllegationEventInline(ReadOnlyInline):
    model = models.AllegationEvent
    fields = readonly_fields = ["action", "from_status", "to_status", "actor", "reason", "happened_at"]


class AllegationFindingInline(ReadOnlyInline):
    model = models.AllegationFinding
    fk_name = "allegation"
    fields = readonly_fields = ["outcome", "rationale", "decided_on", "decided_by", "revisit_reason", "recorded_at"]


@admin.register(models.Allegation)
class AllegationAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["case", "received_on", "reported_by", "urgency", "first_response_due_on", "status", "finding"]
    list_filter = ["status", "urgency", "reported_by"]
    search_fields = ["case__crn"]
    date_hierarchy = "received_on"
    inlines = [AllegationEventInline, AllegationFindingInline]


@admin.register(models.AllegationEvent)
class AllegationEventAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["allegation", "action", "from_status", "to_status", "actor", "happened_at"]
    list_filter = ["action"]
    search_fields = ["allegation__case__crn"]


@admin.register(models.AllegationFinding)
class AllegationFindingAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["allegation", "outcome", "decided_on", "decided_by", "recorded_at"]
    list_filter = ["outcome"]
    search_fields = ["allegation__case__crn"]


@admin.register(models.AllegationAccount)
class AllegationAccountAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["allegation", "given_by", "giver_name", "given_on", "recorded_by"]
    list_filter = ["given_by"]
    search_fields = ["allegation__case__crn"]


@admin.register(models.VerificationStep)
class VerificationStepAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["allegation", "kind", "carried_out_on", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["allegation__case__crn"]


@admin.register(models.PoliceIntelligence)
class PoliceIntelligenceAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["case", "received_on", "source", "relevance", "allegation", "recorded_by"]
    list_filter = ["relevance"]
    search_fields = ["case__crn", "source"]
