"""Admin pages for agencies (reference data) and a read-only view of referrals, escalations and meetings.

Referrals, escalations, meetings and actions are case records: read-only for everyone but superusers, never
deleted. A referral's status and decision, and an escalation's status and resolution, move only through the
workflow (mappa/services/workflow.py), which checks each step and writes its history row; not even a superuser
types them here.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mappa import models
from supervision.admin.case_records import CaseRecordAdminMixin
from supervision.admin.read_only import ReadOnlyCaseRecordAdmin


@admin.register(models.Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "email", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "email"]


class ReferralEventInline(admin.TabularInline):
    model = models.ReferralEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "reason", "happened_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Referral)
class ReferralAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    list_display = ["case", "kind", "agency", "status", "sent_on", "response_due_on", "decision"]
    list_filter = ["kind", "status", "decision", "agency"]
    search_fields = ["case__crn"]
    raw_id_fields = ["case"]
    readonly_fields = ["status", "decision", "decision_reason"]
    inlines = [ReferralEventInline]


@admin.register(models.Escalation)
class EscalationAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    list_display = ["referral", "level", "assigned_to", "status", "due_on", "resolution"]
    list_filter = ["level", "status", "resolution"]
    search_fields = ["referral__case__crn"]
    raw_id_fields = ["referral"]
    readonly_fields = ["status", "resolution"]


class MappaActionInline(CaseRecordAdminMixin, admin.TabularInline):
    model = models.MappaAction
    extra = 0
    can_delete = False
    fields = ["description", "owner_agency", "owner_name", "owner_user", "due_on", "done_on"]


@admin.register(models.MappaMeeting)
class MappaMeetingAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    list_display = ["case", "held_on", "level", "chair", "next_review_on"]
    list_filter = ["level"]
    search_fields = ["case__crn", "chair"]
    raw_id_fields = ["case", "referral"]
    filter_horizontal = ["agencies"]
    inlines = [MappaActionInline]


@admin.register(models.MappaCoordinator)
class MappaCoordinatorAdmin(SimpleHistoryAdmin):
    """Where each MAPPA co-ordinator sits: a PDU or a region (the database refuses both or neither). The role
    itself is a privileged group only a superuser grants."""

    list_display = ["user", "pdu", "region"]
    list_filter = ["region", "pdu"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(models.DisputeMeeting)
class DisputeMeetingAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    list_display = ["referral", "held_on", "coordinator", "recorded_by"]
    search_fields = ["referral__case__crn"]
    raw_id_fields = ["referral", "escalation"]


@admin.register(models.MappaDecision)
class MappaDecisionAdmin(ReadOnlyCaseRecordAdmin):
    """Append-only in the database (mappa/migrations/0007): not even a superuser's repair could be saved."""

    list_display = ["referral", "stage", "decision", "decided_by", "decided_at"]
    list_filter = ["stage", "decision"]
    search_fields = ["referral__case__crn"]
    raw_id_fields = ["referral", "dispute_meeting"]
