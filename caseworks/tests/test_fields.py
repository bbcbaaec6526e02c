"""GOV.UK date, time and text fields (caseworks/fields.py): bad input is a message on the field, never an exception,
and dates outside the field's bounds are refused in GOV.UK words."""

import importlib
import inspect
import pkgutil
from datetime import date, timedelta

import pytest
from crispy_forms_gds.fields import DateInputField
from django import forms
from django.utils import timezone

from caseworks.fields import (
    LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    GovDateField,
    GovTextField,
    GovTimeField,
    limit_text_fields,
    today,
    years_from_today,
)
from caseworks.forms import GUARD_FIELDS


class DatesForm(forms.Form):
    on = GovDateField(label="Date", name="the date of the contact")
    born_on = GovDateField(label="Date of birth", max_value=today)
    due_on = GovDateField(label="Due date", name="the due date", min_value=today, max_value=years_from_today(1))
    at = GovTimeField(label="Time", name="the time of the contact")


def _errors(**values) -> dict:
    data = {"on_0": "1", "on_1": "2", "on_2": "2026", "born_on_0": "1", "born_on_1": "2", "born_on_2": "1980"}
    tomorrow = timezone.localdate() + timedelta(days=1)
    data |= {"due_on_0": tomorrow.day, "due_on_1": tomorrow.month, "due_on_2": tomorrow.year, "at": "10:00"}
    form = DatesForm(data | values)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    "values",
    [
        {"on_2": "9" * 20},
        {"on_0": "9" * 20},
        {"on_1": "9" * 20},
        {"on_0": "-1"},
        {"on_0": "٣"},  # an Arabic-Indic digit: int() would accept it
        {"on_0": "1\x00"},
        {"on_2": "20 26"},
        {"on_0": "31", "on_1": "2"},
    ],
)
def test_junk_and_overflowing_dates_are_not_real_dates(values):
    errors = _errors(**values)

    assert set(errors) == {"on"}
    assert any("must be a real date" in error or "4 numbers" in error for error in errors["on"])


def test_the_year_0001_and_9999_are_outside_the_default_bounds():
    assert _errors(on_2="0001") == {"on": ["The date of the contact must be on or after 1 January 1900"]}
    assert _errors(on_2="9999") == {"on": ["The date of the contact must be on or before 31 December 2100"]}


def test_a_birth_date_must_be_today_or_in_the_past():
    tomorrow = timezone.localdate() + timedelta(days=1)

    errors = _errors(born_on_0=tomorrow.day, born_on_1=tomorrow.month, born_on_2=tomorrow.year)

    assert errors == {"born_on": ["Date of birth must be today or in the past"]}


def test_callable_bounds_are_worked_out_when_the_form_is_checked():
    yesterday = timezone.localdate() - timedelta(days=1)
    too_far = timezone.localdate() + timedelta(days=400)

    assert _errors(due_on_0=yesterday.day, due_on_1=yesterday.month, due_on_2=yesterday.year) == {
        "due_on": ["The due date must be today or in the future"]
    }
    [message] = _errors(due_on_0=too_far.day, due_on_1=too_far.month, due_on_2=too_far.year)["due_on"]
    assert message.startswith("The due date must be on or before ")


@pytest.mark.parametrize("typed", ["99:99", "9" * 30, "25:00", "13pm", "1\x00:00", "١٠:٠٠"])
def test_junk_times_are_a_message(typed):
    [message] = _errors(at=typed)["at"]

    assert message.startswith("Enter the time of the contact as")


def test_a_time_typed_as_people_do_is_accepted():
    form = DatesForm({"at": "2:30pm"})
    form.is_valid()

    assert form.cleaned_data["at"].strftime("%H:%M") == "14:30"


class TextForm(forms.Form):
    name = GovTextField(label="Their name")
    notes = GovTextField(label="Notes (optional)", widget=forms.Textarea, required=False)
    reason = GovTextField(label="Why is it ending?", name="The reason", max_length=50)


def test_text_fields_have_limits_with_gov_uk_messages():
    form = TextForm(
        {"name": "x" * (SHORT_TEXT_MAX_LENGTH + 1), "notes": "x" * (LONG_TEXT_MAX_LENGTH + 1), "reason": "x" * 51}
    )

    assert not form.is_valid()
    assert form.errors == {
        "name": [f"Their name must be {SHORT_TEXT_MAX_LENGTH} characters or less"],
        "notes": [f"Notes must be {LONG_TEXT_MAX_LENGTH:,} characters or less"],
        "reason": ["The reason must be 50 characters or less"],
    }
    # GOV.UK: no maxlength on a text area, which would cut a pasted note silently.
    assert "maxlength" not in form.fields["notes"].widget.attrs


def test_limit_text_fields_gives_unlimited_text_fields_a_limit():
    class Plain(forms.Form):
        summary = forms.CharField(label="Summary", widget=forms.Textarea)

    form = Plain({"summary": "x" * (LONG_TEXT_MAX_LENGTH + 1)})
    limit_text_fields(form.fields)

    assert not form.is_valid()
    assert form.errors == {"summary": [f"Summary must be {LONG_TEXT_MAX_LENGTH:,} characters or less"]}


def _form_classes():
    """Every form class defined in supervision/forms and mappa/forms, so a new form is checked automatically."""
    for package_name in ("supervision.forms", "mappa.forms"):
        package = importlib.import_module(package_name)
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package_name}.{module_info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _djangos_own_fields(cls) -> set[str]:
    """Fields a form inherits from Django's own forms (the sign-in and password forms): Django bounds them."""
    return {
        name
        for base in cls.__mro__[1:]
        if base.__module__.startswith("django.")
        for name in getattr(base, "base_fields", {})
    }


def _fields_of(cls):
    """The fields a form has, including those added in __init__ through base_fields (RationaleMixin)."""
    fields = dict(cls.base_fields)
    for name in ("rationale",):
        if hasattr(cls, "rationale_field"):
            fields[name] = cls.rationale_field(cls)
    return fields


@pytest.mark.parametrize("form_class", list(_form_classes()), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_form_field_has_bounds(form_class):
    """Every text field has a maximum length with a GOV.UK message, every date is a bounded GovDateField."""
    for name, field in _fields_of(form_class).items():
        if name in GUARD_FIELDS or name in _djangos_own_fields(form_class):
            continue  # the hidden submission token and version: parsed by their own clean_ methods
        # UUIDs, times and the like parse their own input; free text is a plain CharField or a GovTextField.
        assert type(field) is not forms.CharField, f"{name} is a CharField with no GOV.UK length message"
        if isinstance(field, GovTextField):
            assert field.max_length, f"{name} has no maximum length"
            assert " characters or " in field.error_messages.get("max_length", ""), name
        if isinstance(field, DateInputField):
            assert isinstance(field, GovDateField), f"{name} is not a GovDateField"
            assert field.min_value is not None and field.max_value is not None, name


def test_date_bounds_have_gov_uk_long_dates():
    field = GovDateField(label="Start date", name="the start date", min_value=date(2020, 3, 1))

    assert field.too_early_message(date(2020, 3, 1)) == "The start date must be on or after 1 March 2020"
