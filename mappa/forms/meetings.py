"""MAPPA meeting forms. The meeting's date rules are checked in mappa.services.meetings; an action row's
fields are checked here because which of them a row needs depends on whether the row is used at all."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.contrib.auth.models import User

from caseworks.fields import GovDateField, GovTextField, years_from_today
from caseworks.forms import GovukForm, SubmittedOnceForm, date_field
from mappa.models import Agency, MappaMeeting
from supervision import roles


class MeetingForm(SubmittedOnceForm, GovukForm):
    submit_label = None  # the page's button comes after the actions

    held_on = date_field("Date of the meeting", max_value=years_from_today(1))
    level = forms.TypedChoiceField(
        label="MAPPA level",
        choices=[(2, "Level 2"), (3, "Level 3")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the MAPPA level"},
    )
    chair = GovTextField(label="Chair", max_length=150, error_messages={"required": "Enter who chaired the meeting"})
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies attending",
        queryset=Agency.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attendees = GovTextField(
        label="People attending",
        help_text="One per line, with their role.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter who attended"},
    )
    information_shared = GovTextField(
        label="Information shared", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    decisions = GovTextField(label="Decisions", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    enforcement_decision = forms.ChoiceField(
        label="Enforcement decision",
        choices=MappaMeeting.EnforcementDecision.choices,
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    next_review_on = date_field(
        "Next review date", required=False, min_value=years_from_today(-1), max_value=years_from_today(3)
    )

    def __init__(self, *args, **kwargs):
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
        ]


class ActionForm(forms.Form):
    """One action in the risk management plan. A blank row is ignored."""

    description = GovTextField(label="Action", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    owner_agency = forms.ModelChoiceField(
        label="Owner agency", queryset=Agency.objects.filter(is_active=True), required=False
    )
    owner_user = forms.ModelChoiceField(label="Owner in probation", queryset=User.objects.none(), required=False)
    owner_name = GovTextField(label="Owner's name", max_length=150, required=False)
    due_on = GovDateField(
        label="Due by",
        name="the date the action is due by",
        required=False,
        help_text="For example, 27 3 2026",
        min_value=years_from_today(-1),
        max_value=years_from_today(5),
    )

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


# The most actions one meeting's plan holds; more rows are refused, and only this many forms are ever built, so a
# post claiming 5,000 rows costs no more than one with 20.
MAX_ACTIONS = 20


class BaseActionFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": f"A meeting can have up to {MAX_ACTIONS} actions. Record the most urgent ones now and add "
        "the rest at the next review",
        "missing_management_form": "The list of actions was not sent in full. Go back and try again",
    }


ActionFormSet = forms.formset_factory(
    ActionForm,
    formset=BaseActionFormSet,
    extra=3,
    max_num=MAX_ACTIONS,
    absolute_max=MAX_ACTIONS,
    validate_max=True,
)
