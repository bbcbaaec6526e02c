"""Admin pages: reference data and organisation for administrators; case records read-only and undeletable."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from supervision import models


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(models.PDU)
class PDUAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "pdu"]
    list_filter = ["pdu__region", "pdu"]
    search_fields = ["name"]


@admin.register(models.StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "grade", "team", "line_manager", "deputy", "absent_from", "absent_until"]
    list_filter = ["grade", "team"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "line_manager", "deputy"]
