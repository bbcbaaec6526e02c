"""Forms for programme enrolments and their sessions. They parse what was typed; the programmes service checks
the rules (the condition in force, one enrolment in progress per programme, dates in order) and its messages
show on the field they belong to."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from caseworks.fields import GovDateField, GovTextField, GovTimeField, today, years_from_today
from caseworks.forms import SubmittedOnceForm, VersionedForm, combine_date_time, form_helper
from supervision.models import LicenceCondition, LicenceConditionType, Programme, ProgrammeEnrolment
from supervision.services import programmes as services

HINT = "For example, 27 3 2026"


def _past_date(label, name, *, required=True, help_text=HINT):
    return GovDateField(label=label, name=name, help_text=help_text, max_value=today, required=required)


def _text(label, message=None, *, rows=4, required=True, help_text=""):
    extra = {"error_messages": {"required": message}} if message else {}
    return GovTextField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, help_text=help_text, **extra
    )


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, programme):
        return f"{programme.name} ({programme.get_kind_display().lower()}, {programme.number_of_sessions} sessions)"


class ConditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, condition):
        return f"{condition.condition_type.name} (from {condition.started_on:%-d %B %Y})"


class EnrolmentForm(SubmittedOnceForm):
    programme = ProgrammeChoiceField(
        label="Programme",
        queryset=Programme.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the programme"},
    )
    licence_condition = ConditionChoiceField(
        label="Licence condition that requires it",
        queryset=LicenceCondition.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        blank=True,
        empty_label="None of these: say why it is required below",
        help_text="Programme conditions in force today",
    )
    required_because = _text(
        "Why it is required, if no licence condition requires it",
        rows=3,
        required=False,
        help_text="For example, an accredited programme requirement of the community order",
    )
    referred_on = _past_date("Date of the referral", "the date of the referral")
    started_on = _past_date(
        "Date it started (optional)",
        "the start date",
        required=False,
        help_text="Leave blank if the person has not started yet. For example, 27 3 2026",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(is_active=True)
        self.fields["licence_condition"].queryset = (
            case.licence_conditions.in_force(on=timezone.localdate())
            .filter(condition_type__category=LicenceConditionType.Category.PROGRAMME)
            .select_related("condition_type")
        )
        self.initial.setdefault("referred_on", timezone.localdate())
        conditions = list(self.fields["licence_condition"].queryset)
        if len(conditions) == 1:
            self.initial.setdefault("licence_condition", conditions[0].pk)  # the usual case: one programme condition
        self.helper = form_helper(
            Field.radios("programme", legend_size=Size.MEDIUM, small=True),
            Field.radios("licence_condition", legend_size=Size.SMALL, small=True),
            Field.textarea("required_because"),
            Field("referred_on"),
            Field("started_on"),
            submit="Enrol",
        )


class BookSessionsForm(SubmittedOnceForm):
    on = GovDateField(
        label="Date of the first session",
        name="the date of the first session",
        help_text=HINT,
        min_value=today,
        max_value=years_from_today(2),
    )
    at = GovTimeField(label="Time", name="the time of the session")
    count = forms.IntegerField(
        label="How many weekly sessions?",
        min_value=1,
        max_value=services.MOST_SESSIONS_AT_ONCE,
        initial=1,
        help_text="One session, or a run of sessions a week apart at the same time",
        error_messages={
            "required": "Enter how many sessions to book",
            "invalid": "Enter how many sessions to book as a number, like 4",
            "min_value": services.SESSION_COUNT.format(most=services.MOST_SESSIONS_AT_ONCE),
            "max_value": services.SESSION_COUNT.format(most=services.MOST_SESSIONS_AT_ONCE),
        },
    )
    first_number = forms.IntegerField(
        label="Number of the first session",
        min_value=1,
        max_value=999,
        error_messages={
            "required": "Enter the number of the first session",
            "invalid": "Enter the number of the first session as a number, like 3",
            "min_value": services.SESSION_NUMBER,
            "max_value": "Enter a session number of 999 or less",
        },
    )
    location = GovTextField(label="Where (optional)", name="Where", max_length=255, required=False)

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("first_number", services.next_session_number(enrolment))
        for name in ("count", "first_number"):
            self.fields[name].widget.attrs.update({"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"})
        self.helper = form_helper(
            Field("on"),
            Field.text("at"),
            Field.text("count", field_width=3),
            Field.text("first_number", field_width=3),
            Field.text("location"),
            submit="Book sessions",
        )

    def clean(self):
        data = super().clean()
        if data.get("on") and data.get("at"):
            data["first_at"] = combine_date_time(data["on"], data["at"])
        return data


class StartEnrolmentForm(SubmittedOnceForm, VersionedForm):
    started_on = _past_date("Date it started", "the start date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("started_on", timezone.localdate())
        self.helper = form_helper(Field("started_on"), submit="Record the start")


class CompleteEnrolmentForm(SubmittedOnceForm, VersionedForm):
    ended_on = _past_date("Date it was completed", "the date it was completed")
    notes = _text("Notes (optional)", rows=3, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("ended_on", timezone.localdate())
        self.helper = form_helper(Field("ended_on"), Field.textarea("notes"), submit="Record completion")


class TerminateEnrolmentForm(SubmittedOnceForm, VersionedForm):
    reason = forms.ChoiceField(
        label="Why was it terminated?",
        choices=ProgrammeEnrolment.TerminationReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": services.TERMINATION_REASON_REQUIRED},
    )
    details = _text("Details", services.END_DETAILS_REQUIRED, rows=4)
    ended_on = _past_date("Date it was terminated", "the date it was terminated")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("ended_on", timezone.localdate())
        self.helper = form_helper(
            Field.radios("reason", legend_size=Size.MEDIUM, small=True),
            Field.textarea("details"),
            Field("ended_on"),
            submit="Record termination",
        )


class WithdrawEnrolmentForm(SubmittedOnceForm, VersionedForm):
    reason = _text("Why is it being withdrawn?", services.WITHDRAWAL_REASON_REQUIRED, rows=3)
    ended_on = _past_date("Date it was withdrawn", "the date it was withdrawn")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("ended_on", timezone.localdate())
        self.helper = form_helper(Field.textarea("reason"), Field("ended_on"), submit="Withdraw")
