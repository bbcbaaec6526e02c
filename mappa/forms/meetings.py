"""MAPPA meeting forms. The meeting's date rules are checked in mappa.services.meetings; an action row's
fields are checked here because which of them a row needs depends on whether the row is used at all."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.contrib.auth.models import User

from caseworks.fields import GovDateField, GovTextField, years_from_today
from caseworks.forms import GovukForm, SubmittedOnceForm, VersionedForm, date_field
from mappa.models import Agency, MappaMeeting
from mappa.services.meetings import AMENDABLE_MEETING_FIELDS, AMENDMENT_REASON_NEEDED, MAX_ACTIONS_IN_A_PLAN
from supervision import roles


class MeetingFields(GovukForm):
    """What a meeting's record says: when, the level, who came, what was shared and decided."""

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


class MeetingForm(SubmittedOnceForm, MeetingFields):
    """Record a meeting that has been held."""


class MeetingAmendmentForm(SubmittedOnceForm, VersionedForm, MeetingFields):
    """Correct a meeting's record, with the reason: the record before it stays in the meeting's history."""

    reason = GovTextField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the minutes corrected the review date. The record before it stays in the history",
        error_messages={"required": AMENDMENT_REASON_NEEDED},
    )

    @classmethod
    def initial_for(cls, meeting) -> dict:
        initial = {field: getattr(meeting, field) for field in AMENDABLE_MEETING_FIELDS}
        initial["agencies"] = [agency.pk for agency in meeting.agencies.all()]
        return initial

    def layout_fields(self):
        return [*super().layout_fields(), Field.textarea("reason")]

    def changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in AMENDABLE_MEETING_FIELDS}


def _index_template(form, name: str) -> str:
    """`actions-%index%-due_on`: the MoJ "add another" component numbers a copied row's fields from this."""
    prefix = form.prefix.rsplit("-", 1)[0] if form.prefix else "form"
    return f"{prefix}-%index%-{name}"


class ActionForm(forms.Form):
    """One action in the risk management plan. A blank row is ignored. An action already in the plan carries
    its id (`action_id`) and cannot be blanked: an amendment changes it, never removes it."""

    action_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)

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

    def __init__(self, *args, team=None, existing_ids=(), add_another=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_ids = set(existing_ids)
        self.is_add_another = add_another
        staff = User.objects.filter(is_active=True, groups__name__in=roles.CASE_ROLES).distinct()
        self.fields["owner_user"].queryset = staff.filter(profile__team=team) if team else staff.none()
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["due_on"].error_messages.update(
            required="Enter the date the action is due by", incomplete="Enter the due date in full"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        fields = [
            Field("action_id"),
            Field.textarea("description"),
            Field.select("owner_agency"),
            Field.select("owner_user"),
            Field.text("owner_name", field_width=Fluid.TWO_THIRDS),
            Field("due_on"),
        ]
        if add_another:
            # The page's template draws the item's fieldset; each input says how to renumber it when copied.
            self._mark_for_add_another()
            self.helper.layout = Layout(*fields)
        else:
            number = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1
            self.helper.layout = Layout(Fieldset(*fields, legend=f"Action {number}", legend_size=Size.SMALL))

    def _mark_for_add_another(self):
        for name, field in self.fields.items():
            widgets = getattr(field.widget, "widgets", None)
            if widgets:
                for position, widget in enumerate(widgets):
                    template = _index_template(self, f"{name}_{position}")
                    widget.attrs.update({"data-name": template, "data-id": f"id_{template}"})
            else:
                template = _index_template(self, name)
                field.widget.attrs.update({"data-name": template, "data-id": f"id_{template}"})

    def clean_action_id(self):
        """Only an action of this meeting can be changed here; any other id is not this form's to send."""
        value = self.cleaned_data.get("action_id")
        if value is not None and value not in self.existing_ids:
            raise forms.ValidationError("This action is not part of the meeting's plan. Reload the page")
        return value

    def clean(self):
        data = super().clean()
        if not data.get("description", "").strip():
            if data.get("action_id"):
                self.add_error("description", ACTION_CANNOT_BE_REMOVED)
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


ACTION_CANNOT_BE_REMOVED = "An action in the plan cannot be removed: change it, or mark it done on the meeting page"

# The most actions one meeting's plan holds; more rows are refused, and only this many forms are ever built, so a
# post claiming 5,000 rows costs no more than one with 20.
MAX_ACTIONS = MAX_ACTIONS_IN_A_PLAN


class BaseActionFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": f"A meeting can have up to {MAX_ACTIONS} actions. Record the most urgent ones now and add "
        "the rest at the next review",
        "missing_management_form": "The list of actions was not sent in full. Go back and try again",
    }


# New actions, one row to start with and more added with the MoJ "add another" button (or, without
# JavaScript, the same button posting the page back with one more row).
ActionFormSet = forms.formset_factory(
    ActionForm,
    formset=BaseActionFormSet,
    extra=1,
    max_num=MAX_ACTIONS,
    absolute_max=MAX_ACTIONS,
    validate_max=True,
)
# The actions already in the plan, on the amendment page: each can be changed, none removed.
ExistingActionFormSet = forms.formset_factory(
    ActionForm, formset=BaseActionFormSet, extra=0, max_num=MAX_ACTIONS, absolute_max=MAX_ACTIONS, validate_max=True
)

ACTION_FIELDS = ("description", "owner_agency", "owner_user", "owner_name", "due_on")


def existing_action_initial(actions) -> list[dict]:
    return [
        {"action_id": action.pk, **{field: getattr(action, field) for field in ACTION_FIELDS}} for action in actions
    ]


def action_changes(formset) -> dict:
    """The existing actions' rows as the service takes them: {action id: fields}."""
    return {
        form.cleaned_data["action_id"]: {field: form.cleaned_data[field] for field in ACTION_FIELDS}
        for form in formset
        if form.cleaned_data.get("action_id")
    }


def with_one_more_row(data, prefix: str):
    """The posted data with one more (blank) action row: the "Add another action" button without JavaScript."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    total = data.get(key, "0")
    count = int(total) if total.isdigit() else 0
    data[key] = str(min(count + 1, MAX_ACTIONS))
    return data
