"""Cancelling a booked appointment: why (a short list, and words for "Other"). The appointments service checks the
rules; its messages show on the field they belong to."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from caseworks.fields import GovTextField
from caseworks.forms import SubmittedOnceForm, VersionedForm, form_helper
from caseworks.reveals import RevealingRadios, clear_unrevealed
from supervision.models import Contact
from supervision.services.appointments import CANCELLATION_REASON_REQUIRED

Reason = Contact.CancellationReason
REVEALS = {Reason.OTHER: ["detail"]}


class CancelAppointmentForm(SubmittedOnceForm, VersionedForm):
    reason = forms.ChoiceField(
        label="Why is the appointment cancelled?",
        widget=forms.RadioSelect,
        error_messages={"required": CANCELLATION_REASON_REQUIRED},
    )
    detail = GovTextField(
        label="Why it is cancelled",
        name="why it is cancelled",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, the person is in hospital",
    )

    def __init__(self, *args, is_programme_session: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # "Programme ended" is for a programme's sessions; ending the enrolment cancels those still booked.
        self.fields["reason"].choices = [
            (value, label) for value, label in Reason.choices if is_programme_session or value != Reason.PROGRAMME_ENDED
        ]
        reveals = {value: [Field.textarea(name) for name in names] for value, names in REVEALS.items()}
        self.helper = form_helper(
            RevealingRadios("reason", reveals, legend_size=Size.MEDIUM), submit="Cancel appointment"
        )

    def clean(self):
        data = super().clean()
        clear_unrevealed(data, "reason", REVEALS)
        return data
