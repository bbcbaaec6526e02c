"""Admin pages for contact-frequency rules: a form that refuses nonsense, a preview before saving, and history.

Imported by supervision/admin.py.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from supervision.contact_requirements import Requirement, describe_stored, load_contact_types
from supervision.contact_requirements.preview import preview
from supervision.models import Case, ContactRule, ContactType
from supervision.models.rules import CONTACT_GROUPS_WITHOUT_THE_PERSON

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
    "chronic_overdue_periods": "Enter a number of periods of 1 or more, or leave it empty",
    "chronic_within_periods": "Enter a number of periods of 1 or more, or leave it empty",
}


class ContactCountingForm(forms.ModelForm):
    channels = _choices_field(
        ContactType.Channel.choices,
        "Channels that count",
        help_text="Every contact type on a ticked channel counts, but only contacts in which the person on "
        "probation took part: a key individual seen at home (the partner, say) does not count for Home, and "
        "liaison with another agency never counts.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in NUMBER_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["min_value"] = message
                self.fields[name].error_messages["invalid"] = message
        if "contact_types" in self.fields:
            # Types in which the person does not take part never count, so they are not offered.
            self.fields["contact_types"].queryset = ContactType.objects.filter(is_active=True).exclude(
                group__in=CONTACT_GROUPS_WITHOUT_THE_PERSON
            )

    def clean(self):
        data = super().clean()
        self._check_some_contact_counts(data)
        self._check_no_zero_counts(data)
        self._check_contacts_fit_in_the_period(data)
        self._check_chronic_shortfall(data)
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

    def _check_chronic_shortfall(self, data):
        overdue, within = data.get("chronic_overdue_periods"), data.get("chronic_within_periods")
        for name in ("chronic_overdue_periods", "chronic_within_periods"):
            if data.get(name) == 0:
                self.add_error(name, NUMBER_MESSAGES[name])
        if (overdue is None) != (within is None):
            self.add_error("chronic_within_periods", "Enter both numbers for a chronic shortfall, or neither")
        elif overdue and within and overdue > within:
            self.add_error("chronic_overdue_periods", f"It cannot be overdue in more than the last {within} periods")
        elif overdue and data.get("every_days") is None and "every_days" in self.fields:
            self.add_error("chronic_overdue_periods", "A one-off contact has no periods: leave these empty")


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
            "effective_from",
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
            "chronic_overdue_periods",
            "chronic_within_periods",
        ]
        widgets = {
            "contact_types": CHECKBOXES,
            "risk_flag_types": CHECKBOXES,
            "final_third_exception_flag_types": CHECKBOXES,
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }

    CRITERIA = ("rosh_levels", "tiers", "mappa_categories", "mappa_levels", "supervision_types", "risk_flag_types")
    # Fields that do not change what the rule asks: editing only these keeps its effective date and its clock.
    NOT_WHAT_IT_ASKS = {"name", "rationale", "is_active", "effective_from", "notify_line_manager_after_days"}
    NOT_WHAT_IT_ASKS |= {"chronic_overdue_periods", "chronic_within_periods"}

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["effective_from"].required = False
        # Its default is a callable, for which Django compares against a hidden copy of the first value shown;
        # compare with the saved date instead, so an untouched date counts as unchanged.
        self.fields["effective_from"].show_hidden_initial = False
        self.fields["effective_from"].help_text += " Empty: today."

    def clean(self):
        data = super().clean()
        self._settle_effective_date(data)
        self._check_not_a_copy(data)
        self._check_says_when_contact_is_due(data)
        self._check_window_order(data)
        self._check_match_any_has_a_criterion(data)
        self._check_final_third_exceptions_need_the_stage(data)
        return data

    def _settle_effective_date(self, data):
        """Empty means today. An edit to what the rule asks takes effect today unless another day is chosen, so
        nothing is overdue against the new version before it existed. A rule never takes effect in the past."""
        chosen = data.get("effective_from")
        asks_something_new = self.instance.pk is None or bool(set(self.changed_data) - self.NOT_WHAT_IT_ASKS)
        if chosen is None or (asks_something_new and "effective_from" not in self.changed_data):
            data["effective_from"] = self.today
        elif "effective_from" in self.changed_data and chosen < self.today:
            self.add_error(
                "effective_from",
                "The rule cannot take effect before today: nothing can be overdue against a rule before it exists",
            )

    def _check_not_a_copy(self, data):
        """A second active rule asking exactly what another asks would flag every case twice."""
        if not data.get("is_active") or self.errors:
            return
        mine = self._what_it_asks(data.get)
        others = ContactRule.objects.filter(is_active=True).exclude(pk=self.instance.pk)
        for other in others.prefetch_related(*self.MANY):
            if self._what_it_asks(lambda name, other=other: getattr(other, name)) == mine:
                self.add_error(
                    None, f"The active rule “{other.name}” already asks exactly this. Change that rule instead."
                )
                return

    MANY = ("contact_types", "risk_flag_types", "final_third_exception_flag_types")

    def _what_it_asks(self, value_of) -> dict:
        """Every field that changes what the rule asks, comparable between a submitted form and a saved rule."""
        found = {}
        # This class's own list: the admin's subclass adds the read-only record fields.
        for name in ContactRuleForm.Meta.fields:
            if name in self.NOT_WHAT_IT_ASKS:
                continue
            value = value_of(name)
            if name in self.MANY:
                found[name] = {t.pk for t in (value.all() if hasattr(value, "all") else value or ())}
            elif isinstance(value, list):
                found[name] = sorted(int(v) if name.startswith("mappa") else v for v in value)
            else:
                found[name] = value
        return found

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
    # Grouped as an administrator thinks of a rule: who it covers, what counts, how often, who is told. The rarely
    # used parts are collapsed (a <details> element in Django's admin), so the form fits a phone screen.
    fieldsets = [
        (None, {"fields": ["name", "rationale", "is_active", "effective_from"]}),
        (
            "Who it covers",
            {
                "description": "Leave a criterion empty to cover every case. A case is covered only within the "
                "window, from the supervision start (the release date for a licence) and before its expected end "
                "date, and, for a Probation Reset rule, before the final third.",
                "fields": ["match", "rosh_levels", "tiers", "supervision_types", "window_from_days", "window_to_days"],
            },
        ),
        (
            "Who it covers: MAPPA, risk flags and HDC curfew",
            {
                "classes": ["collapse"],
                "description": "A risk flag counts from its start date up to, not including, its end date.",
                "fields": ["mappa_categories", "mappa_levels", "risk_flag_types", "hdc_curfew"],
            },
        ),
        (
            "Who it covers: Probation Reset and the final third",
            {
                "classes": ["collapse"],
                "fields": [
                    "stage",
                    "final_third_exception_rosh_levels",
                    "final_third_exception_mappa",
                    "final_third_exception_flag_types",
                ],
            },
        ),
        (
            "What counts",
            {
                "description": "Only contacts in which the person on probation was seen or spoken to count: "
                "attended, or contact made. Failed to attend, absences and rescheduled appointments do not.",
                "fields": ["contact_description", "counts_home_visits", "channels"],
            },
        ),
        ("What counts: particular contact types", {"classes": ["collapse"], "fields": ["contact_types"]}),
        ("How often", {"fields": ["contacts_needed", "every_days", "first_due_days", "grace_days"]}),
        (
            "Who is told",
            {
                "description": "The responsible officer is told once when a contact becomes overdue. Their line "
                "manager gets one summary a day of what this section asks them to hear about.",
                "fields": ["notify_line_manager_after_days", "chronic_overdue_periods", "chronic_within_periods"],
            },
        ),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="Contact needed")
    def frequency(self, rule):
        return describe_stored(rule)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "preview_on": timezone.localdate()}
        if request.method == "POST" and "_preview" in request.POST:
            return self._preview_view(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _saved_requirement(self, request, rule) -> Requirement | None:
        """The rule as saved, for comparison with an edit; None when it is inactive (it covers nothing)."""
        if not rule.is_active:
            return None
        form = self.get_form(request, rule, change=True)(instance=rule)
        # The saved choices stand in for a submitted form, so both versions are read the same way.
        form.cleaned_data = {
            "contact_types": rule.contact_types.all(),
            "risk_flag_types": rule.risk_flag_types.all(),
            "final_third_exception_flag_types": rule.final_third_exception_flag_types.all(),
        }
        return form.unsaved_requirement()

    def _preview_view(self, request, object_id, form_url, extra_context):
        """Validate the form and show which cases the rule would cover and what would change, saving nothing."""
        add = object_id is None
        obj = None if add else self.get_object(request, unquote(object_id))
        if not add and (obj is None or not self.has_change_permission(request, obj)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if add and not self.has_add_permission(request):
            return super().changeform_view(request, object_id, form_url, extra_context)
        saved = None if add else self._saved_requirement(request, ContactRule.objects.get(pk=obj.pk))
        form = self.get_form(request, obj, change=not add)(request.POST, request.FILES, instance=obj)
        if form.is_valid():
            # Worked out on the day the rule takes effect, or today if that has passed.
            on = max(extra_context["preview_on"], form.cleaned_data["effective_from"])
            extra_context["rule_preview"] = preview(
                form.unsaved_requirement(),
                is_active=form.cleaned_data["is_active"],
                on=on,
                user=request.user,
                saved=saved,
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
