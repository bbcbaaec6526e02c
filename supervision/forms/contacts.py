"""Contact forms, one per thing the user is doing: recording a contact, booking an appointment, amending
a contact, recording an appointment's outcome. They parse what was typed; the contacts service checks the
rules and its messages show on the field they belong to."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms
from django.utils import timezone

from caseworks.fields import GovDateField, GovTextField, GovTimeField, check_not_before, years_from_today
from caseworks.forms import SubmittedOnceForm, VersionedForm, combine_date_time, form_helper
from caseworks.reveals import RevealingRadios, clear_unrevealed
from supervision.models import Contact, ContactType, KeyIndividual, LicenceCondition
from supervision.services.contacts import (
    AMENDABLE_FIELDS,
    AMENDMENT_REASON_REQUIRED,
    MADE_BY_NAME_REQUIRED,
    OUTCOME_CHANGE_REASON_REQUIRED,
    OUTCOME_REQUIRED,
    ContactDetails,
)


class ContactFields(forms.Form):
    """What every contact form asks: the type, when, where and what it concerns. Subclasses add the rest and
    give `layout()`, the page's fieldsets in reading order."""

    contact_type = forms.TypedChoiceField(label="Type of contact", coerce=int, empty_value=None)
    on = GovDateField(
        label="Date", name="the date of the contact", help_text="For example, 27 3 2026", max_value=years_from_today(1)
    )
    at = GovTimeField(label="Time", name="the time of the contact")
    location = GovTextField(label="Where", required=False, max_length=255)
    notes = GovTextField(label="Notes", widget=forms.Textarea(attrs={"rows": 6}), required=False)
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

    # Subclasses declare their fields apart; this keeps one reading order (and error summary order) for all.
    field_order = [
        "submission_token",
        "contact_type",
        "on",
        "at",
        "made_by",
        "officer_name",
        "police_name",
        "made_by_identifier",
        "agency_worker_name",
        "made_by_agency",
        "location",
        "outcome",
        "absence_reason",
        "notes",
        "is_sensitive",
        "key_individual",
        "licence_condition",
        "reason",
    ]
    submit_label = "Save"

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.contact_types = {contact_type.pk: contact_type for contact_type in self.offered_contact_types()}
        grouped = {}
        for contact_type in self.contact_types.values():
            grouped.setdefault(contact_type.get_group_display(), []).append((contact_type.pk, contact_type.name))
        self.fields["contact_type"].choices = [("", "Select the type of contact"), *grouped.items()]
        self.fields["contact_type"].error_messages["required"] = "Select the type of contact"
        self.fields["contact_type"].widget.attrs["class"] = "govuk-select"
        self.fields["key_individual"].queryset = case.key_individuals.all()
        self.fields["key_individual"].widget.attrs["class"] = "govuk-select"
        self.fields["licence_condition"].queryset = case.licence_conditions.in_force(
            on=timezone.localdate()
        ).select_related("condition_type")
        self.fields["licence_condition"].widget.attrs["class"] = "govuk-select"
        self.fields["licence_condition"].label_from_instance = lambda condition: condition.condition_type.name
        address = ", ".join(line.strip() for line in case.address.splitlines() if line.strip())
        self.fields["location"].help_text = (
            f"Leave blank for a home visit at {address}" if address else "For example, the probation office"
        )
        self.helper = form_helper(*self.layout(), submit=self.submit_label)

    def offered_contact_types(self):
        return ContactType.objects.filter(is_active=True)

    def when_layout(self):
        return Fieldset(Field("on"), Field.text("at"), legend="When", legend_size=Size.MEDIUM)

    def about_layout(self) -> list:
        """The optional links to a key individual or a licence condition fold away (GOV.UK details) unless one is
        chosen or in error, which keeps the page short on a phone."""
        is_open = any(self[name].value() for name in ("key_individual", "licence_condition"))
        return [
            Field.textarea("notes"),
            Field.checkbox("is_sensitive"),
            HTML(
                f'<details class="govuk-details"{" open" if is_open else ""}><summary class="govuk-details__summary">'
                '<span class="govuk-details__summary-text">Link it to a key individual or licence condition</span>'
                '</summary><div class="govuk-details__text">'
            ),
            Field("key_individual"),
            Field("licence_condition"),
            HTML("</div></details>"),
        ]

    def clean_contact_type(self):
        pk = self.cleaned_data["contact_type"]
        if pk not in self.contact_types:
            raise forms.ValidationError("Select the type of contact")
        return self.contact_types[pk]

    def clean_on(self):
        """Nothing is recorded against a case before its supervision started: an earlier date is a typo."""
        return check_not_before(
            self.cleaned_data["on"],
            self.case.started_on,
            message=f"{self.fields['on'].subject} must be on or after the start of the case",
        )

    def clean(self):
        data = super().clean()
        if data.get("on") and data.get("at"):
            data["starts_at"] = combine_date_time(data["on"], data["at"])
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


