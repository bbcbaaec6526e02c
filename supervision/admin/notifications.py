"""Notifications in the admin: they name cases and people, so they are case records (read-only but for superusers)."""

from django.contrib import admin

from supervision import models
from supervision.admin.case_records import CaseRecordAdminMixin


@admin.register(models.Notification)
class NotificationAdmin(CaseRecordAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "emailed_at"]
    list_filter = ["read_at", "emailed_at"]
    search_fields = ["subject", "recipient__username", "event_key"]
    readonly_fields = ["created_at"]
