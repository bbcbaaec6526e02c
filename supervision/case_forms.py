"""Forms for the case pages. They validate what the user typed; the services enforce the rules again."""

import uuid
from datetime import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from .fields import GovDateField, GovTimeField
from .models import Contact, ContactType, KeyIndividual, LicenceCondition, LicenceConditionType, RiskFlagType
from .services.contacts import AMENDABLE_FIELDS, ContactDetails


def _helper(*layout, submit="Save") -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout, Button("submit", submit, data_prevent_double_click="true"))
    return helper


def _combine(day, at_time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at_time))


class ContactForm(forms.Form):
    """A contact that happened (`mode="record"`), an appointment (`"book"`) or a correction (`"amend"`)."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    contact_type = forms.TypedChoiceField(label="Type of contact", coerce=int, empty_value=None)
    on = GovDateField(label="Date", name="the date of the contact", help_text="For example, 27 3 2026")
    at = GovTimeField(label="Time", name="the time of the contact")
    made_by = forms.ChoiceField(
        label="Who made the contact?", choices=Contact.MadeBy.choices, widget=forms.RadioSelect, initial="RO"
    )
    made_by_name = forms.CharField(
        label="Their name",
        required=False,
        help_text="If made by another officer, a police officer or another agency's worker",
        max_length=150,
    )
    made_by_identifier = forms.CharField(
        label="Police collar or warrant number", required=False, help_text="If made by a police officer", max_length=30
    )
    made_by_agency = forms.CharField(
        label="Their agency", required=False, help_text="If made by another agency's worker", max_length=150
    )
    location = forms.CharField(label="Where", required=False, max_length=255)
    outcome = forms.ChoiceField(
        label="Outcome", choices=Contact.Outcome.choices, widget=forms.RadioSelect, required=False
    )
    absence_reason = forms.ChoiceField(
        label="Reason for the acceptable absence",
        choices=Contact.AbsenceReason.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only for an acceptable absence",
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    is_sensitive = forms.BooleanField(label="Sensitive – for example, it contains victim information", required=False)
    key_individual = forms.ModelChoiceField(
        label="Key individual it concerns (optional)",
        queryset=KeyIndividual.objects.none(),
        required=False,
        empty_label="None",
    )
    licence_condition = forms.ModelChoiceField(
        label="Licence condition it concerns (optional)",
        queryset=LicenceCondition.objects.none(),
        required=False,
        empty_label="None",
    )
    reason = forms.CharField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The original stays readable beside your correction",
    )

    def __init__(self, *args, case, mode="record", now=None, amending=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.amending = amending
        self.mode = mode
        self.now = now or timezone.now()
        types = ContactType.objects.filter(is_active=True)
        if mode == "book":
            types = types.filter(is_bookable=True)
        self.contact_types = {contact_type.pk: contact_type for contact_type in types}
        grouped = {}
        for contact_type in self.contact_types.values():
            grouped.setdefault(contact_type.get_group_display(), []).append((contact_type.pk, contact_type.name))
        self.fields["contact_type"].choices = [("", "Select the type of contact"), *grouped.items()]
        self.fields["contact_type"].error_messages["required"] = "Select the type of contact"
        self.fields["contact_type"].widget.attrs["class"] = "govuk-select"
        self.fields["key_individual"].queryset = case.key_individuals.all()
        self.fields["key_individual"].widget.attrs["class"] = "govuk-select"
        self.fields["licence_condition"].queryset = case.licence_conditions.in_force(
            on=timezone.localdate(self.now)
        ).select_related("condition_type")
        self.fields["licence_condition"].widget.attrs["class"] = "govuk-select"
        self.fields["licence_condition"].label_from_instance = lambda condition: condition.condition_type.name
        address = ", ".join(line.strip() for line in case.address.splitlines() if line.strip())
        self.fields["location"].help_text = (
            f"Leave blank for a home visit at {address}" if address else "For example, the probation office"
        )
        if mode == "record" and not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        if mode == "book":
            self.initial.setdefault("submission_token", uuid.uuid4())
            self._rename_date("Date of the appointment", "the date of the appointment", "the time of the appointment")
            for name in (
                "outcome",
                "absence_reason",
                "reason",
                "made_by",
                "made_by_name",
                "made_by_identifier",
                "made_by_agency",
            ):
                del self.fields[name]
        elif mode == "record":
            del self.fields["reason"]
        else:
            del self.fields["submission_token"]
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Enter the reason for the amendment"
        self.helper = _helper(
            *self._layout(),
            submit={"record": "Save contact", "book": "Book appointment", "amend": "Save amendment"}[mode],
        )

    def _rename_date(self, label, date_name, time_name):
        self.fields["on"] = GovDateField(label=label, name=date_name, help_text="For example, 27 3 2026")
        self.fields["at"] = GovTimeField(label="Time", name=time_name)

    def _layout(self):
        items = [
            *(["submission_token"] if "submission_token" in self.fields else []),
            Field("contact_type"),
            Fieldset(Field("on"), Field.text("at"), legend="When", legend_size=Size.MEDIUM),
        ]
        if "made_by" in self.fields:
            items.append(
                Fieldset(
                    Field.radios("made_by", legend_size=Size.SMALL, small=True),
                    Field.text("made_by_name", field_width=20),
                    Field.text("made_by_identifier", field_width=10),
                    Field.text("made_by_agency", field_width=20),
                    legend="Made by",
                    legend_size=Size.MEDIUM,
                )
            )
        items.append(Field.text("location"))
        if "outcome" in self.fields:
            items += [
                Field.radios("outcome", legend_size=Size.SMALL, small=True),
                Field.radios("absence_reason", legend_size=Size.SMALL, small=True),
            ]
        items += [
            Field.textarea("notes"),
            Field.checkbox("is_sensitive"),
            Field("key_individual"),
            Field("licence_condition"),
        ]
        if "reason" in self.fields:
            items.append(Field.textarea("reason"))
        return items

    def clean_contact_type(self):
        pk = self.cleaned_data["contact_type"]
        if pk not in self.contact_types:
            raise forms.ValidationError("Select the type of contact")
        return self.contact_types[pk]

    def clean(self):
        data = super().clean()
        day, at = data.get("on"), data.get("at")
        if day and at:
            data["starts_at"] = _combine(day, at)
            if self.mode == "book" and data["starts_at"] <= self.now:
                self.add_error("on", "The appointment must be in the future")
            happened = self.mode == "record" or (self.amending is not None and not self.amending.is_appointment)
            if happened and data["starts_at"] > self.now:
                self.add_error("on", "The date and time of the contact must be in the past")
        made_by = data.get("made_by")
        needs_name = (Contact.MadeBy.OTHER_OFFICER, Contact.MadeBy.POLICE, Contact.MadeBy.AGENCY_WORKER)
        if made_by in needs_name and not data.get("made_by_name"):
            self.add_error("made_by_name", "Enter the name of the person who made the contact")
        if made_by == Contact.MadeBy.POLICE and not data.get("made_by_identifier"):
            self.add_error("made_by_identifier", "Enter the police officer's collar or warrant number")
        if made_by == Contact.MadeBy.AGENCY_WORKER and not data.get("made_by_agency"):
            self.add_error("made_by_agency", "Enter the agency they work for")
        contact_type = data.get("contact_type")
        outcome = data.get("outcome")
        if "outcome" in self.fields:
            if self.mode == "record" and contact_type and contact_type.is_outcome_required and not outcome:
                self.add_error("outcome", "Select the outcome")
            if outcome == Contact.Outcome.ACCEPTABLE_ABSENCE and not data.get("absence_reason"):
                self.add_error("absence_reason", "Select the reason for the acceptable absence")
        return data

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            contact_type=data["contact_type"],
            starts_at=data["starts_at"],
            made_by=data.get("made_by") or Contact.MadeBy.RESPONSIBLE_OFFICER,
            made_by_name=data.get("made_by_name", ""),
            made_by_identifier=data.get("made_by_identifier", ""),
            made_by_agency=data.get("made_by_agency", ""),
            location=data.get("location", ""),
            outcome=data.get("outcome", ""),
            absence_reason=data.get("absence_reason", ""),
            notes=data.get("notes", ""),
            is_sensitive=data.get("is_sensitive", False),
            key_individual=data.get("key_individual"),
            licence_condition=data.get("licence_condition"),
        )

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        local = timezone.localtime(contact.starts_at)
        initial = {field: getattr(contact, field) for field in AMENDABLE_FIELDS}
        initial.update(
            contact_type=contact.contact_type_id,
            key_individual=contact.key_individual_id,
            licence_condition=contact.licence_condition_id,
            on=local.date(),
            at=local.time(),
        )
        return initial

    def changes(self) -> dict:
        """For an amendment: the amendable fields with their new values."""
        data = self.cleaned_data
        changes = {field: data[field] for field in AMENDABLE_FIELDS if field in data and field != "starts_at"}
        changes["starts_at"] = data["starts_at"]
        for text_field in (
            "made_by_name",
            "made_by_identifier",
            "made_by_agency",
            "location",
            "notes",
            "outcome",
            "absence_reason",
        ):
            changes[text_field] = changes.get(text_field) or ""
        return changes


OUTCOMES_FOR_APPOINTMENTS = [
    (value, label)
    for value, label in Contact.Outcome.choices
    if value not in (Contact.Outcome.CONTACT_MADE, Contact.Outcome.NO_CONTACT)
]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=OUTCOMES_FOR_APPOINTMENTS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
        help_text="Failed to attend is a holding state: the person has 5 working days to give evidence.",
    )
    absence_reason = forms.ChoiceField(
        label="Reason for the acceptable absence",
        choices=Contact.AbsenceReason.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only for an acceptable absence",
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    reason = forms.CharField(
        label="Reason for changing the outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, evidence of a hospital appointment has been received",
    )

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact
        items = [
            Field.radios("outcome", legend_size=Size.MEDIUM, small=True),
            Field.radios("absence_reason", legend_size=Size.SMALL, small=True),
            Field.textarea("notes"),
        ]
        if contact.outcome:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Enter the reason for changing the outcome"
            items.append(Field.textarea("reason"))
        else:
            del self.fields["reason"]
        self.helper = _helper(*items, submit="Save outcome")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Contact.Outcome.ACCEPTABLE_ABSENCE and not data.get("absence_reason"):
            self.add_error("absence_reason", "Select the reason for the acceptable absence")
        return data


class LicenceConditionForm(forms.Form):
    condition_type = forms.ModelChoiceField(
        label="Condition",
        queryset=LicenceConditionType.objects.filter(is_active=True),
        empty_label="Select the condition",
        error_messages={"required": "Select the condition"},
    )
    started_on = GovDateField(label="Start date", name="the start date", help_text="For example, 27 3 2026")
    wording = forms.CharField(
        label="Wording (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Leave blank to use the standard wording for this condition",
    )
    exclusion_zone_description = forms.CharField(
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
        self.helper = _helper(
            Field("condition_type"),
            Field("started_on"),
            Field.textarea("wording"),
            Field.textarea("exclusion_zone_description"),
            Field("key_individual"),
            submit="Add condition",
        )

    def clean(self):
        data = super().clean()
        condition_type = data.get("condition_type")
        if (
            condition_type
            and condition_type.category == LicenceConditionType.Category.EXCLUSION_ZONE
            and not data.get("exclusion_zone_description", "").strip()
        ):
            self.add_error("exclusion_zone_description", "Describe the exclusion zone")
        return data


class StandardConditionsForm(forms.Form):
    started_on = GovDateField(label="Start date", name="the start date", help_text="Usually the release date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("started_on"), submit="Add the standard conditions")


class EndConditionForm(forms.Form):
    ended_on = GovDateField(label="End date", name="the end date", help_text="For example, 27 3 2026")
    reason = forms.CharField(label="Reason", max_length=200, error_messages={"required": "Enter the reason"})

    def __init__(self, *args, started_on, submit="End condition", **kwargs):
        super().__init__(*args, **kwargs)
        self.started_on = started_on
        self.helper = _helper(Field("ended_on"), Field.text("reason"), submit=submit)

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on and ended_on < self.started_on:
            raise forms.ValidationError(
                f"The end date must be the same as or after the start date, {self.started_on:%-d %B %Y}"
            )
        return ended_on


class VaryConditionForm(forms.Form):
    varied_on = GovDateField(label="Date of the variation", name="the date of the variation")
    wording = forms.CharField(
        label="Wording of the varied condition",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the wording of the varied condition"},
    )
    exclusion_zone_description = forms.CharField(
        label="Exclusion zone description", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    reason = forms.CharField(
        label="Reason for the variation",
        max_length=200,
        error_messages={"required": "Enter the reason for the variation"},
    )

    def __init__(self, *args, condition, **kwargs):
        super().__init__(*args, **kwargs)
        self.condition = condition
        self.initial.setdefault("wording", condition.wording)
        self.initial.setdefault("exclusion_zone_description", condition.exclusion_zone_description)
        items = [Field("varied_on"), Field.textarea("wording")]
        if condition.condition_type.category == LicenceConditionType.Category.EXCLUSION_ZONE:
            items.append(Field.textarea("exclusion_zone_description"))
        else:
            del self.fields["exclusion_zone_description"]
        items.append(Field.text("reason"))
        self.helper = _helper(*items, submit="Vary condition")

    def clean_varied_on(self):
        varied_on = self.cleaned_data["varied_on"]
        if varied_on and varied_on < self.condition.started_on:
            raise forms.ValidationError(
                f"The date of the variation must be on or after the condition started, "
                f"{self.condition.started_on:%-d %B %Y}"
            )
        return varied_on


class KeyIndividualForm(forms.ModelForm):
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

    acute_risk_description = forms.CharField(
        label="Is this an acute risk factor? Describe it (optional)",
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
        self.helper = _helper(
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


class RelationshipDisclosureForm(forms.Form):
    key_individual = forms.ModelChoiceField(
        label="Who is the relationship with?",
        queryset=KeyIndividual.objects.none(),
        empty_label="Select the key individual",
        error_messages={"required": "Select who the relationship is with"},
        help_text="Add them as a key individual first if they are not listed",
    )
    learned_on = GovDateField(label="Date you learned of the relationship", name="the date you learned of it")
    is_disclosed_by_person = forms.TypedChoiceField(
        label="Did the person disclose it as their licence requires?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person disclosed the relationship"},
    )
    source = forms.CharField(
        label="How did you learn of it? (optional)",
        max_length=200,
        required=False,
        help_text="For example, from his mother during a home visit",
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    acute_risk_description = forms.CharField(
        label="Is this an acute risk factor? Describe it (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The case will show a banner until the contact level and safeguarding referrals are reviewed",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_individual"].queryset = case.key_individuals.all()
        self.fields["key_individual"].widget.attrs["class"] = "govuk-select"
        self.helper = _helper(
            Field("key_individual"),
            Field("learned_on"),
            Field.radios("is_disclosed_by_person", legend_size=Size.SMALL, inline=True),
            Field.text("source"),
            Field.textarea("notes"),
            Field.textarea("acute_risk_description"),
            submit="Save disclosure",
        )

    def clean_learned_on(self):
        learned_on = self.cleaned_data["learned_on"]
        if learned_on and learned_on > timezone.localdate():
            raise forms.ValidationError("The date you learned of the relationship must be today or in the past")
        return learned_on


class AcuteRiskFactorForm(forms.Form):
    description = forms.CharField(
        label="Describe the acute risk factor",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the acute risk factor"},
    )
    identified_on = GovDateField(label="Date identified", name="the date it was identified")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("description"), Field("identified_on"), submit="Save acute risk factor")

    def clean_identified_on(self):
        day = self.cleaned_data["identified_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date it was identified must be today or in the past")
        return day


class AcuteRiskReviewForm(forms.Form):
    notes = forms.CharField(
        label="What was decided about the contact level and safeguarding referrals?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what was decided about the contact level and safeguarding referrals"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("notes"), submit="Record review")


class RiskFlagForm(forms.Form):
    flag_type = forms.ModelChoiceField(
        label="Risk flag",
        queryset=RiskFlagType.objects.filter(is_active=True),
        empty_label="Select the risk flag",
        error_messages={"required": "Select the risk flag"},
    )
    started_on = GovDateField(label="Start date", name="the start date")
    next_review_on = GovDateField(label="Next review date", name="the next review date")
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flag_type"].widget.attrs["class"] = "govuk-select"
        self.helper = _helper(
            Field("flag_type"),
            Field("started_on"),
            Field("next_review_on"),
            Field.textarea("notes"),
            submit="Add risk flag",
        )

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("next_review_on") and data["next_review_on"] < data["started_on"]:
            self.add_error("next_review_on", "The next review date must be the same as or after the start date")
        return data


class RiskFlagReviewForm(forms.Form):
    reviewed_on = GovDateField(label="Date of the review", name="the date of the review")
    next_review_on = GovDateField(label="Next review date", name="the next review date")
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("reviewed_on"), Field("next_review_on"), Field.textarea("notes"), submit="Record review"
        )

    def clean(self):
        data = super().clean()
        reviewed_on, next_review_on = data.get("reviewed_on"), data.get("next_review_on")
        if reviewed_on and reviewed_on > timezone.localdate():
            self.add_error("reviewed_on", "The date of the review must be today or in the past")
        if reviewed_on and next_review_on and next_review_on <= reviewed_on:
            self.add_error("next_review_on", "The next review date must be after the date of the review")
        return data


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        label="Search by CRN or name", required=False, max_length=100, help_text="Searches every case you can see"
    )
    rosh = forms.MultipleChoiceField(label="RoSH", choices=[], widget=forms.CheckboxSelectMultiple, required=False)
    officer = forms.TypedChoiceField(label="Officer", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, officers=None, **kwargs):
        from .models import Case

        super().__init__(*args, **kwargs)
        self.fields["rosh"].choices = Case.RoSH.choices
        if officers:
            self.fields["officer"].choices = [("", "Everyone in the team")] + [
                (officer.pk, officer.get_full_name() or officer.username) for officer in officers
            ]
            self.fields["officer"].widget.attrs["class"] = "govuk-select"
        else:
            del self.fields["officer"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        items = [Field.text("q")]
        if officers:
            items.append(Field("officer"))
        items += [Field.checkboxes("rosh", legend_size=Size.SMALL, small=True), HTML("")]
        self.helper.layout = Layout(*items, Button("submit", "Apply filters"))
