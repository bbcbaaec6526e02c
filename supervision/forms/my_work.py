"""The "My work" filters, read from the query string: the kind of work and the case; for a manager the officer;
for a Head of Public Protection the team."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from caseworks.fields import GovTextField
from supervision.models.cases import CRN_PATTERN

CRN_FORMAT = "Enter a CRN as one letter followed by six digits, like X123456"


class WorkFilterForm(forms.Form):
    team = forms.TypedChoiceField(label="Team", coerce=int, empty_value=None, required=False)
    officer = forms.TypedChoiceField(label="Officer", coerce=int, empty_value=None, required=False)
    kind = forms.ChoiceField(label="Kind of work", required=False)
    crn = GovTextField(label="Case (CRN)", required=False, max_length=7, help_text="For example, X123456")

    def __init__(self, *args, kinds, officers=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All kinds of work"), *kinds]
        self.fields["kind"].widget.attrs["class"] = "govuk-select"
        if teams:
            self.fields["team"].choices = [("", "Choose a team"), *((t.pk, str(t)) for t in teams)]
            self.fields["team"].widget.attrs["class"] = "govuk-select"
        else:
            del self.fields["team"]
        if officers:
            self.fields["officer"].choices = [("", "Everyone in the team")] + [
                (officer.pk, officer.get_full_name() or officer.username) for officer in officers
            ]
            self.fields["officer"].widget.attrs["class"] = "govuk-select"
        else:
            del self.fields["officer"]
        self.fields["crn"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        items = [Field(name) for name in ("team", "officer") if name in self.fields]
        items += [Field("kind"), Field.text("crn", field_width=10), Button("filter", "Show work")]
        self.helper.layout = Layout(*items)

    def clean_crn(self):
        crn = "".join(self.cleaned_data.get("crn", "").split()).upper()
        if crn and not re.match(CRN_PATTERN, crn):
            raise forms.ValidationError(CRN_FORMAT)
        return crn
