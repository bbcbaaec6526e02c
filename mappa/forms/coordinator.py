"""The MAPPA co-ordinator's forms on a referral, and the officer's answer to the co-ordinator's question. They
parse and check shape only; the rules are in mappa.services.coordinators."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from caseworks.fields import GovTextField
from caseworks.forms import GovukForm, SubmittedOnceForm
from mappa.models import Referral


class AcknowledgeForm(SubmittedOnceForm, GovukForm):
    """Nothing to type: acknowledging is today, by the co-ordinator pressing the button."""

    submit_label = "Acknowledge referral"


class QuestionForm(SubmittedOnceForm, GovukForm):
    submit_label = "Send to the officer"
    question = GovTextField(
        label="What more information do you need?",
        name="What more information you need",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The responsible officer is told and answers here. The referral comes back to you.",
        error_messages={"required": "Enter what more information you need"},
    )

    def layout_fields(self):
        return [Field.textarea("question", label_size=Size.MEDIUM)]


class DecisionForm(SubmittedOnceForm, GovukForm):
    submit_label = "Record decision"
    heading = "What is the MAPPA unit's decision?"

    decision = forms.ChoiceField(
        choices=Referral.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    reason = GovTextField(
        label="Reasons for the decision",
        name="The reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The officer and their line manager read these. A rejection goes to the line manager's "
        "escalation queue.",
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = self.heading

    def layout_fields(self):
        return [Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("reason")]


class RevisedDecisionForm(DecisionForm):
    submit_label = "Record revised decision"
    heading = "What is your revised decision?"


class AnswerForm(SubmittedOnceForm, GovukForm):
    submit_label = "Send to the MAPPA co-ordinator"
    information = GovTextField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the information the MAPPA co-ordinator asked for"},
    )
