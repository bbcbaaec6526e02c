"""Forms to open a case, allocate it and transfer it. They parse what was typed; the intake and allocation services
check the rules (PNC check letter, duplicates, teams, officers) and their messages show on the field."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms
from django.utils.html import format_html, format_html_join

from caseworks.fields import GovDateField, GovTextField, today, years_from_today
from caseworks.forms import SubmittedOnceForm, form_helper
from supervision.models import Case


class OpenCaseForm(SubmittedOnceForm):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=None,
        empty_label="Select the team",
        help_text="The case waits in this team's allocation queue until a line manager allocates it",
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )
    first_name = GovTextField(label="First name", max_length=100)
    last_name = GovTextField(label="Last name", max_length=100)
    date_of_birth = GovDateField(
        label="Date of birth", name="the date of birth", max_value=today, help_text="For example, 17 5 1990"
    )
    pnc_number = GovTextField(
        label="PNC number", name="The PNC number", max_length=20, help_text="For example, 2019/0123456E"
    )
    crn = GovTextField(
        label="CRN (optional)",
        name="The CRN",
        max_length=7,
        required=False,
        help_text="Leave blank to generate a new one. Enter one only if the person already has a CRN, like X123456",
    )
    supervision_type = forms.ChoiceField(
        label="Sentence or licence",
        choices=Case.SupervisionType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the sentence or licence"},
    )
    started_on = GovDateField(
        label="Start date",
        name="the start date",
        min_value=years_from_today(-30),
        max_value=years_from_today(1),
        help_text="The release date for a licence or post-sentence supervision; the sentence date for an order",
    )
    expected_end_on = GovDateField(
        label="Expected end date", name="the expected end date", max_value=years_from_today(30)
    )
    hdc_curfew_ends_on = GovDateField(
        label="HDC curfew end date (optional)",
        name="the HDC curfew end date",
        required=False,
        max_value=years_from_today(30),
        help_text="Only for a licence with home detention curfew",
    )
    releasing_prison = GovTextField(
        label="Releasing prison",
        name="The releasing prison",
        max_length=200,
        required=False,
        help_text="For a licence or post-sentence supervision",
    )
    court = GovTextField(
        label="Sentencing court",
        name="The sentencing court",
        max_length=200,
        required=False,
        help_text="For a community order or suspended sentence order",
    )
    address = GovTextField(
        label="Address (optional)",
        name="The address",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = GovTextField(label="Postcode (optional)", name="The postcode", max_length=10, required=False)
    rosh = forms.ChoiceField(
        label="RoSH (initial)",
        choices=Case.RoSH.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the initial RoSH"},
    )
    tier = forms.ChoiceField(
        label="Tier (initial)",
        choices=[("", "Select the tier"), *Case.Tier.choices],
        error_messages={"required": "Select the initial tier"},
    )
    is_different_person = forms.BooleanField(label="I have checked: this is a different person", required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda team: f"{team.name} ({team.pdu.name})"
        self.fields["first_name"].error_messages["required"] = "Enter the first name"
        self.fields["last_name"].error_messages["required"] = "Enter the last name"
        self.fields["pnc_number"].error_messages["required"] = "Enter the PNC number"
        self.fields["tier"].widget.attrs["class"] = "govuk-select"
        self.fields["team"].widget.attrs["class"] = "govuk-select"
        for name in ("first_name", "last_name", "pnc_number", "crn", "postcode"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["crn"].widget.attrs["spellcheck"] = "false"
        self.fields["pnc_number"].widget.attrs["spellcheck"] = "false"
        self.duplicates = []
        self._build_layout()

    def clean_crn(self):
        return self.cleaned_data["crn"].strip().upper()

    def ask_if_different_person(self, duplicates) -> None:
        """A name and date of birth match: show the matches and the question, keeping what was typed."""
        self.duplicates = duplicates
        self._build_layout()

    def _build_layout(self):
        duplicate_check = []
        if self.duplicates:
            items = format_html_join(
                "",
                "<li>{}</li>",
                (
                    (f"CRN {match.crn}" if match.is_visible else "a case in a team you cannot see",)
                    for match in self.duplicates
                ),
            )
            duplicate_check = [
                Fieldset(
                    HTML(
                        format_html(
                            '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" '
                            'aria-hidden="true">!</span><strong class="govuk-warning-text__text">'
                            '<span class="govuk-visually-hidden">Warning</span>There is already a case for '
                            "someone with this name and date of birth:</strong></div>"
                            '<ul class="govuk-list govuk-list--bullet">{}</ul>',
                            items,
                        )
                    ),
                    Field.checkbox("is_different_person", small=True),
                    legend="Is this a different person?",
                    legend_size=Size.MEDIUM,
                )
            ]
        self.helper = form_helper(
            *duplicate_check,
            Fieldset(
                Field.text("first_name", field_width=20),
                Field.text("last_name", field_width=20),
                Field("date_of_birth"),
                Field.text("pnc_number", field_width=10),
                Field.text("crn", field_width=10),
                legend="The person",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("supervision_type", small=True),
                Field("started_on"),
                Field("expected_end_on"),
                Field("hdc_curfew_ends_on"),
                Field.text("releasing_prison", field_width=20),
                Field.text("court", field_width=20),
                legend="Sentence or licence",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("address"),
                Field.text("postcode", field_width=10),
                legend="Address",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("rosh", small=True, inline=True),
                Field("tier"),
                Field("team"),
                legend="Risk and team",
                legend_size=Size.MEDIUM,
            ),
            submit="Open case",
        )


def _officer_label(officer) -> str:
    name = officer.get_full_name() or officer.username
    size = officer.caseload_size
    return f"{name}: {size} active case{'' if size == 1 else 's'}"


class AllocateForm(SubmittedOnceForm):
    officer = forms.ModelChoiceField(
        label="Officer",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Each officer's current caseload is shown after their name",
        error_messages={"required": "Select the officer", "invalid_choice": "Select the officer"},
    )
    reason = GovTextField(
        label="Why this officer?",
        name="The reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, experience of domestic abuse cases; lowest caseload in the team",
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = _officer_label
        self.fields["reason"].error_messages["required"] = "Enter why the case is going to this officer"
        self.helper = form_helper(
            Field.radios("officer", small=True, legend_size=Size.MEDIUM),
            Field.textarea("reason"),
            submit="Allocate case",
        )


QUEUE = ""


class TransferForm(SubmittedOnceForm):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )
    officer = forms.ChoiceField(
        label="Officer",
        required=False,
        help_text="An officer of the team selected above. To move the case to another team's allocation queue, "
        "select “Leave it for the team's line manager to allocate”",
    )
    reason = GovTextField(
        label="Reason for the transfer",
        name="The reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, the person has moved to Kingsbridge",
    )

    def __init__(self, *args, teams, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {officer.pk: officer for officer in officers}
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda team: f"{team.name} ({team.pdu.name})"
        self.fields["team"].widget.attrs["class"] = "govuk-select"
        groups: dict[str, list] = {}
        for officer in officers:
            groups.setdefault(officer.profile.team.name, []).append((str(officer.pk), _officer_label(officer)))
        self.fields["officer"].choices = [
            (QUEUE, "Leave it for the team's line manager to allocate"),
            *groups.items(),
        ]
        self.fields["officer"].widget.attrs["class"] = "govuk-select"
        self.fields["reason"].error_messages["required"] = "Enter the reason for the transfer"
        self.helper = form_helper(
            Field("team"),
            Field("officer"),
            Field.textarea("reason"),
            submit="Transfer case",
        )

    def clean_officer(self):
        value = self.cleaned_data["officer"]
        if value == QUEUE:
            return None
        officer = self.officers.get(int(value)) if value.isdigit() else None
        if officer is None:
            raise forms.ValidationError("Select the officer")
        return officer
