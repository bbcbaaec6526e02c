"""Forms for the case pages. They validate what the user typed; the services enforce the rules again."""

import uuid

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from caseworks.fields import GovDateField, GovTimeField
from caseworks.forms import combine_date_time, form_helper
from supervision.models import Contact, ContactType, KeyIndividual, LicenceCondition
from supervision.services.contacts import AMENDABLE_FIELDS, ContactDetails


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
        self.helper = form_helper(
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
            data["starts_at"] = combine_date_time(day, at)
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
        self.helper = form_helper(*items, submit="Save outcome")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Contact.Outcome.ACCEPTABLE_ABSENCE and not data.get("absence_reason"):
            self.add_error("absence_reason", "Select the reason for the acceptable absence")
        return data
