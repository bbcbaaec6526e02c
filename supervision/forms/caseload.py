"""Forms for the case pages. They validate what the user typed; the services enforce the rules again."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms

from caseworks.fields import GovTextField


class CaseloadFilterForm(forms.Form):
    q = GovTextField(
        label="Search by CRN or name", required=False, max_length=100, help_text="Searches every case you can see"
    )
    rosh = forms.MultipleChoiceField(label="RoSH", choices=[], widget=forms.CheckboxSelectMultiple, required=False)
    officer = forms.TypedChoiceField(label="Officer", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, officers=None, **kwargs):
        from supervision.models import Case

        super().__init__(*args, **kwargs)
        self.fields["rosh"].choices = Case.RoSH.choices
        if officers:
            self.fields["officer"].choices = [("", "Everyone in the team")] + [
                (officer.pk, officer.get_full_name() or officer.username) for officer in officers
            ]
            self.fields["officer"].widget.attrs["class"] = "govuk-select"
        else:
            del self.fields["officer"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        items = [Field.text("q")]
        if officers:
            items.append(Field("officer"))
        items += [Field.checkboxes("rosh", legend_size=Size.SMALL, small=True), HTML("")]
        self.helper.layout = Layout(*items, Button("submit", "Apply filters"))
