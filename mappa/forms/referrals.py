"""Referral forms, laid out with the GOV.UK template pack. They parse and check shape only; the rules (a MAPPA
referral goes to the MAPPA unit, a return needs a reason, ...) are checked once, in mappa.services.referrals."""

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from caseworks.fields import GovTextField, years_from_today
from caseworks.forms import GovukForm, SubmittedOnceForm, date_field
from mappa.models import Agency, Referral
from supervision.models import Case


class RationaleMixin:
    rationale_label = "Reason"
    rationale_required = True

    def rationale_field(self):
        return GovTextField(
            label=self.rationale_label,
            widget=forms.Textarea(attrs={"rows": 4}),
            required=self.rationale_required,
            error_messages={"required": f"Enter the {self.rationale_label.lower()}"},
        )


class ReferralForm(SubmittedOnceForm, GovukForm):
    submit_label = "Make referral"

    kind = forms.ChoiceField(
        label="Who are you referring to?",
        choices=Referral.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are referring to"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label=None,
        error_messages={"required": "Select the agency"},
    )
    reason = GovTextField(
        label="Reason for the referral",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reason for the referral"},
    )
    information_shared = GovTextField(
        label="What information are you sharing?",
        name="The information shared",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    mappa_category = forms.TypedChoiceField(
        label="MAPPA category",
        choices=Case.MappaCategory.choices,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        help_text="For a MAPPA referral only.",
    )
    level_justification = GovTextField(
        label="Why level 3: what can level 2 not deliver?",
        name="Why level 3 is needed",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="For a MAPPA level 3 referral only.",
    )
    response_due_on = date_field(
        "Response due by", required=False, min_value=years_from_today(-1), max_value=years_from_today(1)
    )

    def __init__(self, *args, case=None, **kwargs):
        kwargs.setdefault("initial", {})
        if case is not None and case.mappa_category:
            kwargs["initial"].setdefault("mappa_category", case.mappa_category)
        super().__init__(*args, **kwargs)
        self.fields[
            "response_due_on"
        ].help_text = "Leave blank to allow the usual 10 working days. For example, 27 3 2026"

    def layout_fields(self):
        return [
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.select("agency"),
            Field.textarea("reason"),
            Field.textarea("information_shared"),
            Field.radios("mappa_category", legend_size=Size.SMALL),
            Field.textarea("level_justification"),
            Field("response_due_on"),
        ]


class EndorsementForm(SubmittedOnceForm, GovukForm, RationaleMixin):
    submit_label = "Save decision"
    rationale_label = "Comments"
    ENDORSE, RETURN = "endorse", "return"

    decision = forms.ChoiceField(
        label="Do you endorse this MAPPA referral?",
        choices=[(ENDORSE, "Yes, endorse it and send it to the MAPPA unit"), (RETURN, "No, return it to the officer")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you endorse the referral"},
    )

    def __init__(self, *args, **kwargs):
        self.base_fields["rationale"] = self.rationale_field()
        self.base_fields["rationale"].required = False
        self.base_fields["rationale"].help_text = "Required if you return it."
        super().__init__(*args, **kwargs)

    def layout_fields(self):
        return [Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("rationale")]


class AcknowledgementForm(SubmittedOnceForm, GovukForm):
    submit_label = "Record acknowledgement"
    acknowledged_on = date_field("Date acknowledged", max_value=years_from_today(1))


class ResponseForm(SubmittedOnceForm, GovukForm):
    submit_label = "Record response"
    response = GovTextField(
        label="What did the agency say or decide?",
        name="The agency's response",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the agency's response"},
    )
    responded_by_name = GovTextField(label="Who responded (optional)", required=False, max_length=150)

    def layout_fields(self):
        return [Field.textarea("response"), Field.text("responded_by_name", field_width=Fluid.TWO_THIRDS)]


class WithdrawForm(SubmittedOnceForm, GovukForm, RationaleMixin):
    submit_label = "Withdraw referral"
    rationale_label = "Reason for withdrawing"

    def __init__(self, *args, **kwargs):
        self.base_fields["rationale"] = self.rationale_field()
        super().__init__(*args, **kwargs)


class ResubmitForm(WithdrawForm):
    submit_label = "Submit for endorsement"
    rationale_label = "What have you changed or added?"


class InformationForm(SubmittedOnceForm, GovukForm, RationaleMixin):
    submit_label = "Send to your line manager"
    rationale_label = "Your answer"

    def __init__(self, *args, **kwargs):
        self.base_fields["rationale"] = self.rationale_field()
        super().__init__(*args, **kwargs)
