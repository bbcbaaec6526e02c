"""Forms for allegations of breach, their accounts, checks and findings, and police intelligence. They parse
what was typed; the allegations service checks the rules (conditions in force on the date, contacts on the
case, a rationale for every finding) and its messages show on the field they belong to."""

from datetime import datetime, time

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from caseworks.fields import GovDateField, GovTextField, today, years_from_today
from caseworks.forms import SubmittedOnceForm, VersionedForm, form_helper
from supervision.models import (
    Allegation,
    AllegationAccount,
    AllegationFinding,
    Contact,
    LicenceCondition,
    PoliceIntelligence,
    VerificationStep,
)
from supervision.services import allegations as services

HINT = "For example, 27 3 2026"


def _choice(label, choices, message):
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": message}
    )


def _past_date(label, name):
    return GovDateField(label=label, name=name, help_text=HINT, max_value=today)


def _text(label, message=None, *, rows=4, required=True, help_text=""):
    extra = {"error_messages": {"required": message}} if message else {}
    return GovTextField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, help_text=help_text, **extra
    )


class ConditionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, condition):
        ended = f", ended {condition.ended_on:%-d %B %Y}" if condition.ended_on else ""
        return f"{condition.condition_type.name} (from {condition.started_on:%-d %B %Y}{ended})"


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, contact):
        return f"{contact.contact_type.name}, {timezone.localtime(contact.starts_at):%-d %B %Y at %H:%M}"