NAME_FIELDS = {
    Contact.MadeBy.OTHER_OFFICER: "officer_name",
    Contact.MadeBy.POLICE: "police_name",
    Contact.MadeBy.AGENCY_WORKER: "agency_worker_name",
}
# What each choice of "who made the contact" reveals, and what an acceptable absence reveals: the rest is
# hidden on the page and cleared here, so a value typed before the choice changed is never saved.
MADE_BY_REVEALS = {
    Contact.MadeBy.OTHER_OFFICER: ["officer_name"],
    Contact.MadeBy.POLICE: ["police_name", "made_by_identifier"],
    Contact.MadeBy.AGENCY_WORKER: ["agency_worker_name", "made_by_agency"],
}
OUTCOME_REVEALS = {Contact.Outcome.ACCEPTABLE_ABSENCE: ["absence_reason"]}


class MadeByAndOutcomeFields(ContactFields):
    """For a contact that happened: who made it and what came of it. Each choice of who made it reveals
    only the questions it needs (a police officer's name and collar number, an agency worker's name and
    agency); an acceptable absence reveals its reason."""

    made_by = forms.ChoiceField(
        label="Who made the contact?", choices=Contact.MadeBy.choices, widget=forms.RadioSelect, initial="RO"
    )
    officer_name = GovTextField(label="Officer's name", required=False, max_length=150)
    police_name = GovTextField(label="Police officer's name", required=False, max_length=150)
    made_by_identifier = GovTextField(label="Police collar or warrant number", required=False, max_length=30)
    agency_worker_name = GovTextField(label="Worker's name", required=False, max_length=150)
    made_by_agency = GovTextField(label="Their agency", required=False, max_length=150)
    outcome = forms.ChoiceField(
        label="Outcome", choices=Contact.Outcome.choices, widget=forms.RadioSelect, required=False
    )
    absence_reason = forms.ChoiceField(
        label="Reason for the acceptable absence",
        choices=Contact.AbsenceReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def made_by_layout(self):
        return RevealingRadios(
            "made_by",
            {
                Contact.MadeBy.OTHER_OFFICER: [Field.text("officer_name", field_width=20)],
                Contact.MadeBy.POLICE: [
                    Field.text("police_name", field_width=20),
                    Field.text("made_by_identifier", field_width=10),
                ],
                Contact.MadeBy.AGENCY_WORKER: [
                    Field.text("agency_worker_name", field_width=20),
                    Field.text("made_by_agency", field_width=20),
                ],
            },
            legend_size=Size.SMALL,
            small=True,
        )

    def outcome_layout(self) -> list:
        return [
            RevealingRadios(
                "outcome",
                {Contact.Outcome.ACCEPTABLE_ABSENCE: [Field.radios("absence_reason", small=True)]},
                legend_size=Size.SMALL,
                small=True,
            )
        ]

    def clean(self):
        data = super().clean()
        clear_unrevealed(data, "made_by", MADE_BY_REVEALS)
        clear_unrevealed(data, "outcome", OUTCOME_REVEALS)
        name_field = NAME_FIELDS.get(data.get("made_by"))
        data["made_by_name"] = (data.get(name_field) or "") if name_field else ""
        if name_field and not data["made_by_name"].strip() and name_field not in self.errors:
            # The service refuses it too; asked here, the message sits on the name question the choice revealed.
            self.add_error(name_field, MADE_BY_NAME_REQUIRED)
        return data

    def add_error(self, field, error):
        """The service names who made the contact as `made_by_name`: on this form that is the name field the
        choice revealed."""
        if field == "made_by_name":
            field = NAME_FIELDS.get(self.data.get(self.add_prefix("made_by")))
        super().add_error(field, error)

    @staticmethod
    def made_by_initial(contact: Contact) -> dict:
        name_field = NAME_FIELDS.get(contact.made_by)
        return {name_field: contact.made_by_name} if name_field else {}


class RecordContactForm(SubmittedOnceForm, MadeByAndOutcomeFields):
    """A contact that has happened: most are recorded as they happen, so the date and time start at now
    (UK time), to the minute."""

    submit_label = "Save contact"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.initial.setdefault("on", now.date())
        self.initial.setdefault("at", now.time())
        self.fields["on"].help_text = ""  # it starts at today: the example only lengthens the page on a phone
        self.fields["notes"].widget.attrs["rows"] = 4

    def layout(self):
        return [
            Field("contact_type"),
            self.when_layout(),
            self.made_by_layout(),
            Field.text("location"),
            *self.outcome_layout(),
            *self.about_layout(),
        ]


class BookAppointmentForm(SubmittedOnceForm, ContactFields):
    """An appointment in the future, of a type that can be booked. Its outcome is recorded afterwards."""

    on = GovDateField(
        label="Date of the appointment",
        name="the date of the appointment",
        help_text="For example, 27 3 2026",
        max_value=years_from_today(1),
    )
    at = GovTimeField(label="Time", name="the time of the appointment")

    submit_label = "Book appointment"

    def offered_contact_types(self):
        return super().offered_contact_types().filter(is_bookable=True)

    def layout(self):
        return [
            Field("contact_type"),
            self.when_layout(),
            Field.text("location"),
            *self.about_layout(),
        ]


class AmendContactForm(SubmittedOnceForm, VersionedForm, MadeByAndOutcomeFields):
    """A correction to a contact already recorded, with the reason for it."""

    reason = GovTextField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The original stays readable beside your correction",
        error_messages={"required": AMENDMENT_REASON_REQUIRED},
    )

    submit_label = "Save amendment"

    def layout(self):
        return [
            Field("contact_type"),
            self.when_layout(),
            self.made_by_layout(),
            Field.text("location"),
            *self.outcome_layout(),
            *self.about_layout(),
            Field.textarea("reason"),
        ]

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
        initial.update(cls.made_by_initial(contact))
        return initial

    def changes(self) -> dict:
        """The amendable fields with their new values; blank text is stored as an empty string."""
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


class OutcomeForm(SubmittedOnceForm, VersionedForm):
    """What happened at an appointment; changing an outcome already recorded also asks why."""

    outcome = forms.ChoiceField(
        label="What happened?",
        choices=OUTCOMES_FOR_APPOINTMENTS,
        widget=forms.RadioSelect,
        error_messages={"required": OUTCOME_REQUIRED},
        help_text="Failed to attend is a holding state: the person has 5 working days to give evidence.",
    )
    absence_reason = forms.ChoiceField(
        label="Reason for the acceptable absence",
        choices=Contact.AbsenceReason.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only for an acceptable absence",
    )
    notes = GovTextField(label="Notes (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    reason = GovTextField(
        label="Reason for changing the outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, evidence of a hospital appointment has been received",
    )

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        items = [
            Field.radios("outcome", legend_size=Size.MEDIUM, small=True),
            Field.radios("absence_reason", legend_size=Size.SMALL, small=True),
            Field.textarea("notes"),
        ]
        if contact.outcome:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = OUTCOME_CHANGE_REASON_REQUIRED
            items.append(Field.textarea("reason"))
        else:
            del self.fields["reason"]
        self.helper = form_helper(*items, submit="Save outcome")
