"""Form fields for the GOV.UK date input pattern, times and text, with messages in the Design System's words.

Every field here turns bad input into a message on the field, never an exception: a 20-digit year, a day of
"٣" or a NUL byte is something a member of staff (or a stray paste) can send, and it must come back as "Date
must be a real date", not a 500. Dates are bounded (1900 to 2100 unless the field says otherwise) so a typo of
year 0001 or 9999 is caught here rather than stored, or overflowing when it is turned into a datetime.
"""

import re
from collections.abc import Callable
from datetime import date, time, timedelta

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils import timezone

DateBound = date | Callable[[], date] | None

# Nobody on probation today was born before 1900, and nothing is planned past 2100: anything outside is a typo.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# Text lengths no one reaches by accident: a name or a one-line answer, and the longest notes officers write.
SHORT_TEXT_MAX_LENGTH = 200
LONG_TEXT_MAX_LENGTH = 10_000


def today() -> date:
    """The UK calendar day, as a bound: `min_value=today` means "today or in the future"."""
    return timezone.localdate()


def years_from_today(years: int) -> Callable[[], date]:
    """A bound `years` ahead of (or, if negative, behind) today, worked out when the form is checked."""

    def bound() -> date:
        return today() + timedelta(days=round(365.25 * years))

    bound.__name__ = f"years_from_today({years})"
    return bound


def long_date(day: date) -> str:
    """1 January 1900: the GOV.UK style for dates in messages."""
    return f"{day.day} {day:%B %Y}"


def _resolve(bound: DateBound) -> date | None:
    return bound() if callable(bound) else bound


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


class GovDateField(DateInputField):
    """Day, month and year boxes. `name` is how messages refer to the date, e.g. "the date of the contact".

    Messages follow the GOV.UK date input guidance: "… must include a month", "… must be a real date", "… must be
    today or in the past". `min_value` and `max_value` are dates or callables returning one (`today`,
    `years_from_today(1)`), so a bound that moves with the calendar is worked out when the form is checked.
    """

    def __init__(
        self,
        *,
        label: str,
        name: str | None = None,
        required: bool = True,
        min_value: DateBound = EARLIEST_DATE,
        max_value: DateBound = LATEST_DATE,
        **kwargs,
    ):
        super().__init__(label=label, required=required, require_all_fields=False, **kwargs)
        subject = name or label
        capital = _capitalised(subject)
        self.subject = capital
        self.min_value = min_value
        self.max_value = max_value
        self.error_messages = {
            **self.error_messages,
            "required": f"Enter {subject[0].lower() + subject[1:]}",
            "incomplete": f"Enter {subject[0].lower() + subject[1:]}",
            "invalid": f"{capital} must be a real date",
        }
        for part, (subfield, noun) in enumerate(zip(self.fields, ("day", "month", "year"), strict=True)):
            subfield.error_messages = {**subfield.error_messages, "incomplete": f"{capital} must include a {noun}"}
            # ASCII digits only: int() would also accept other scripts' digits, and a 20-digit number overflows.
            subfield.validators = [RegexValidator(r"^\s*[0-9]{1,4}\s*$", f"{capital} must be a real date")]
            subfield.max_length = 4 if part == 2 else 2
        for widget in self.widget.widgets:
            widget.attrs["inputmode"] = "numeric"

    def compress(self, data_list):
        if not data_list or not all(data_list):
            return None
        day, month, year = (str(value).strip() for value in data_list)
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"{self.subject} must be a real date", code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        earliest, latest = _resolve(self.min_value), _resolve(self.max_value)
        if earliest is not None and value < earliest:
            raise ValidationError(self.too_early_message(earliest), code="min_value")
        if latest is not None and value > latest:
            raise ValidationError(self.too_late_message(latest), code="max_value")

    def too_early_message(self, earliest: date) -> str:
        if earliest == today():
            return f"{self.subject} must be today or in the future"
        return f"{self.subject} must be on or after {long_date(earliest)}"

    def too_late_message(self, latest: date) -> str:
        if latest == today():
            return f"{self.subject} must be today or in the past"
        return f"{self.subject} must be on or before {long_date(latest)}"


def check_not_before(value: date | None, earliest: date | None, *, message: str) -> date | None:
    """For a clean_<field>() whose lower bound depends on the record, such as the start of the case: the bound is
    added to the message in GOV.UK style, e.g. "… must be on or after the start of the case (1 March 2026)"."""
    if value is not None and earliest is not None and value < earliest:
        raise ValidationError(f"{message} ({long_date(earliest)})", code="min_value")
    return value


TIME_PATTERN = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE | re.ASCII)


class GovTimeField(forms.CharField):
    """A time typed as 14:30, 2:30pm or 9am."""

    def __init__(self, *, label: str, name: str, **kwargs):
        kwargs.setdefault("help_text", "For example, 14:30 or 2:30pm")
        super().__init__(label=label, **kwargs)
        self.name = name
        # Checked in to_python (the value becomes a time, which has no length); TIME_PATTERN never matches more.
        self.max_length = 20
        self.error_messages["required"] = f"Enter {name}"
        self.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "autocomplete": "off", "maxlength": "8"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = TIME_PATTERN.match(value) if len(value) <= self.max_length else None
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


class GovTextField(forms.CharField):
    """Text with a maximum length a user would never reach by accident, and the GOV.UK message for it: "Notes must
    be 10,000 characters or less". A text area defaults to LONG_TEXT_MAX_LENGTH, a one-line box to
    SHORT_TEXT_MAX_LENGTH. `name` is how the message refers to the field; the label is used when it is not given.

    Without a limit, a pasted document (or a hostile post) of megabytes is parsed, stored and rendered on every
    page that shows the record.
    """

    def __init__(self, *, name: str | None = None, max_length: int | None = None, **kwargs):
        widget = kwargs.get("widget")
        is_textarea = isinstance(widget, forms.Textarea) or widget is forms.Textarea
        if max_length is None:
            max_length = LONG_TEXT_MAX_LENGTH if is_textarea else SHORT_TEXT_MAX_LENGTH
        super().__init__(max_length=max_length, **kwargs)
        if is_textarea:
            # GOV.UK asks for no maxlength attribute on a text area: the browser would cut pasted text silently.
            self.widget.attrs.pop("maxlength", None)
        subject = _capitalised(str(name or self.label or "This answer").removesuffix(" (optional)"))
        self.error_messages.setdefault("max_length", f"{subject} must be {max_length:,} characters or less")


def limit_text_fields(fields) -> None:
    """Give every text field of a form (a ModelForm's text area, say) a maximum length and the GOV.UK message, unless
    it has one: for forms whose fields are built elsewhere. Call it from the form's __init__ with `self.fields`."""
    for field in fields.values():
        if type(field) is not forms.CharField:
            continue
        if field.max_length is None:
            is_textarea = isinstance(field.widget, forms.Textarea)
            field.max_length = LONG_TEXT_MAX_LENGTH if is_textarea else SHORT_TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(field.max_length))
        subject = _capitalised(str(field.label or "This answer").removesuffix(" (optional)"))
        field.error_messages.setdefault("max_length", f"{subject} must be {field.max_length:,} characters or less")
