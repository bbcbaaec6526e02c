"""The search form: one box (CRN, PNC, name, postcode or a typed date) and a GOV.UK date of birth input."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from caseworks.fields import GovDateField, GovTextField, today


class SearchForm(forms.Form):
    q = GovTextField(
        label="Name, CRN, PNC number or postcode",
        required=False,
        max_length=100,
        help_text="For example, Damien Smith, X123456, 2012/0052494X or AV4 7QT",
    )
    date_of_birth = GovDateField(
        label="Date of birth (optional)",
        name="the date of birth",
        required=False,
        max_value=today,
        help_text="For example, 27 3 1990",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("q"),
            Field("date_of_birth", legend_size=Size.SMALL),
            Button("search", "Search"),
        )
