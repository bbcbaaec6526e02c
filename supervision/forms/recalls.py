"""Forms for the steps of a recall. Each carries a submission token and the version of the recall it was drawn at
(so a second manager acting on a page opened before the first one's endorsement is told, not overwritten), and a
confirmation the signer ticks: endorsing, countersigning and confirming a recall sends a person back to custody.
The recalls service checks the rules; its messages show on the field they belong to."""

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from caseworks.fields import GovDateField, GovTextField, today
from caseworks.forms import SubmittedOnceForm, VersionedForm, form_helper
from supervision.services import recalls as services


def _reason(label, message, *, required=True, help_text=""):
    extra = {"error_messages": {"required": message}} if message else {}
    return GovTextField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=required,
        help_text=help_text,
        **extra,
    )


def _confirmation(label, message):
    return forms.BooleanField(label=label, required=True, error_messages={"required": message})


class RecallStepForm(SubmittedOnceForm, VersionedForm):
    """A step with a confirmation and, for some, a reason or a note. Subclasses name the fields and the button."""

    submit_label = "Continue"
    text_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = [Field.textarea(name) for name in self.text_fields]
        layout.append(Field.checkbox("confirmed", small=True))
        self.helper = form_helper(*self.extra_layout(), *layout, submit=self.submit_label)

    def extra_layout(self):
        return []


class EndorseRecallForm(RecallStepForm):
    note = _reason("Note (optional)", None, required=False, help_text="For example, what you checked")
    confirmed = _confirmation(
        "I have read the recommendation, its evidence and the alternatives considered, and I endorse this recall",
        "Confirm that you have read the recommendation and endorse the recall",
    )
    submit_label = "Endorse recall"
    text_fields = ("note",)


class RefuseEndorsementForm(RecallStepForm):
    reason = _reason("Why are you not endorsing the recall?", services.REFUSAL_REASON_REQUIRED)
    confirmed = _confirmation(
        "I do not endorse this recall: it will end, and the officer will be told",
        "Confirm that you do not endorse the recall",
    )
    submit_label = "Do not endorse"
    text_fields = ("reason",)


class CountersignRecallForm(RecallStepForm):
    confirmed = _confirmation(
        "I have read the recommendation and the endorsement, and I countersign this recall",
        "Confirm that you countersign the recall",
    )
    submit_label = "Countersign recall"


class RefuseCountersignatureForm(RecallStepForm):
    reason = _reason("Why are you not countersigning the recall?", services.COUNTERSIGN_REFUSAL_REASON_REQUIRED)
    confirmed = _confirmation(
        "I do not countersign this recall: it will end, and the officer will be told",
        "Confirm that you do not countersign the recall",
    )
    submit_label = "Do not countersign"
    text_fields = ("reason",)


class WithdrawRecallForm(RecallStepForm):
    reason = _reason("Why is the recall being withdrawn?", services.WITHDRAWAL_REASON_REQUIRED)
    confirmed = _confirmation(
        "I withdraw this recall recommendation", "Confirm that you withdraw the recall recommendation"
    )
    submit_label = "Withdraw recall"
    text_fields = ("reason",)


class ConfirmRecallForm(RecallStepForm):
    confirmed_on = GovDateField(
        label="Date the recall was confirmed",
        name="the date the recall was confirmed",
        help_text="The day the person was returned to custody. For example, 27 3 2026",
        max_value=today,
    )
    confirmed = _confirmation(
        "The person has been returned to custody: the case will end as recalled",
        "Confirm that the person has been returned to custody",
    )
    submit_label = "Confirm recall"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("confirmed_on", timezone.localdate())

    def extra_layout(self):
        return [Field("confirmed_on")]
