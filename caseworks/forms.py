"""GOV.UK form building blocks both apps share: the crispy helper, a date field with GOV.UK messages,
and a base form whose template owns the <form> tag (with `novalidate`, so server errors always show)."""

from datetime import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.utils import timezone

from caseworks.fields import GovDateField, limit_text_fields


def form_helper(*layout, submit="Save") -> FormHelper:
    """A crispy helper with no <form> tag and one submit button that ignores a double click."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout, Button("submit", submit, data_prevent_double_click="true"))
    return helper


def combine_date_time(day, at_time) -> datetime:
    """A date and a time typed separately, as an aware datetime in the UK's time zone."""
    return timezone.make_aware(datetime.combine(day, at_time))


def date_field(label, *, required=True, help_text="", **bounds):
    """A GovDateField named after its label ("Enter the date of the meeting"); `bounds` are its min_value and
    max_value (1900 to 2100 by default)."""
    return GovDateField(
        label=label,
        name=f"the {label.lower()}",
        required=required,
        help_text=help_text or "For example, 27 3 2026",
        **bounds,
    )


class GovukForm(forms.Form):
    """Every form: no <form> tag from crispy (the template owns it, with `novalidate`), a submit button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self.fields)
        self.helper = FormHelper()
        self.helper.form_tag = False
        button = [Button("submit", self.submit_label)] if self.submit_label else []
        self.helper.layout = Layout(*self.layout_fields(), *button)

    def layout_fields(self):
        return [Field(name) for name in self.fields]


def show_rule_error(form, error) -> None:
    """A service's `RuleBroken` (or every rule of a `RulesBroken`) shown on the form: each on its field when
    the form has that field (so the error summary links to it), otherwise at the top of the form."""
    for rule in error.every_rule:
        field = rule.field if rule.field in form.fields else None
        form.add_error(field, rule.message)
