"""Referral forms, laid out with the GOV.UK template pack. They parse and check shape only; the rules (a MAPPA
referral goes to the MAPPA unit, a return needs a reason, ...) are checked once, in mappa.services.referrals."""

import json

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from caseworks.fields import GovTextField, years_from_today
from caseworks.forms import GovukForm, SubmittedOnceForm, date_field
from caseworks.reveals import RevealingRadios, clear_unrevealed
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


# The agencies each kind of referral goes to. A kind not listed ("Other agency") may go to any agency.
AGENCY_KINDS_FOR = {
    Referral.Kind.MAPPA_LEVEL_2: [Agency.Kind.MAPPA_UNIT],
    Referral.Kind.MAPPA_LEVEL_3: [Agency.Kind.MAPPA_UNIT],
    Referral.Kind.MARAC: [Agency.Kind.MARAC],
    Referral.Kind.CHILDRENS_SOCIAL_CARE: [Agency.Kind.CHILDRENS_SOCIAL_CARE],
    Referral.Kind.ADULT_SAFEGUARDING: [Agency.Kind.ADULT_SOCIAL_CARE],
    Referral.Kind.POLICE_INTELLIGENCE: [Agency.Kind.POLICE],
    Referral.Kind.POLICE_DOMESTIC_ABUSE: [Agency.Kind.POLICE],
    Referral.Kind.DVDS: [Agency.Kind.POLICE],
}
# The MAPPA questions each MAPPA kind reveals (its own copy of the category, so each reveal is complete).
CATEGORY_FIELD_FOR = {Referral.Kind.MAPPA_LEVEL_2: "mappa_category", Referral.Kind.MAPPA_LEVEL_3: "level_3_category"}
MAPPA_REVEALS = {
    Referral.Kind.MAPPA_LEVEL_2: ["mappa_category"],
    Referral.Kind.MAPPA_LEVEL_3: ["level_3_category", "level_justification"],
}


def agency_does_not_fit(kind: str) -> str:
    label = Referral.Kind(kind).label
    wanted = " or ".join(Agency.Kind(agency_kind).label.lower() for agency_kind in AGENCY_KINDS_FOR[kind])
    return f"Select a {wanted} agency: this is a {label} referral"


class AgencySelect(forms.Select):
    """Each agency option says what kind of agency it is, so the page offers only the agencies that fit the
    kind of referral chosen (static/js/referral-agencies.js); the form checks the fit again."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-agency-kind"] = instance.kind
        return option


class ReferralForm(SubmittedOnceForm, GovukForm):
    """Who to refer to, then the agency (only those that fit the kind, none chosen until the officer picks one)
    and the reason; the MAPPA questions appear only under the MAPPA kinds, and are cleared for any other."""

    submit_label = "Make referral"

    kind = forms.ChoiceField(
        label="Who are you referring to?",
        choices=Referral.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are referring to"},
    )
    mappa_category = forms.TypedChoiceField(
        label="MAPPA category",
        choices=Case.MappaCategory.choices,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    level_3_category = forms.TypedChoiceField(
        label="MAPPA category",
        choices=Case.MappaCategory.choices,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    level_justification = GovTextField(
        label="Why level 3: what can level 2 not deliver?",
        name="Why level 3 is needed",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Select an agency",
        widget=AgencySelect,
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
    response_due_on = date_field(
        "Response due by", required=False, min_value=years_from_today(-1), max_value=years_from_today(1)
    )

    def __init__(self, *args, case=None, **kwargs):
        kwargs.setdefault("initial", {})
        if case is not None and case.mappa_category:
            kwargs["initial"].setdefault("mappa_category", case.mappa_category)
            kwargs["initial"].setdefault("level_3_category", case.mappa_category)
        super().__init__(*args, **kwargs)
        self.fields[
            "response_due_on"
        ].help_text = "Leave blank to allow the usual 10 working days. For example, 27 3 2026"
        self.fields["agency"].widget.attrs.update(
            {"class": "govuk-select", "data-agency-kinds-for": json.dumps(AGENCY_KINDS_FOR)}
        )

    def layout_fields(self):
        category = {"legend_size": Size.SMALL, "small": True}
        return [
            RevealingRadios(
                "kind",
                {
                    Referral.Kind.MAPPA_LEVEL_2: [Field.radios("mappa_category", **category)],
                    Referral.Kind.MAPPA_LEVEL_3: [
                        Field.radios("level_3_category", **category),
                        Field.textarea("level_justification"),
                    ],
                },
                legend_size=Size.MEDIUM,
            ),
            Field.select("agency"),
            Field.textarea("reason"),
            Field.textarea("information_shared"),
            Field("response_due_on"),
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        clear_unrevealed(data, "kind", MAPPA_REVEALS)
        data["mappa_category"] = data.get(CATEGORY_FIELD_FOR.get(kind, ""))
        data.setdefault("level_justification", "")
        agency = data.get("agency")
        # A MAPPA referral's agency is the MAPPA unit: the referrals service says so on the field itself.
        fits = AGENCY_KINDS_FOR.get(kind)
        if agency is not None and fits and kind not in Referral.MAPPA_KINDS and agency.kind not in fits:
            self.add_error("agency", agency_does_not_fit(kind))
        return data

    def add_error(self, field, error):
        """The referrals service names the category `mappa_category`: on this form, the one the kind revealed."""
        if field == "mappa_category":
            field = CATEGORY_FIELD_FOR.get(self.data.get(self.add_prefix("kind")), "mappa_category")
        super().add_error(field, error)


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
