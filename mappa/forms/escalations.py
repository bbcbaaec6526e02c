"""The line manager's and the Head of Public Protection's decisions on an escalated MAPPA rejection."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from caseworks.forms import GovukForm, SubmittedOnceForm
from mappa.forms.referrals import RationaleMixin


class LineManagerDecisionForm(SubmittedOnceForm, GovukForm, RationaleMixin):
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
