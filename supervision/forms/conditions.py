"""Licence condition forms. They parse what was typed; the conditions service checks the rules and its
messages show on the field they belong to."""

from crispy_forms_gds.layout import Field
from django import forms

from caseworks.fields import GovDateField, GovTextField, years_from_today
from caseworks.forms import SubmittedOnceForm, VersionedForm, form_helper
from supervision.models import KeyIndividual, LicenceConditionType
from supervision.services.conditions import VARIED_WORDING_REQUIRED


class LicenceConditionForm(SubmittedOnceForm):
    condition_type = forms.ModelChoiceField(
        label="Condition",
        queryset=LicenceConditionType.objects.filter(is_active=True),
        empty_label="Select the condition",
        error_messages={"required": "Select the condition"},
    )
    started_on = GovDateField(
        label="Start date", name="the start date", help_text="For example, 27 3 2026", max_value=years_from_today(1)
    )
    wording = GovTextField(
        label="Wording (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Leave blank to use the standard wording for this condition",
    )
    exclusion_zone_description = GovTextField(
        label="Exclusion zone description",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Only for an exclusion zone. Describe the boundaries, as on the map provided.",
    )
    key_individual = forms.ModelChoiceField(
        label="Person not to be contacted (optional)",
        queryset=KeyIndividual.objects.none(),
        required=False,
        empty_label="None",
        help_text="Only for a non-contact condition",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_individual"].queryset = case.key_individuals.all()
        for name in ("condition_type", "key_individual"):
            self.fields[name].widget.attrs["class"] = "govuk-select"
        self.helper = form_helper(
            Field("condition_type"),
            Field("started_on"),
            Field.textarea("wording"),
            Field.textarea("exclusion_zone_description"),
            Field("key_individual"),
            submit="Add condition",
        )


class StandardConditionsForm(SubmittedOnceForm):
    started_on = GovDateField(
        label="Start date", name="the start date", help_text="Usually the release date", max_value=years_from_today(1)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("started_on"), submit="Add the standard conditions")


class EndConditionForm(SubmittedOnceForm, VersionedForm):
    ended_on = GovDateField(
        label="End date", name="the end date", help_text="For example, 27 3 2026", max_value=years_from_today(1)
    )
    reason = GovTextField(label="Reason", max_length=200, error_messages={"required": "Enter the reason"})

    submit_label = "End condition"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("ended_on"), Field.text("reason"), submit=self.submit_label)


class VaryConditionForm(SubmittedOnceForm, VersionedForm):
    varied_on = GovDateField(
        label="Date of the variation", name="the date of the variation", max_value=years_from_today(1)
    )
    wording = GovTextField(
        label="Wording of the varied condition",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": VARIED_WORDING_REQUIRED},
    )
    exclusion_zone_description = GovTextField(
        label="Exclusion zone description", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    reason = GovTextField(
        label="Reason for the variation",
        max_length=200,
        error_messages={"required": "Enter the reason for the variation"},
    )

    def __init__(self, *args, condition, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("wording", condition.wording)
        self.initial.setdefault("exclusion_zone_description", condition.exclusion_zone_description)
        items = [Field("varied_on"), Field.textarea("wording")]
        if condition.condition_type.category == LicenceConditionType.Category.EXCLUSION_ZONE:
            items.append(Field.textarea("exclusion_zone_description"))
        else:
            del self.fields["exclusion_zone_description"]
        items.append(Field.text("reason"))
        self.helper = form_helper(*items, submit="Vary condition")
