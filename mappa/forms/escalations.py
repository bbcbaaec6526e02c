"""The line manager's and the Head of Public Protection's decisions on an escalated MAPPA rejection."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from caseworks.fields import GovTextField, years_from_today
from caseworks.forms import GovukForm, SubmittedOnceForm, date_field
from mappa.forms.referrals import RationaleMixin
from mappa.models import MappaCoordinator


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


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.get_full_name() or obj.user.username}, MAPPA co-ordinator for {obj.area}"


class HeadOfPublicProtectionDecisionForm(LineManagerDecisionForm):
    """Uphold the rejection, or dispute it: the meeting held with the MAPPA co-ordinator (when, with whom, who
    attended, what was considered), required when "dispute" is chosen."""

    UPHOLD, DISPUTE = "uphold", "dispute"
    DISPUTE_LABEL = "Dispute it: I have met the MAPPA co-ordinator to review the decision"
    UPHOLD_LABEL = "Uphold the rejection"
    action = forms.ChoiceField(
        label="What is your decision?",
        choices=[(DISPUTE, DISPUTE_LABEL), (UPHOLD, UPHOLD_LABEL)],
        widget=forms.RadioSelect,
        error_messages={"required": "Select your decision"},
    )
    held_on = date_field("Date of the meeting", required=False, min_value=years_from_today(-1))
    coordinator = CoordinatorChoiceField(
        label="MAPPA co-ordinator you met",
        queryset=MappaCoordinator.objects.none(),
        required=False,
        empty_label="Select the co-ordinator",
    )
    attendees = GovTextField(label="Who attended", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    considered = GovTextField(label="What was considered", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    MEETING_FIELDS = {
        "held_on": "Enter the date of the meeting",
        "coordinator": "Select the MAPPA co-ordinator you met",
        "attendees": "Enter who attended the meeting",
        "considered": "Enter what the meeting considered",
    }

    def __init__(self, *args, coordinators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if coordinators is not None:
            self.fields["coordinator"].queryset = coordinators

    def clean(self):
        data = super().clean()
        if data.get("action") == self.DISPUTE:
            for name, message in self.MEETING_FIELDS.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def layout_fields(self):
        # The meeting's questions follow the choice in their own fieldset rather than a conditional reveal:
        # crispy-forms-gds's reveal points `aria-controls` at a missing element on the choice with no questions.
        return [
            Field.radios("action", legend_size=Size.MEDIUM),
            Fieldset(
                Field("held_on"),
                Field.select("coordinator"),
                Field.textarea("attendees"),
                Field.textarea("considered"),
                legend="If you dispute it: the meeting with the MAPPA co-ordinator",
                legend_size=Size.SMALL,
            ),
            Field.textarea("rationale"),
        ]
