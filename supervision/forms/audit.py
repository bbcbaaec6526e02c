"""The audit pages' filters: a username to look up, and a date range (GOV.UK date inputs, bounded)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from caseworks.fields import EARLIEST_DATE, GovDateField, GovTextField, today

FROM_DATE_AFTER_TO_DATE = "The ‘from’ date must be the same as or before the ‘to’ date"


def _date(label: str, subject: str) -> GovDateField:
    # No audit row is older than the service, and none is in the future.
    return GovDateField(
        label=label,
        name=subject,
        required=False,
        min_value=EARLIEST_DATE,
        max_value=today,
        help_text="For example, 27 3 2026",
    )


class AuditFilterForm(forms.Form):
    """Read from the query string: every field optional, so the page opens with the latest events."""

    username = GovTextField(label="Username", required=False, max_length=150)
    from_date = _date("From", "the ‘from’ date")
    to_date = _date("To", "the ‘to’ date")

    def __init__(self, *args, with_username: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_username:
            del self.fields["username"]
        else:
            self.fields["username"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        items = [Field.text("username", field_width=20)] if with_username else []
        items += [
            Field("from_date", legend_size=Size.SMALL),
            Field("to_date", legend_size=Size.SMALL),
        ]
        self.helper.layout = Layout(*items, Button("submit", "Show events" if not with_username else "Search"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and end and start > end:
            self.add_error("from_date", FROM_DATE_AFTER_TO_DATE)
        return cleaned
