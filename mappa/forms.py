"""Forms for referrals, escalations and MAPPA meetings, laid out with the GOV.UK template pack."""

import uuid

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.contrib.auth.models import User
from django.utils import timezone

from supervision import roles
from supervision.models import Case

from .models import Agency, MappaMeeting, Referral


def date_field(label, *, required=True, help_text=""):
    field = DateInputField(label=label, required=required, help_text=help_text or "For example, 27 3 2026")
    field.error_messages.update(required=f"Enter the {label.lower()}", incomplete=f"Enter the {label.lower()} in full")
    return field


class GovukForm(forms.Form):
    """Every form: no <form> tag from crispy (the template owns it, with `novalidate`), a submit button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        button = [Button("submit", self.submit_label)] if self.submit_label else []
        self.helper.layout = Layout(*self.layout_fields(), *button)

    def layout_fields(self):
        return [Field(name) for name in self.fields]


class RationaleMixin:
    rationale_label = "Reason"
    rationale_required = True

    def rationale_field(self):
        return forms.CharField(
            label=self.rationale_label,
            widget=forms.Textarea(attrs={"rows": 4}),
            required=self.rationale_required,
            error_messages={"required": f"Enter the {self.rationale_label.lower()}"},
        )


class ReferralForm(GovukForm):
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
    reason = forms.CharField(
        label="Reason for the referral",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reason for the referral"},
    )
    information_shared = forms.CharField(
        label="What information are you sharing?", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    mappa_category = forms.TypedChoiceField(
        label="MAPPA category",
        choices=Case.MappaCategory.choices,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        help_text="For a MAPPA referral only.",
    )
    level_justification = forms.CharField(
        label="Why level 3: what can level 2 not deliver?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="For a MAPPA level 3 referral only.",
    )
    response_due_on = date_field("Response due by", required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, case=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_token", uuid.uuid4())
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
            Field("submission_token"),
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        agency = data.get("agency")
        today = timezone.localdate()
        if kind in Referral.MAPPA_KINDS:
            if not data.get("mappa_category"):
                self.add_error("mappa_category", "Select the MAPPA category")
            if agency and agency.kind != Agency.Kind.MAPPA_UNIT:
                self.add_error("agency", "Send a MAPPA referral to the MAPPA unit")
        if kind == Referral.Kind.MAPPA_LEVEL_3 and not data.get("level_justification", "").strip():
            self.add_error("level_justification", "Enter what level 2 cannot deliver")
        due = data.get("response_due_on")
        if due and due < today:
            self.add_error("response_due_on", "The response due date must be today or in the future")
        return data


class EndorsementForm(GovukForm, RationaleMixin):
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

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not data.get("rationale", "").strip():
            self.add_error("rationale", "Enter why you are returning the referral")
        return data


class AcknowledgementForm(GovukForm):
    submit_label = "Record acknowledgement"
    acknowledged_on = date_field("Date acknowledged")

    def clean_acknowledged_on(self):
        day = self.cleaned_data["acknowledged_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date acknowledged must be today or in the past")
        return day


class ResponseForm(GovukForm):
    submit_label = "Record response"
    response = forms.CharField(
        label="What did the agency say or decide?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the agency's response"},
    )
    responded_by_name = forms.CharField(label="Who responded (optional)", required=False, max_length=150)

    def layout_fields(self):
        return [Field.textarea("response"), Field.text("responded_by_name", field_width=Fluid.TWO_THIRDS)]


class MappaDecisionForm(GovukForm):
    submit_label = "Record decision"
    decision = forms.ChoiceField(
        label="What did the MAPPA unit decide?",
        choices=Referral.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the MAPPA unit's decision"},
    )
    reason = forms.CharField(
        label="The MAPPA unit's reason",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the MAPPA unit's reason"},
    )
    decided_by_name = forms.CharField(label="Who decided (optional)", required=False, max_length=150)

    def layout_fields(self):
        return [
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("reason"),
            Field.text("decided_by_name", field_width=Fluid.TWO_THIRDS),
        ]


class WithdrawForm(GovukForm, RationaleMixin):
    submit_label = "Withdraw referral"
    rationale_label = "Reason for withdrawing"

    def __init__(self, *args, **kwargs):
        self.base_fields["rationale"] = self.rationale_field()
        super().__init__(*args, **kwargs)


class ResubmitForm(WithdrawForm):
    submit_label = "Submit for endorsement"
    rationale_label = "What have you changed or added?"


class LineManagerDecisionForm(GovukForm, RationaleMixin):
    submit_label = "Save decision"
    rationale_label = "Rationale"
    ACCEPT, MORE_INFORMATION, ESCALATE = "accept", "info", "escalate"

    action = forms.ChoiceField(
        label="What do you want to do?",
        choices=[
            (ACCEPT, "Accept the rejection"),
            (MORE_INFORMATION, "Ask the responsible officer for more information"),
            (ESCALATE, "Escalate to the Head of Public Protection"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you want to do"},
    )

    def __init__(self, *args, **kwargs):
        self.base_fields["rationale"] = self.rationale_field()
        super().__init__(*args, **kwargs)

    def layout_fields(self):
        return [Field.radios("action", legend_size=Size.MEDIUM), Field.textarea("rationale")]


class HeadOfPublicProtectionDecisionForm(LineManagerDecisionForm):
    UPHOLD, OVERTURN = "uphold", "overturn"
    action = forms.ChoiceField(
        label="What is your decision?",
        choices=[
            (OVERTURN, "Overturn the rejection: the referral is accepted at the level asked for"),
            (UPHOLD, "Uphold the rejection"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select your decision"},
    )


class InformationForm(GovukForm, RationaleMixin):
    submit_label = "Send to your line manager"
    rationale_label = "Your answer"

    def __init__(self, *args, **kwargs):
        self.base_fields["rationale"] = self.rationale_field()
        super().__init__(*args, **kwargs)


class MeetingForm(GovukForm):
    submit_label = None  # the page's button comes after the actions

    held_on = date_field("Date of the meeting")
    level = forms.TypedChoiceField(
        label="MAPPA level",
        choices=[(2, "Level 2"), (3, "Level 3")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the MAPPA level"},
    )
    chair = forms.CharField(label="Chair", max_length=150, error_messages={"required": "Enter who chaired the meeting"})
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies attending",
        queryset=Agency.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attendees = forms.CharField(
        label="People attending",
        help_text="One per line, with their role.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter who attended"},
    )
    information_shared = forms.CharField(
        label="Information shared", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    decisions = forms.CharField(label="Decisions", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    enforcement_decision = forms.ChoiceField(
        label="Enforcement decision",
        choices=MappaMeeting.EnforcementDecision.choices,
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    next_review_on = date_field("Next review date", required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].help_text = "Leave blank to use the level's review period."

    def layout_fields(self):
        return [
            Field("held_on"),
            Field.radios("level", legend_size=Size.SMALL, inline=True),
            Field.text("chair", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("agencies", legend_size=Size.SMALL, small=True),
            Field.textarea("attendees"),
            Field.textarea("information_shared"),
            Field.textarea("decisions"),
            Field.radios("enforcement_decision", legend_size=Size.SMALL, small=True),
            Field("next_review_on"),
            Field("submission_token"),
        ]

    def clean(self):
        data = super().clean()
        held, review = data.get("held_on"), data.get("next_review_on")
        if held and held > timezone.localdate():
            self.add_error("held_on", "The date of the meeting must be today or in the past")
        if held and review and review < held:
            self.add_error("next_review_on", "The next review date must be after the meeting")
        return data


class ActionForm(forms.Form):
    """One action in the risk management plan. A blank row is ignored."""

    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    owner_agency = forms.ModelChoiceField(
        label="Owner agency", queryset=Agency.objects.filter(is_active=True), required=False
    )
    owner_user = forms.ModelChoiceField(label="Owner in probation", queryset=User.objects.none(), required=False)
    owner_name = forms.CharField(label="Owner's name", max_length=150, required=False)
    due_on = DateInputField(label="Due by", required=False, help_text="For example, 27 3 2026")

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True, groups__name__in=roles.CASE_ROLES).distinct()
        self.fields["owner_user"].queryset = staff.filter(profile__team=team) if team else staff.none()
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["due_on"].error_messages.update(
            required="Enter the date the action is due by", incomplete="Enter the due date in full"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                Field.textarea("description"),
                Field.select("owner_agency"),
                Field.select("owner_user"),
                Field.text("owner_name", field_width=Fluid.TWO_THIRDS),
                Field("due_on"),
                legend=f"Action {int(self.prefix.rsplit('-', 1)[-1]) + 1}" if self.prefix else "Action",
                legend_size=Size.SMALL,
            )
        )

    def clean(self):
        data = super().clean()
        if not data.get("description", "").strip():
            return data  # a blank row
        if not (data.get("owner_agency") or data.get("owner_user") or data.get("owner_name", "").strip()):
            self.add_error("owner_agency", "Select who owns the action, or enter their name")
        if not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", "Enter the date the action is due by")
        return data

    def as_action(self):
        data = self.cleaned_data
        if not data or not data.get("description", "").strip():
            return None
        return {key: data[key] for key in ("description", "owner_agency", "owner_user", "owner_name", "due_on")}


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=20)
