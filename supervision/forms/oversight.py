"""Forms for management oversight (the record, its action rows, marking an action done) and the "keeping people
safe" case review (the window of dates, and a judgement per prompt). They parse what was typed; the services
check the rules and their messages show on the field they belong to."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from caseworks.errors import RuleBroken
from caseworks.fields import GovDateField, GovTextField, today, years_from_today
from caseworks.forms import SubmittedOnceForm, VersionedForm, form_helper
from supervision.models import OversightRecord
from supervision.models.case_reviews import Prompt
from supervision.services import case_reviews as review_services
from supervision.services import oversight as services

HINT = "For example, 27 3 2026"


def _text(label, message=None, *, rows=4, required=True, help_text=""):
    extra = {"error_messages": {"required": message}} if message else {}
    return GovTextField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, help_text=help_text, **extra
    )


class OversightForm(SubmittedOnceForm):
    """The oversight record; the page draws its action rows (ActionFormSet) and the button after it."""

    reviewed_on = GovDateField(
        label="Date of the oversight", name="the date of the oversight", help_text=HINT, max_value=today
    )
    areas = forms.MultipleChoiceField(
        label="What did you review?",
        choices=OversightRecord.Area.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )
    what_was_reviewed = _text(
        "What you reviewed",
        services.WHAT_REVIEWED_REQUIRED,
        help_text="For example, the last month's contacts, the risk management plan and the victim liaison reports",
    )
    decision = _text("Decision and direction", services.DECISION_REQUIRED, rows=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reviewed_on", timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("reviewed_on"),
            Field.checkboxes("areas", legend_size=Size.SMALL, small=True),
            Field.textarea("what_was_reviewed", rows=4),
            Field.textarea("decision", rows=5),
        )


def _index_template(form, name: str) -> str:
    """`actions-%index%-due_on`: the MoJ "add another" component numbers a copied row's fields from this."""
    prefix = form.prefix.rsplit("-", 1)[0] if form.prefix else "form"
    return f"{prefix}-%index%-{name}"


class OversightActionForm(forms.Form):
    """One action for the officer. A blank row is ignored."""

    description = GovTextField(label="Action for the officer", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    due_on = GovDateField(
        label="Due by",
        name="the date the action is due by",
        required=False,
        help_text=HINT,
        max_value=years_from_today(2),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.textarea("description", rows=2), Field("due_on"))
        # The page draws the row's fieldset; each input says how to renumber it when the row is copied.
        for name, field in self.fields.items():
            widgets = getattr(field.widget, "widgets", None)
            for position, widget in enumerate(widgets or [field.widget]):
                template = _index_template(self, f"{name}_{position}" if widgets else name)
                widget.attrs.update({"data-name": template, "data-id": f"id_{template}"})

    def clean(self):
        data = super().clean()
        if not data.get("description", "").strip():
            return data  # a blank row
        if not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", "Enter the date the action is due by")
        return data

    def as_action(self):
        data = self.cleaned_data
        if not data or not data.get("description", "").strip():
            return None
        return services.NewAction(description=data["description"], due_on=data["due_on"])


class BaseActionFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": f"Set up to {services.MAX_ACTIONS} actions in one record",
        "missing_management_form": "The list of actions was not sent in full. Go back and try again",
    }


ActionFormSet = forms.formset_factory(
    OversightActionForm,
    formset=BaseActionFormSet,
    extra=1,
    max_num=services.MAX_ACTIONS,
    absolute_max=services.MAX_ACTIONS,
    validate_max=True,
)


def with_one_more_row(data, prefix: str):
    """The posted data with one more (blank) row: "Add another action" without JavaScript."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    total = data.get(key, "0")
    count = int(total) if total.isdigit() else 0
    data[key] = str(min(count + 1, services.MAX_ACTIONS))
    return data


class ActionDoneForm(SubmittedOnceForm, VersionedForm):
    note = _text("What was done", services.DONE_NOTE_REQUIRED)
    done_on = GovDateField(label="Date it was done", name="the date it was done", help_text=HINT, max_value=today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("done_on", timezone.localdate())
        self.helper = form_helper(Field.textarea("note", rows=4), Field("done_on"), submit="Mark as done")


class ReviewWindowForm(forms.Form):
    """The dates the evidence covers (sent by GET, so the page can be bookmarked and shared)."""

    window_from = GovDateField(label="From", name="the start of the window", help_text=HINT)
    window_to = GovDateField(label="To", name="the end of the window", help_text=HINT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Fieldset(Field("window_from"), Field("window_to"), legend="Dates to review", legend_size=Size.MEDIUM),
            submit="Show the evidence",
        )

    def clean(self):
        data = super().clean()
        if data.get("window_from") and data.get("window_to"):
            try:
                review_services.check_window(data["window_from"], data["window_to"], today=timezone.localdate())
            except RuleBroken as error:
                for rule in error.every_rule:
                    self.add_error(rule.field, rule.message)
        return data


SUFFICIENT = [("yes", "Sufficient"), ("no", "Not sufficient")]
# How each prompt's fields are named, so each judgement and comment has a label of its own.
SHORT_NAMES = {
    Prompt.CONTACT: "the level and nature of contact",
    Prompt.HOME_VISITS: "home visits",
    Prompt.VICTIMS: "protecting victims",
    Prompt.AGENCIES: "work with other agencies",
    Prompt.KEY_INDIVIDUALS: "engaging key individuals",
    Prompt.OVERSIGHT: "management oversight",
}


class CaseReviewForm(SubmittedOnceForm):
    """A judgement on each prompt, and a summary. The window travels with the form, so the evidence saved is
    gathered for the dates the manager looked at."""

    window_from = forms.DateField(widget=forms.HiddenInput)
    window_to = forms.DateField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prompt in Prompt:
            self.fields[f"{prompt.value}_judgement"] = forms.ChoiceField(
                label=f"Your judgement on {SHORT_NAMES[prompt]}",
                choices=SUFFICIENT,
                widget=forms.RadioSelect,
                error_messages={"required": review_services.JUDGEMENT_REQUIRED.format(prompt=prompt.label)},
            )
            self.fields[f"{prompt.value}_comment"] = GovTextField(
                label=f"Comment on {SHORT_NAMES[prompt]}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                help_text="Say why, if it was not sufficient",
            )
        self.fields["summary"] = _text("Summary (optional)", rows=4, required=False)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.summary_helper = FormHelper()
        self.summary_helper.form_tag = False
        self.summary_helper.disable_csrf = True
        self.summary_helper.layout = Layout(Field.textarea("summary", rows=4))

    def prompt_fields(self, prompt: str) -> Layout:
        """One prompt's judgement and comment, drawn beside its evidence by the page."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Field.radios(f"{prompt}_judgement", legend_size=Size.SMALL, small=True, inline=True),
            Field.textarea(f"{prompt}_comment", rows=3),
        )
        return helper

    def clean(self):
        """ "Not sufficient" without a comment is reported with the other missing answers, in one summary (the
        service checks it again)."""
        data = super().clean()
        for prompt in Prompt:
            comment = data.get(f"{prompt.value}_comment", "")
            if data.get(f"{prompt.value}_judgement") == "no" and not comment.strip():
                self.add_error(f"{prompt.value}_comment", review_services.COMMENT_REQUIRED.format(prompt=prompt.label))
        return data

    def judgements(self) -> dict:
        data = self.cleaned_data
        return {
            prompt.value: review_services.Judgement(
                is_sufficient=data[f"{prompt.value}_judgement"] == "yes",
                comment=data.get(f"{prompt.value}_comment", ""),
            )
            for prompt in Prompt
        }
