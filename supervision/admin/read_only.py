"""Case records the admin shows and never edits: the workflows and jobs that write them check the rules and keep the
history, and several are append-only tables the database refuses to rewrite. Administrators hold no permission on
case records (supervision.roles), so in practice a superuser reads them here, repairing data or investigating."""

from django.contrib import admin


class ReadOnlyCaseRecordAdmin(admin.ModelAdmin):
    """Viewable, never added, changed or deleted here, not even by a superuser."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
