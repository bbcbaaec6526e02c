"""Forms for key individuals, relationship disclosures, acute risk factors and risk flags. They parse what
was typed; the risk service checks the rules and its messages show on the field they belong to."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from caseworks.fields import GovDateField, GovTextField, years_from_today
from caseworks.forms import SubmittedOnceForm, VersionedForm, form_helper
from supervision.forms.conditions import EndConditionForm
from supervision.models import KeyIndividual, RiskFlagType
from supervision.services.risk import ACUTE_RISK_DESCRIPTION_REQUIRED, ACUTE_RISK_REVIEW_NOTES_REQUIRED


class KeyIndividualForm(SubmittedOnceForm, VersionedForm, forms.ModelForm):
    class Meta:
        model = KeyIndividual
        fields = [
            "name",
            "relationship",
            "is_victim",
            "is_potential_victim",
            "is_vulnerable",
            "is_pregnant",
            "children",
            "phone",
            "address",
            "notes",
        ]
        labels = {
            "is_victim": "Victim of the person's offending",
            "is_potential_victim": "Potential victim",
            "is_vulnerable": "Vulnerable",
            "is_pregnant": "Pregnant",
            "children": "Children (optional)",
            "phone": "Phone number (optional)",
            "address": "Address (optional)",
            "notes": "Notes (optional)",
        }
        widgets = {
            "children": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        # Their text fields with a maximum length and the GOV.UK message (the model's TextFields have none).
        field_classes = dict.fromkeys(["name", "phone", "children", "address", "notes"], GovTextField)

    acute_risk_description = GovTextField(
        label="Is this an acute risk factor? Describe it (optional)",
        name="The acute risk factor",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, a new relationship with a vulnerable, pregnant partner. The case will show a "
        "banner until the contact level and safeguarding referrals are reviewed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter their name"
        self.fields["relationship"].error_messages["required"] = "Select their relationship to the person"
        self.fields["relationship"].choices = [("", "Select the relationship")] + list(
            KeyIndividual.Relationship.choices
        )
        self.fields["relationship"].widget.attrs["class"] = "govuk-select"
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})
        self.helper = form_helper(
            Field.text("name", field_width=20),
            Field("relationship"),
            Fieldset(
                Field.checkbox("is_victim", small=True),
                Field.checkbox("is_potential_victim", small=True),
                Field.checkbox("is_vulnerable", small=True),
                Field.checkbox("is_pregnant", small=True),
                legend="Risk and vulnerability",
                legend_size=Size.SMALL,
            ),
            Field.textarea("children"),
            Field.text("phone", field_width=20),
            Field.textarea("address"),
            Field.textarea("notes"),
            Field.textarea("acute_risk_description"),
            submit="Save key individual",
        )


class RelationshipDisclosureForm(SubmittedOnceForm):
    key_individual = forms.ModelChoiceField(
        label="Who is the relationship with?",
        queryset=KeyIndividual.objects.none(),
        empty_label="Select the key individual",
        error_messages={"required": "Select who the relationship is with"},
        help_text="Add them as a key individual first if they are not listed",
    )
    learned_on = GovDateField(
        label="Date you learned of the relationship", name="the date you learned of it", max_value=years_from_today(1)
    )
    is_disclosed_by_person = forms.TypedChoiceField(
        label="Did the person disclose it as their licence requires?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person disclosed the relationship"},
    )
    source = GovTextField(
        label="How did you learn of it? (optional)",
        name="How you learned of it",
        max_length=200,
        required=False,
        help_text="For example, from his mother during a home visit",
    )
    notes = GovTextField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    acute_risk_description = GovTextField(
        label="Is this an acute risk factor? Describe it (optional)",
        name="The acute risk factor",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The case will show a banner until the contact level and safeguarding referrals are reviewed",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_individual"].queryset = case.key_individuals.all()
        self.fields["key_individual"].widget.attrs["class"] = "govuk-select"
        self.helper = form_helper(
            Field("key_individual"),
            Field("learned_on"),
            Field.radios("is_disclosed_by_person", legend_size=Size.SMALL, inline=True),
            Field.text("source"),
            Field.textarea("notes"),
            Field.textarea("acute_risk_description"),
            submit="Save disclosure",
        )


class AcuteRiskFactorForm(SubmittedOnceForm):
    description = GovTextField(
        label="Describe the acute risk factor",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": ACUTE_RISK_DESCRIPTION_REQUIRED},
    )
    identified_on = GovDateField(
        label="Date identified", name="the date it was identified", max_value=years_from_today(1)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("description"), Field("identified_on"), submit="Save acute risk factor"
        )


class AcuteRiskReviewForm(SubmittedOnceForm, VersionedForm):
    notes = GovTextField(
        label="What was decided about the contact level and safeguarding referrals?",
        name="What was decided",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": ACUTE_RISK_REVIEW_NOTES_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("notes"), submit="Record review")


class RiskFlagForm(SubmittedOnceForm):
    flag_type = forms.ModelChoiceField(
        label="Risk flag",
        queryset=RiskFlagType.objects.filter(is_active=True),
        empty_label="Select the risk flag",
        error_messages={"required": "Select the risk flag"},
    )
    started_on = GovDateField(label="Start date", name="the start date", max_value=years_from_today(1))
    next_review_on = GovDateField(label="Next review date", name="the next review date", max_value=years_from_today(3))
    notes = GovTextField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flag_type"].widget.attrs["class"] = "govuk-select"
        self.helper = form_helper(
            Field("flag_type"),
            Field("started_on"),
            Field("next_review_on"),
            Field.textarea("notes"),
            submit="Add risk flag",
        )


class RiskFlagReviewForm(SubmittedOnceForm, VersionedForm):
    reviewed_on = GovDateField(label="Date of the review", name="the date of the review", max_value=years_from_today(1))
    next_review_on = GovDateField(label="Next review date", name="the next review date", max_value=years_from_today(3))
    notes = GovTextField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("reviewed_on"), Field("next_review_on"), Field.textarea("notes"), submit="Record review"
        )


class EndRiskFlagForm(EndConditionForm):
    """The same questions as ending a condition: when, and why."""

    submit_label = "End risk flag"
