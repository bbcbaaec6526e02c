"""One small form per change to a case, and the closure and reopening forms. They parse what was typed; the
services (supervision/services/case_changes.py, closure.py) check the rules, and their messages show on the
field they belong to. Each carries a submission token; each that edits the case carries its version."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from caseworks.fields import GovDateField, GovTextField, years_from_today
from caseworks.forms import SubmittedOnceForm, VersionedForm, form_helper
from supervision.models import Case
from supervision.services.case_changes import (
    ADDRESS_REQUIRED,
    AUTHORISED_BY_REQUIRED,
    REASON_REQUIRED,
    WHAT_CHANGED_REQUIRED,
)
from supervision.services.closure import CLOSING_REASONS

YES_NO = [("yes", "Yes"), ("no", "No")]
# Dates of a change: far enough back for a late write-up, never a typo's year 0001 or 9999.
EARLIEST_CHANGE = years_from_today(-30)


def reason_field(label="Why are you making this change?", hint=""):
    return GovTextField(
        label=label,
        name="The reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=hint,
        error_messages={"required": REASON_REQUIRED},
    )


def change_date(label, name, *, latest=None, hint="For example, 27 3 2026"):
    latest = latest or years_from_today(1)
    return GovDateField(label=label, name=name, min_value=EARLIEST_CHANGE, max_value=latest, help_text=hint)


class CaseChangeForm(SubmittedOnceForm, VersionedForm):
    """A change to the case's own record: token, version (the case's), reason."""

    submit_label = "Save change"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.layout(), submit=self.submit_label)

    def layout(self):
        return [Field.textarea("reason")]


class AddressMoveForm(CaseChangeForm):
    address = GovTextField(
        label="New address",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        error_messages={"required": ADDRESS_REQUIRED},
    )
    postcode = GovTextField(label="Postcode", max_length=10, required=False)
    moved_on = change_date("Date they moved", "the date they moved")
    is_approved_premises = forms.TypedChoiceField(
        label="Is it approved premises?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the new address is approved premises"},
    )
    approved_premises_ends_on = change_date(
        "If approved premises, the date they are expected to leave",
        "the date they are expected to leave",
        latest=years_from_today(3),
        hint="Leave empty for an ordinary address. For example, 27 3 2026",
    )
    reason = reason_field("Why did they move?", "For example, released to approved premises on licence")
    submit_label = "Save new address"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_premises_ends_on"].required = False

    def layout(self):
        return [
            Field.textarea("address"),
            Field.text("postcode", field_width=10),
            Field("moved_on"),
            # Not a conditional reveal: GOV.UK Frontend's reveal sets aria-expanded on a radio, which axe refuses.
            Field.radios("is_approved_premises", legend_size=Size.SMALL, inline=True),
            Field("approved_premises_ends_on"),
            Field.textarea("reason"),
        ]


class AddressCorrectionForm(CaseChangeForm):
    address = GovTextField(
        label="Address",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        error_messages={"required": ADDRESS_REQUIRED},
    )
    postcode = GovTextField(label="Postcode", max_length=10, required=False)
    reason = reason_field("What was wrong?", "For example, the house number was recorded as 72, not 27")
    submit_label = "Save correction"

    def layout(self):
        return [Field.textarea("address"), Field.text("postcode", field_width=10), Field.textarea("reason")]


class RoshForm(CaseChangeForm):
    rosh = forms.ChoiceField(
        label="Risk of serious harm",
        choices=Case.RoSH.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the risk of serious harm"},
    )
    assessed_on = change_date("Date of the assessment", "the date of the assessment")
    reason = reason_field("Why was the risk reassessed?", "For example, a new relationship with a pregnant partner")
    submit_label = "Save RoSH"

    def layout(self):
        return [
            Field.radios("rosh", legend_size=Size.SMALL),
            Field("assessed_on"),
            Field.textarea("reason"),
        ]


class TierForm(CaseChangeForm):
    tier = forms.ChoiceField(
        label="Tier",
        choices=Case.Tier.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the tier"},
    )
    reason = reason_field()
    submit_label = "Save tier"

    def layout(self):
        return [Field.radios("tier", legend_size=Size.SMALL, small=True), Field.textarea("reason")]


class MappaForm(CaseChangeForm):
    mappa_category = forms.TypedChoiceField(
        label="MAPPA category",
        choices=[("", "Not MAPPA"), *Case.MappaCategory.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    mappa_level = forms.TypedChoiceField(
        label="MAPPA level",
        choices=[("", "Not MAPPA"), *Case.MappaLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    reason = reason_field(hint="The level is normally set by the MAPPA decision: say why it is corrected here")
    submit_label = "Save MAPPA category and level"

    def layout(self):
        return [
            Field.radios("mappa_category", legend_size=Size.SMALL, small=True),
            Field.radios("mappa_level", legend_size=Size.SMALL, small=True),
            Field.textarea("reason"),
        ]


class SupervisionForm(CaseChangeForm):
    supervision_type = forms.ChoiceField(
        label="Supervision type",
        choices=Case.SupervisionType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the supervision type"},
    )
    started_on = change_date(
        "Start of supervision",
        "the start of supervision",
        hint="The release date for a licence. For example, 27 3 2026",
    )
    expected_end_on = change_date("Expected end", "the expected end", latest=years_from_today(30))
    hdc_curfew_ends_on = change_date("HDC curfew ends (optional)", "the HDC curfew end", latest=years_from_today(30))
    reason = reason_field()
    submit_label = "Save supervision details"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hdc_curfew_ends_on"].required = False

    def layout(self):
        return [
            Field.radios("supervision_type", legend_size=Size.SMALL),
            Field("started_on"),
            Field("expected_end_on"),
            Field("hdc_curfew_ends_on"),
            Field.textarea("reason"),
        ]


class LicenceVariationForm(SubmittedOnceForm):
    varied_on = change_date("Date of the variation", "the date of the variation")
    what_changed = GovTextField(
        label="What did the variation change?",
        name="What the variation changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, exclusion zone extended to include Larkspur Road",
        error_messages={"required": WHAT_CHANGED_REQUIRED},
    )
    authorised_by = GovTextField(
        label="Who authorised it?",
        name="Who authorised it",
        max_length=200,
        help_text="For example, the governor of HMP Avonford",
        error_messages={"required": AUTHORISED_BY_REQUIRED},
    )
    reason = reason_field("Why was the licence varied?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("varied_on"),
            Field.textarea("what_changed"),
            Field.text("authorised_by"),
            Field.textarea("reason"),
            submit="Save variation",
        )


class CloseCaseForm(CaseChangeForm):
    closure_reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=[(value, label) for value, label in Case.ClosureReason.choices if value in CLOSING_REASONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is closing"},
    )
    closed_on = change_date("Date the case closed", "the date the case closed")
    reason = reason_field("Details", "For example, licence expiry confirmed with the releasing prison")
    # Set by the confirmation page: the first post shows what will happen, the second closes the case.
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)
    submit_label = "Continue"

    def layout(self):
        return [Field.radios("closure_reason", legend_size=Size.SMALL), Field("closed_on"), Field.textarea("reason")]

    @property
    def is_confirmed(self) -> bool:
        return self.is_bound and self.data.get(self.add_prefix("confirmed")) == "yes"


class ReopenCaseForm(CaseChangeForm):
    reason = reason_field("Why is the case being reopened?", "For example, closed by mistake: the licence runs to 2027")
    submit_label = "Reopen case"
