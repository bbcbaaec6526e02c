"""Admin pages for what the contact-frequency rules produce and for case-level requirements: the requirements
managers set, the overdue flags and the job's record of the days it has run. Flags and runs are read-only: the
job writes them.

Imported by supervision/admin/__init__.py.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from supervision.admin.case_records import CaseRecordAdminMixin
from supervision.admin.contact_rules import CHECKBOXES, ContactCountingForm
from supervision.models import CaseContactRequirement, OverdueFlag, OverdueFlagRun


class CaseContactRequirementForm(ContactCountingForm):
    class Meta:
        model = CaseContactRequirement
        fields = [
            "case",
            "contact_description",
            "contact_types",
            "counts_home_visits",
            "channels",
            "contacts_needed",
            "every_days",
            "grace_days",
            "starts_on",
            "ends_on",
            "reason",
            "set_by",
            "notify_line_manager_after_days",
            "chronic_overdue_periods",
            "chronic_within_periods",
        ]
        widgets = {"contact_types": CHECKBOXES, "reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("every_days") is None and "every_days" not in self.errors:
            self.add_error("every_days", "Enter how often, in days, the contact is needed")
        # The end date is the first day it no longer applies.
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", "The end date must be after the start date: it is the first day it stops")
        return data


@admin.register(CaseContactRequirement)
class CaseContactRequirementAdmin(CaseRecordAdminMixin, SimpleHistoryAdmin):
    form = CaseContactRequirementForm
    list_display = ["case", "contact_description", "every_days", "contacts_needed", "starts_on", "ends_on", "set_by"]
    search_fields = ["case__crn", "reason"]
    raw_id_fields = ["case", "set_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OverdueFlag)
class OverdueFlagAdmin(ReadOnlyAdmin):
    """Read-only: the job opens and closes flags."""

    list_display = ["case", "rule", "case_requirement", "due_on", "opened_on", "resolved_on", "resolution"]
    list_filter = ["resolution", "rule"]
    search_fields = ["case__crn"]
    date_hierarchy = "due_on"


@admin.register(OverdueFlagRun)
class OverdueFlagRunAdmin(ReadOnlyAdmin):
    """The days the overdue-contacts job has written flags for; a run for an earlier day writes nothing."""

    list_display = ["on", "opened", "closed", "officers_notified", "line_managers_notified", "last_run_at"]
    date_hierarchy = "on"
