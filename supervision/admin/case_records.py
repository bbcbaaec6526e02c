"""Case records in the admin: read-only for everyone but superusers, and never deleted.

Cases, contacts, conditions, risk flags and the people around a case are written through the case pages, which
check the rules and keep the history; an admin form would bypass both. Only a superuser, repairing data, may
add or change a record here.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from supervision import models


class CaseRecordAdminMixin:
    """Case records are never deleted (they are closed, ended or amended instead), and only superusers edit them."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # A superuser's repair is an edit like any other: a case page form opened before it is now stale and
        # its save is refused (the version check), rather than silently undoing the repair.
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)


class KeyIndividualInline(CaseRecordAdminMixin, admin.TabularInline):
    model = models.KeyIndividual
    extra = 0
    fields = ["name", "relationship", "is_victim", "is_potential_victim", "is_vulnerable", "is_pregnant"]
    can_delete = False


@admin.register(models.Case)
class CaseAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    list_display = ["crn", "last_name", "first_name", "supervision_type", "rosh", "tier", "mappa_level", "status"]
    list_filter = ["status", "supervision_type", "rosh", "tier", "mappa_category", "mappa_level", "team"]
    search_fields = ["crn", "first_name", "last_name"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["responsible_officer"]
    inlines = [KeyIndividualInline]


@admin.register(models.KeyIndividual)
class KeyIndividualAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "relationship", "case", "is_victim", "is_potential_victim", "is_vulnerable"]
    list_filter = ["relationship", "is_victim", "is_potential_victim", "is_vulnerable"]
    search_fields = ["name", "case__crn"]
    raw_id_fields = ["case"]
    readonly_fields = ["created_by"]  # set by the service that added the person; never typed


@admin.register(models.RiskFlag)
class RiskFlagAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    list_display = ["flag_type", "case", "started_on", "next_review_on", "ended_on", "ended_by"]
    list_filter = ["flag_type", "ended_on"]
    search_fields = ["case__crn"]
    raw_id_fields = ["case"]
    readonly_fields = ["ended_by"]  # set by the service that ended the flag; never typed


@admin.register(models.LicenceCondition)
class LicenceConditionAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    list_display = ["condition_type", "case", "started_on", "ended_on", "ended_by"]
    list_filter = ["condition_type__category"]
    search_fields = ["case__crn", "wording"]
    raw_id_fields = ["case", "key_individual", "replaces"]
    readonly_fields = ["ended_by"]  # set by the service that ended or varied the condition; never typed


class ContactAmendmentInline(admin.TabularInline):
    model = models.ContactAmendment
    extra = 0
    can_delete = False
    readonly_fields = ["changes", "reason", "amended_by", "amended_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Contact)
class ContactAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    """Read-only here: contacts are recorded and amended through the case pages, which keep the reason."""

    list_display = ["case", "contact_type", "starts_at", "made_by", "outcome", "is_sensitive"]
    list_filter = ["contact_type", "made_by", "outcome", "is_sensitive"]
    search_fields = ["case__crn", "made_by_name"]
    date_hierarchy = "starts_at"
    inlines = [ContactAmendmentInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