class AllegationForm(SubmittedOnceForm):
    received_on = _past_date("Date received", "the date it was received")
    reported_by = _choice("Who reported it?", Allegation.ReportedBy.choices, "Select who reported it")
    reporter_name = GovTextField(label="Their name (optional)", name="Their name", required=False)
    channel = _choice("How did it arrive?", Allegation.Channel.choices, "Select how it arrived")
    alleged_on = _past_date("Date of the alleged event", "the date of the alleged event")
    location = GovTextField(
        label="Where it allegedly happened (optional)", name="Where", max_length=255, required=False
    )
    conditions = ConditionChoiceField(
        label="Licence conditions allegedly broken",
        queryset=LicenceCondition.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Only conditions in force on the date of the alleged event can be chosen",
        error_messages={"required": services.CONDITIONS_REQUIRED},
    )
    description = _text("What is alleged", services.DESCRIPTION_REQUIRED, rows=5)
    urgency = _choice("Urgency", Allegation.Urgency.choices, "Select the urgency")
    first_response_due_on = GovDateField(
        label="First response due (optional)",
        name="the first response due date",
        required=False,
        help_text="Leave blank for the usual time for its urgency. For example, 27 3 2026",
        max_value=years_from_today(1),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions"].queryset = case.licence_conditions.select_related("condition_type").order_by(
            "condition_type__category", "started_on", "pk"
        )
        self.initial.setdefault("received_on", timezone.localdate())
        self.helper = form_helper(
            Fieldset(
                Field("received_on"),
                Field.radios("reported_by", legend_size=Size.SMALL, small=True),
                Field.text("reporter_name", field_width=20),
                Field.radios("channel", legend_size=Size.SMALL, small=True),
                legend="The report",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("alleged_on"),
                Field.text("location"),
                Field.checkboxes("conditions", legend_size=Size.SMALL, small=True),
                Field.textarea("description"),
                legend="What is alleged",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("urgency", legend_size=Size.MEDIUM, small=True, inline=True),
            Field("first_response_due_on"),
            submit="Record allegation",
        )


class AccountForm(SubmittedOnceForm):
    given_by = _choice("Who gave the account?", AllegationAccount.GivenBy.choices, "Select who gave the account")
    giver_name = GovTextField(label="Their name (optional)", name="Their name", required=False)
    given_on = _past_date("Date of the account", "the date of the account")
    account = _text("What they say", services.ACCOUNT_REQUIRED, rows=6)
    how_checked = _text(
        "How it was checked (optional)",
        rows=3,
        required=False,
        help_text="For example, compared with the police log, or confirmed by his mother on a home visit",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("given_on", timezone.localdate())
        self.helper = form_helper(
            Field.radios("given_by", legend_size=Size.SMALL, small=True),
            Field.text("giver_name", field_width=20),
            Field("given_on"),
            Field.textarea("account"),
            Field.textarea("how_checked"),
            submit="Add account",
        )


class VerificationStepForm(SubmittedOnceForm):
    kind = _choice("What was checked?", VerificationStep.Kind.choices, "Select what was checked")
    carried_out_on = _past_date("Date of the check", "the date of the check")
    result = _text("What it found", services.RESULT_REQUIRED)
    contacts = ContactChoiceField(
        label="Contacts that did the checking (optional)",
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The case's contacts since the date of the alleged event",
    )

    def __init__(self, *args, allegation, **kwargs):
        super().__init__(*args, **kwargs)
        start = timezone.make_aware(datetime.combine(allegation.alleged_on, time.min))
        self.fields["contacts"].queryset = (
            allegation.case.contacts.filter(starts_at__gte=start).select_related("contact_type").order_by("-starts_at")
        )
        self.initial.setdefault("carried_out_on", timezone.localdate())
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field("carried_out_on"),
            Field.textarea("result"),
            Field.checkboxes("contacts", legend_size=Size.SMALL, small=True),
            submit="Add verification step",
        )


class FindingForm(SubmittedOnceForm, VersionedForm):
    outcome = _choice("Finding", AllegationFinding.Outcome.choices, "Select the finding")
    rationale = _text(
        "Rationale",
        services.RATIONALE_REQUIRED,
        rows=6,
        help_text="Why the accounts and checks lead to this finding",
    )
    decided_on = _past_date("Date of the decision", "the date of the decision")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("decided_on", timezone.localdate())
        self.helper = form_helper(*self.layout(), submit="Record finding")

    def layout(self):
        return [
            Field.radios("outcome", legend_size=Size.MEDIUM, small=True),
            Field.textarea("rationale"),
            Field("decided_on"),
        ]


class RevisitFindingForm(FindingForm):
    reason = _text("Why is the finding being revisited?", services.REVISIT_REASON_REQUIRED, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason"), *self.layout(), submit="Record revised finding")


class WithdrawAllegationForm(SubmittedOnceForm, VersionedForm):
    reason = _text("Why is the allegation being withdrawn?", services.WITHDRAWAL_REASON_REQUIRED, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.textarea("reason"), submit="Withdraw allegation")


class AllegationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, allegation):
        return f"Received {allegation.received_on:%-d %B %Y}: {allegation.description[:60]}"


class PoliceIntelligenceForm(SubmittedOnceForm):
    received_on = _past_date("Date received", "the date it was received")
    source = GovTextField(
        label="Source",
        help_text="For example, Wessex Police intelligence unit",
        error_messages={"required": services.SOURCE_REQUIRED},
    )
    description = _text("What was reported", services.INTELLIGENCE_REQUIRED, rows=5)
    relevance = _choice(
        "Assessed relevance to risk", PoliceIntelligence.Relevance.choices, "Select its relevance to risk"
    )
    assessment = _text("Why it matters to risk (optional)", rows=3, required=False)
    allegation = AllegationChoiceField(
        label="Related allegation (optional)",
        queryset=Allegation.objects.none(),
        required=False,
        empty_label="Not related to an allegation",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allegation"].queryset = case.allegations.all()
        self.fields["allegation"].widget.attrs["class"] = "govuk-select"
        self.initial.setdefault("received_on", timezone.localdate())
        self.helper = form_helper(
            Field("received_on"),
            Field.text("source"),
            Field.textarea("description"),
            Field.radios("relevance", legend_size=Size.SMALL, small=True),
            Field.textarea("assessment"),
            Field("allegation"),
            submit="Record police intelligence",
        )
