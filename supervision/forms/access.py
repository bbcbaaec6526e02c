"""Setting a case's restriction or exclusion: which kind, which staff, the message they see, and why."""

from django import forms

from caseworks.fields import GovTextField
from caseworks.forms import GovukForm, SubmittedOnceForm
from supervision.models import CaseAccessLimit


class AccessLimitForm(SubmittedOnceForm, GovukForm):
    submit_label = "Save the access limit"

    kind = forms.ChoiceField(
        label="Kind of limit",
        choices=CaseAccessLimit.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of limit"},
    )
    staff = forms.ModelMultipleChoiceField(
        label="Staff it lists",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="A restriction: only these staff may see the case. An exclusion: these staff may not.",
        error_messages={"required": "Select at least one member of staff"},
    )
    message = GovTextField(
        label="Message shown to staff who are refused",
        max_length=500,
        help_text="Say whom to ask. Do not say why: refused staff see this message.",
        error_messages={"required": "Enter the message shown to staff who are refused"},
    )
    reason = GovTextField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why access is limited. Only Heads of Public Protection see this.",
        error_messages={"required": "Enter why access is limited"},
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        self.fields["staff"].label_from_instance = lambda user: user.get_full_name() or user.username
