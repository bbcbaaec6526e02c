"""Form fields for the GOV.UK date input pattern and times, with messages in the Design System's words."""

import re
from datetime import date, time

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator


class GovDateField(DateInputField):
    """Day, month and year boxes. `name` is how messages refer to the date, e.g. "the date of the contact".

    Messages follow the GOV.UK date input guidance: "… must include a month", "… must be a real date".
    """

    def __init__(self, *, label: str, name: str | None = None, required: bool = True, **kwargs):
        super().__init__(label=label, required=required, require_all_fields=False, **kwargs)
        subject = name or label
        capital = subject[0].upper() + subject[1:]
        self.subject = capital
        self.error_messages = {
            **self.error_messages,
            "required": f"Enter {subject[0].lower() + subject[1:]}",
            "incomplete": f"Enter {subject[0].lower() + subject[1:]}",
            "invalid": f"{capital} must be a real date",
        }
        for part, (subfield, noun) in enumerate(zip(self.fields, ("day", "month", "year"), strict=True)):
            subfield.error_messages = {**subfield.error_messages, "incomplete": f"{capital} must include a {noun}"}
            subfield.validators = [RegexValidator(r"^\s*[0-9]+\s*$", f"{capital} must be a real date")]
            subfield.max_length = 4 if part == 2 else 2
        self.widget.widgets[2].attrs["inputmode"] = "numeric"
        self.widget.widgets[0].attrs["inputmode"] = "numeric"
        self.widget.widgets[1].attrs["inputmode"] = "numeric"

    def compress(self, data_list):
        if not data_list or not all(data_list):
            return None
        day, month, year = (value.strip() for value in data_list)
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.subject} must be a real date", code="invalid") from None


TIME_PATTERN = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


class GovTimeField(forms.CharField):
    """A time typed as 14:30, 2:30pm or 9am."""

    def __init__(self, *, label: str, name: str, **kwargs):
        kwargs.setdefault("help_text", "For example, 14:30 or 2:30pm")
        super().__init__(label=label, **kwargs)
        self.name = name
        self.error_messages["required"] = f"Enter {name}"
        self.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "autocomplete": "off", "maxlength": "8"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = TIME_PATTERN.match(value)
        if not match:
            raise ValidationError(f"Enter {self.name} as hours and minutes, like 14:30", code="invalid")
        hour, minute, meridiem = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if meridiem:
            if not 1 <= hour <= 12:
                raise ValidationError(f"Enter {self.name} as hours and minutes, like 14:30", code="invalid")
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(f"Enter {self.name} as a real time, like 14:30", code="invalid")
        return time(hour, minute)

    def prepare_value(self, value):
        if isinstance(value, time):
            return value.strftime("%H:%M")
        return value
