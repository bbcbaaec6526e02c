"""Enforcement in the admin: the policy's deadlines are configuration administrators edit (one row); decisions,
recalls, their steps and the outstanding-decision flags are case records, read-only here.

Imported by supervision/admin/__init__.py.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from supervision import models
from supervision.admin.read_only import ReadOnlyCaseRecordAdmin, ReadOnlyInline

EMERGENCY_SLOWER = "An emergency recall's {what} deadline must be no longer than a standard recall's ({hours} hours)"
AT_LEAST_ONE = "Enter a number of 1 or more"


class EnforcementPolicyForm(forms.ModelForm):
    """The CHECK constraints' rules, said in words before the database refuses them."""

    class Meta:
        model = models.EnforcementPolicy
        fields = [
            "unacceptable_absence_decision_days",
            "tell_line_manager_after_days",
            "warning_in_force_days",
            "standard_recall_endorse_hours",
            "standard_recall_countersign_hours",
            "emergency_recall_endorse_hours",
            "emergency_recall_countersign_hours",
        ]

    def clean(self):
        data = super().clean()
        for name in (
            "unacceptable_absence_decision_days",
            "warning_in_force_days",
            "emergency_recall_endorse_hours",
            "emergency_recall_countersign_hours",
        ):
            if data.get(name) is not None and data[name] < 1:
                self.add_error(name, AT_LEAST_ONE)
        for what in ("endorse", "countersign"):
            emergency, standard = data.get(f"emergency_recall_{what}_hours"), data.get(f"standard_recall_{what}_hours")
            if emergency is not None and standard is not None and emergency > standard:
                self.add_error(f"emergency_recall_{what}_hours", EMERGENCY_SLOWER.format(what=what, hours=standard))
        return data


@admin.register(models.EnforcementPolicy)
class EnforcementPolicyAdmin(SimpleHistoryAdmin):
    """One row: added once (when none is stored yet), then only changed; never deleted."""

    form = EnforcementPolicyForm
    list_display = ["__str__", "unacceptable_absence_decision_days", "tell_line_manager_after_days", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not models.EnforcementPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = 1  # the one row (a CHECK constraint)
        super().save_model(request, obj, form, change)


class RecallEventInline(ReadOnlyInline):
    model = models.RecallEvent
    fields = readonly_fields = ["action", "from_status", "to_status", "actor", "reason", "happened_at"]


@admin.register(models.EnforcementDecision)
class EnforcementDecisionAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["case", "kind", "decided_on", "in_force_until", "decided_by", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["case__crn"]
    date_hierarchy = "decided_on"


@admin.register(models.Recall)
class RecallAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["case", "kind", "status", "recommended_at", "endorse_by", "countersign_by", "confirmed_on"]
    list_filter = ["kind", "status"]
    search_fields = ["case__crn"]
    inlines = [RecallEventInline]


@admin.register(models.RecallEvent)
class RecallEventAdmin(ReadOnlyCaseRecordAdmin):
    list_display = ["recall", "action", "from_status", "to_status", "actor", "happened_at"]
    list_filter = ["action"]
    search_fields = ["recall__case__crn"]


@admin.register(models.AbsenceDecisionFlag)
class AbsenceDecisionFlagAdmin(ReadOnlyCaseRecordAdmin):
    """The job opens and closes these (supervision.services.absence_decisions)."""

    list_display = ["case", "contact", "due_on", "opened_on", "officer_notified_at", "line_manager_notified_at"]
    list_filter = ["resolution"]
    search_fields = ["case__crn"]
    date_hierarchy = "due_on"
