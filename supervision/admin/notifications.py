"""Admin pages: reference data and organisation for administrators; case records read-only and undeletable."""

from django.contrib import admin

from supervision import models


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "emailed_at"]
    list_filter = ["read_at", "emailed_at"]
    search_fields = ["subject", "recipient__username", "event_key"]
    readonly_fields = ["created_at"]
