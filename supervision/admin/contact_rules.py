"""Admin pages for contact-frequency rules: a form that refuses nonsense, a preview before saving, and history.

Imported by supervision/admin.py.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from supervision.contact_requirements import Requirement, describe_stored, load_contact_types, preview_requirement
from supervision.models import Case, CaseContactRequirement, ContactRule, ContactType, OverdueFlag

CHECKBOXES = forms.CheckboxSelectMultiple


def _choices_field(choices, label, coerce=str, help_text=""):
    return forms.TypedMultipleChoiceField(
        choices=choices, coerce=coerce, required=False, widget=CHECKBOXES, label=label, help_text=help_text
    )


NUMBER_MESSAGES = {
    "contacts_needed": "Enter a number of contacts of 1 or more",
    "every_days": "Enter a period of 1 day or more, or leave it empty for a one-off contact",
    "first_due_days": "Enter a first-due limit of 1 day or more, or leave it empty",
    "grace_days": "Enter grace days of 0 or more",
    "window_from_days": "Enter the first day of the window as 0 (the start) or more",
    "window_to_days": "Enter the last day of the window as 0 or more, or leave it empty",
    "notify_line_manager_after_days": "Enter a number of days of 0 or more, or leave it empty",
}


class ContactCountingForm(forms.ModelForm):
    channels = _choices_field(
        ContactType.Channel.choices, "Channels that count", help_text="Every contact type on a ticked channel counts."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in NUMBER_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["min_value"] = message
                self.fields[name].error_messages["invalid"] = message
        if "contact_types" in self.fields:
            self.fields["contact_types"].queryset = ContactType.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        self._check_some_contact_counts(data)
        self._check_no_zero_counts(data)
        self._check_contacts_fit_in_the_period(data)
        return data

    def _check_some_contact_counts(self, data):
        if "contact_types" in self.fields and not (
            data.get("contact_types") or data.get("channels") or data.get("counts_home_visits")
        ):
            self.add_error(
                "contact_types",
                "Choose at least one contact type, channel or “any home visit counts”: the rule counts no contact",
            )

    def _check_no_zero_counts(self, data):
        # The model fields are positive integers, which allow 0: no contacts, or a period of 0 days, is no rule.
        for name in ("contacts_needed", "every_days", "first_due_days"):
            if data.get(name) == 0:
                self.add_error(name, NUMBER_MESSAGES[name])

    def _check_contacts_fit_in_the_period(self, data):
        needed, every = data.get("contacts_needed"), data.get("every_days")
        if needed and every and needed > every:
            self.add_error("contacts_needed", f"{needed} contacts cannot all fit in a period of {every} days")


class ContactRuleForm(ContactCountingForm):
    rosh_levels = _choices_field(Case.RoSH.choices, "RoSH levels")
    tiers = _choices_field(Case.Tier.choices, "Tiers")
    mappa_categories = _choices_field(Case.MappaCategory.choices, "MAPPA categories", coerce=int)
    mappa_levels = _choices_field(Case.MappaLevel.choices, "MAPPA levels", coerce=int)
    supervision_types = _choices_field(Case.SupervisionType.choices, "Supervision types")
    final_third_exception_rosh_levels = _choices_field(
        Case.RoSH.choices, "Continues in the final third for RoSH levels"
    )

    class Meta:
        model = ContactRule
        fields = [
            "name",
            "rationale",
            "is_active",
            "match",
            "rosh_levels",
            "tiers",
            "mappa_categories",
            "mappa_levels",
            "supervision_types",
            "risk_flag_types",
            "hdc_curfew",
            "window_from_days",
            "window_to_days",
            "first_due_days",
            "stage",
            "final_third_exception_rosh_levels",
            "final_third_exception_mappa",
            "final_third_exception_flag_types",
            "contact_description",
            "contact_types",
            "counts_home_visits",
            "channels",
            "contacts_needed",
            "every_days",
            "grace_days",
            "notify_line_manager_after_days",
        ]
        widgets = {
            "contact_types": CHECKBOXES,
            "risk_flag_types": CHECKBOXES,
            "final_third_exception_flag_types": CHECKBOXES,
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }

    CRITERIA = ("rosh_levels", "tiers", "mappa_categories", "mappa_levels", "supervision_types", "risk_flag_types")

    def clean(self):
        data = super().clean()
        self._check_says_when_contact_is_due(data)
        self._check_window_order(data)
        self._check_match_any_has_a_criterion(data)
        self._check_final_third_exceptions_need_the_stage(data)
        return data

    def _check_says_when_contact_is_due(self, data):
        if data.get("every_days") is None and data.get("first_due_days") is None and "every_days" not in self.errors:
            self.add_error(
                "every_days", "Enter a period, a first-due limit, or both: the rule must say when contact is due"
            )

    def _check_window_order(self, data):
        start, end = data.get("window_from_days"), data.get("window_to_days")
        if start is not None and end is not None and end < start:
            self.add_error("window_to_days", f"The window must end on or after the day it starts (day {start})")

    def _check_match_any_has_a_criterion(self, data):
        if (
            data.get("match") == ContactRule.Match.ANY
            and not any(data.get(name) for name in self.CRITERIA)
            and not data.get("hdc_curfew")
        ):
            self.add_error("match", "Choose at least one criterion for the rule to match any of")

    def _check_final_third_exceptions_need_the_stage(self, data):
        has_exceptions = (
            data.get("final_third_exception_rosh_levels")
            or data.get("final_third_exception_mappa")
            or data.get("final_third_exception_flag_types")
        )
        if has_exceptions and data.get("stage") != ContactRule.Stage.NOT_FINAL_THIRD:
            self.add_error(
                "stage", "Choose “Stops in the final third” to use the final-third exceptions, or clear them"
            )

    def unsaved_requirement(self) -> Requirement:
        """The rule as entered, for the preview, without saving anything."""
        rule = self.instance
        for name, value in self.cleaned_data.items():
            if name not in ("contact_types", "risk_flag_types", "final_third_exception_flag_types"):
                setattr(rule, name, value)
        return Requirement.from_rule(
            rule,
            contact_types=load_contact_types(),
            contact_type_ids=[t.pk for t in self.cleaned_data["contact_types"]],
            flag_type_ids=[t.pk for t in self.cleaned_data["risk_flag_types"]],
            exception_flag_type_ids=[t.pk for t in self.cleaned_data["final_third_exception_flag_types"]],
        )


@admin.register(ContactRule)
class ContactRuleAdmin(SimpleHistoryAdmin):
    form = ContactRuleForm
    change_form_template = "admin/supervision/contactrule/change_form.html"
    list_display = ["name", "frequency", "is_active", "updated_at"]
    list_filter = ["is_active", "counts_home_visits", "stage"]
    search_fields = ["name", "rationale", "contact_description"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "rationale", "is_active"]}),
        (
            "Which cases",
            {
                "description": "Leave a criterion empty to cover every case. A case is covered only while the "
                "rule applies: within the window and, for a Probation Reset rule, before the final third.",
                "fields": [
                    "match",
                    "rosh_levels",
                    "tiers",
                    "mappa_categories",
                    "mappa_levels",
                    "supervision_types",
                    "risk_flag_types",
                    "hdc_curfew",
                ],
            },
        ),
        ("When in the supervision period", {"fields": ["window_from_days", "window_to_days", "first_due_days"]}),
        (
            "Probation Reset: the final third",
            {
                "fields": [
                    "stage",
                    "final_third_exception_rosh_levels",
                    "final_third_exception_mappa",
                    "final_third_exception_flag_types",
                ]
            },
        ),
        (
            "What contact counts",
            {"fields": ["contact_description", "contact_types", "counts_home_visits", "channels"]},
        ),
        ("How often", {"fields": ["contacts_needed", "every_days", "grace_days"]}),
        ("Escalation", {"fields": ["notify_line_manager_after_days"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="Contact needed")
    def frequency(self, rule):
        return describe_stored(rule)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "preview_on": timezone.localdate()}
        if request.method == "POST" and "_preview" in request.POST:
            return self._preview_view(request, object_id, form_url, extra_context)
        if object_id and request.method == "GET":
            extra_context.update(self._saved_rule_preview(request, object_id, on=extra_context["preview_on"]))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _saved_rule_preview(self, request, object_id, *, on) -> dict:
        """The cases a saved rule covers today, shown above its form; nothing when the rule does not exist."""
        rule = self.get_object(request, unquote(object_id))
        if rule is None:
            return {}
        form = self.get_form(request, rule, change=True)(instance=rule)
        # The saved many-to-many choices stand in for a submitted form, so the preview reads the rule the same
        # way whether it is saved or being edited.
        form.cleaned_data = {
            "contact_types": rule.contact_types.all(),
            "risk_flag_types": rule.risk_flag_types.all(),
            "final_third_exception_flag_types": rule.final_third_exception_flag_types.all(),
        }
        return {"rule_preview": preview_requirement(form.unsaved_requirement(), on=on), "rule_preview_is_saved": True}

    def _preview_view(self, request, object_id, form_url, extra_context):
        """Validate the form and show how many cases the rule would cover, without saving anything."""
        add = object_id is None
        obj = None if add else self.get_object(request, unquote(object_id))
        if not add and (obj is None or not self.has_change_permission(request, obj)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if add and not self.has_add_permission(request):
            return super().changeform_view(request, object_id, form_url, extra_context)
        form = self.get_form(request, obj, change=not add)(request.POST, request.FILES, instance=obj)
        if form.is_valid():
            extra_context["rule_preview"] = preview_requirement(
                form.unsaved_requirement(), on=extra_context["preview_on"]
            )
        context = self._unsaved_form_context(request, form, obj, object_id, extra_context)
        return self.render_change_form(request, context, add=add, change=not add, obj=obj, form_url=form_url)

    def _unsaved_form_context(self, request, form, obj, object_id, extra_context) -> dict:
        """The context Django's own change view would build for the form as submitted, with no inlines."""
        add = object_id is None
        fieldsets = self.get_fieldsets(request, obj)
        admin_form = helpers.AdminForm(
            form, list(fieldsets), {}, self.get_readonly_fields(request, obj), model_admin=self
        )
        return {
            **self.admin_site.each_context(request),
            "title": ("Add %s" if add else "Change %s") % self.opts.verbose_name,
            "subtitle": None if add else str(obj),
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            **extra_context,
        }


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
        ]
        widgets = {"contact_types": CHECKBOXES, "reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("every_days") is None and "every_days" not in self.errors:
            self.add_error("every_days", "Enter how often, in days, the contact is needed")
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data


@admin.register(CaseContactRequirement)
class CaseContactRequirementAdmin(SimpleHistoryAdmin):
    form = CaseContactRequirementForm
    list_display = ["case", "contact_description", "every_days", "contacts_needed", "starts_on", "ends_on", "set_by"]
    search_fields = ["case__crn", "reason"]
    raw_id_fields = ["case", "set_by"]


@admin.register(OverdueFlag)
class OverdueFlagAdmin(admin.ModelAdmin):
    """Read-only: the job opens and closes flags."""

    list_display = ["case", "rule", "case_requirement", "due_on", "opened_on", "resolved_on", "resolution"]
    list_filter = ["resolution", "rule"]
    search_fields = ["case__crn"]
    date_hierarchy = "due_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
