"""Admin pages for agencies (reference data) and a read-only view of referrals, escalations and meetings."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mappa import models


class NoDeleteMixin:
    """Referrals, escalations and meetings are part of the case record: never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


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
class ReferralAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["case", "kind", "agency", "status", "sent_on", "response_due_on", "decision"]
    list_filter = ["kind", "status", "decision", "agency"]
    search_fields = ["case__crn"]
    raw_id_fields = ["case"]
    inlines = [ReferralEventInline]


@admin.register(models.Escalation)
class EscalationAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["referral", "level", "assigned_to", "status", "due_on", "resolution"]
    list_filter = ["level", "status", "resolution"]
    search_fields = ["referral__case__crn"]
    raw_id_fields = ["referral"]


class MappaActionInline(admin.TabularInline):
    model = models.MappaAction
    extra = 0
    can_delete = False
    fields = ["description", "owner_agency", "owner_name", "owner_user", "due_on", "done_on"]


@admin.register(models.MappaMeeting)
class MappaMeetingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["case", "held_on", "level", "chair", "next_review_on"]
    list_filter = ["level"]
    search_fields = ["case__crn", "chair"]
    raw_id_fields = ["case", "referral"]
    filter_horizontal = ["agencies"]
    inlines = [MappaActionInline]
