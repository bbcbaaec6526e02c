"""Notifications in the admin: they name cases and people, so they are case records (read-only but for superusers)."""

from django.contrib import admin
from django.utils import timezone

from supervision import models
from supervision.admin.case_records import CaseRecordAdminMixin


@admin.register(models.Notification)
class NotificationAdmin(CaseRecordAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "emailed_at"]
    list_filter = ["read_at", "emailed_at"]
    search_fields = ["subject", "recipient__username", "event_key"]
    readonly_fields = ["created_at"]


@admin.register(models.OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by services and drained by workers. A failed e-mail can be tried
    again with the action below (it goes back to pending for the next sweep)."""

    list_display = ["subject", "to_address", "status", "attempts", "next_attempt_at", "sent_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["to_address", "subject"]
    readonly_fields = [field.name for field in models.OutboxEmail._meta.fields]
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Try the selected failed e-mails again")
    def try_again(self, request, queryset):
        count = queryset.filter(status=models.OutboxEmail.Status.FAILED).update(
            status=models.OutboxEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, f"{count} e-mail(s) will be sent by the next outbox sweep.")


@admin.register(models.UnroutedItem)
class UnroutedItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_key", "created_at", "resolved_at", "resolved_by"]
    list_filter = ["kind", "resolved_at"]
    search_fields = ["object_key"]
    readonly_fields = ["kind", "object_key", "case", "reason", "url", "created_at", "resolved_at", "resolved_by"]

    def has_add_permission(self, request):
        return False
