"""Admin pages: reference data and organisation for administrators; case records read-only and undeletable."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from supervision import models


@admin.register(models.RiskFlagType)
class RiskFlagTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "review_every_months", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


@admin.register(models.LicenceConditionType)
class LicenceConditionTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name"]


@admin.register(models.Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "number_of_sessions", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(models.ContactType)
class ContactTypeAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "group",
        "channel",
        "is_home_visit",
        "is_enforceable",
        "is_outcome_required",
        "is_bookable",
        "is_active",
    ]
    list_filter = ["group", "channel", "is_home_visit", "is_enforceable", "is_active"]
    search_fields = ["code", "name"]
    list_editable = ["is_active"]


@admin.register(models.BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name"]
    date_hierarchy = "day"
    search_fields = ["name"]
