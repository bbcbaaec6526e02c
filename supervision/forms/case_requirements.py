"""Forms for a case-level contact requirement: setting one, and ending one early. They parse what was typed;
the case requirements service checks the rules and its messages show on the field they belong to."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from caseworks.fields import GovDateField, GovTextField, years_from_today
from caseworks.forms import SubmittedOnceForm, VersionedForm, form_helper
from supervision.models import ContactType
from supervision.services.case_requirements import (
    EARLY_END_REASON_REQUIRED,
    NO_CONTACT_COUNTS,
    REASON_REQUIRED,
    CaseRequirementDetails,
)

# Contact with the person themselves: liaison with other agencies never meets a contact requirement.
COUNTABLE_GROUPS = [ContactType.Group.APPOINTMENT, ContactType.Group.HOME_VISIT, ContactType.Group.PHONE_AND_MESSAGES]


def _number(label, *, message, help_text="", initial=None):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=365,
        initial=initial,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
    )


class CaseRequirementForm(SubmittedOnceForm):
    contact_description = GovTextField(
        label="Contact needed",
        max_length=60,
        help_text="As officers say it, for example “Home visit” or “Office appointment”",
        error_messages={
            "required": "Enter the contact needed",
            "max_length": "Contact needed must be 60 characters or fewer",
        },
    )
    counts_home_visits = forms.BooleanField(
        label="Any home visit, including one by the police on the officer’s behalf", required=False
    )
    contact_types = forms.ModelMultipleChoiceField(
        label="Other contacts that count",
        queryset=ContactType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contacts_needed = _number(
        "How many contacts",
        initial=1,
        message="Enter how many contacts are needed, as a number from 1 to 365",
    )
    every_days = _number(
        "In every period of (days)",
        help_text="For example, 7 for every week",
        message="Enter the period in days, as a number from 1 to 365",
    )
    starts_on = GovDateField(
        label="Start date", name="the start date", help_text="For example, 27 3 2026", max_value=years_from_today(1)
    )
    ends_on = GovDateField(
        label="End date",
        name="the end date",
        help_text="The first day the requirement no longer applies: it last applies the day before. "
        "Review it before then.",
        max_value=years_from_today(5),
    )
    reason = GovTextField(
        label="Reason",
        help_text="Why this case needs more contact than the rules require. The officer sees this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REASON_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_types"].queryset = ContactType.objects.filter(
            is_active=True, group__in=COUNTABLE_GROUPS
        ).order_by("display_order", "name")
        self.initial.setdefault("starts_on", timezone.localdate())
        self.helper = form_helper(
            Field.text("contact_description", field_width=20),
            Fieldset(
                Field.checkbox("counts_home_visits", small=True),
                Field.checkboxes("contact_types", legend_size=Size.SMALL, small=True),
                legend="Which contacts count",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("contacts_needed", field_width=3),
                Field.text("every_days", field_width=3),
                legend="How often",
                legend_size=Size.MEDIUM,
            ),
            Field("starts_on"),
            Field("ends_on"),
            Field.textarea("reason"),
            submit="Set requirement",
        )

    def clean(self):
        """At least one of the two "which contacts count" answers is required: an empty form lists it among
        the other missing answers, rather than after they are fixed."""
        data = super().clean()
        if not (data.get("counts_home_visits") or data.get("contact_types")):
            self.add_error("counts_home_visits", NO_CONTACT_COUNTS)
        return data

    def details(self) -> CaseRequirementDetails:
        data = self.cleaned_data
        return CaseRequirementDetails(
            contact_description=data["contact_description"].strip(),
            contact_types=list(data["contact_types"]),
            counts_home_visits=data["counts_home_visits"],
            contacts_needed=data["contacts_needed"],
            every_days=data["every_days"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"].strip(),
        )


class EndCaseRequirementForm(SubmittedOnceForm, VersionedForm):
    reason = GovTextField(
        label="Why is it ending early?",
        name="The reason it is ending early",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": EARLY_END_REASON_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason"), submit="End requirement")
