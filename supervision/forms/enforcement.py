"""The form for recording an enforcement decision. It offers only the decisions the case's supervision allows and
only the case's own evidence, and parses what was typed; the enforcement service checks the rules (a rationale,
the alternatives to recall, evidence for anything but no further action) and its messages show on their fields."""

from datetime import timedelta

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size
from django import forms
from django.utils import timezone

from caseworks.fields import GovDateField, GovTextField, today
from caseworks.forms import SubmittedOnceForm, form_helper
from caseworks.reveals import RevealingRadios, clear_unrevealed
from supervision.models import Allegation, EnforcementDecision, PoliceIntelligence
from supervision.services import enforcement as services

Kind = EnforcementDecision.Kind

# Each recall kind reveals its own box for the alternatives considered (one field cannot sit under three radios),
# and the one for the chosen kind is what the service receives.
ALTERNATIVES_FIELD = {
    Kind.RECALL_STANDARD: "alternatives_standard",
    Kind.RECALL_FIXED_TERM: "alternatives_fixed_term",
    Kind.RECALL_EMERGENCY: "alternatives_emergency",
}
REVEALS = {kind: [name] for kind, name in ALTERNATIVES_FIELD.items()}
EVIDENCE_FIELDS = ("allegations", "contacts", "police_intelligence")
# Failed and missed appointments older than this rarely bear on a decision now; the service accepts any.
EVIDENCE_WINDOW = timedelta(days=365)


def _alternatives():
    return GovTextField(
        label="Alternatives to recall considered",
        help_text="For example, a final warning, a higher level of contact, a curfew or electronic monitoring, and "
        "why they would not manage the risk",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class AllegationEvidenceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, allegation):
        finding = allegation.get_finding_display() or allegation.get_status_display()
        return f"Received {allegation.received_on:%-d %B %Y} ({finding}): {allegation.description[:90]}"


class ContactEvidenceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, contact):
        when = timezone.localtime(contact.starts_at)
        return f"{contact.contact_type.name}, {when:%-d %B %Y at %H:%M}: {contact.get_outcome_display()}"


class IntelligenceEvidenceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, report):
        return f"Received {report.received_on:%-d %B %Y} from {report.source}: {report.description[:90]}"


def _evidence(field_class, label, help_text=""):
    return field_class(
        label=label,
        queryset=Allegation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class EnforcementDecisionForm(SubmittedOnceForm):
    kind = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={"required": services.KIND_REQUIRED, "invalid_choice": services.KIND_REQUIRED},
    )
    alternatives_standard = _alternatives()
    alternatives_fixed_term = _alternatives()
    alternatives_emergency = _alternatives()
    decided_on = GovDateField(
        label="Date of the decision",
        name="the date of the decision",
        help_text="For example, 27 3 2026",
        max_value=today,
    )
    rationale = GovTextField(
        label="Why this decision",
        help_text="The failures it answers, what the person said, and how it manages the risk",
        widget=forms.Textarea(attrs={"rows": 6}),
        # Checked by the service, so a missing rationale and missing alternatives to recall show together.
        required=False,
    )
    allegations = _evidence(AllegationEvidenceField, "Allegations of breach")
    contacts = _evidence(
        ContactEvidenceField,
        "Failed or missed appointments and unacceptable absences",
        "In the last 12 months",
    )
    police_intelligence = _evidence(IntelligenceEvidenceField, "Police intelligence")

    def __init__(self, *args, case, allegation_id=None, contact_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = services.kinds_for(case)
        self.fields["kind"].choices = [(kind, Kind(kind).label) for kind in allowed]
        self.fields["allegations"].queryset = case.allegations.order_by("-received_on", "-pk")
        since = timezone.now() - EVIDENCE_WINDOW
        self.fields["contacts"].queryset = (
            case.contacts.filter(outcome__in=services.FAILURE_OUTCOMES, starts_at__gte=since)
            .select_related("contact_type")
            .order_by("-starts_at", "-pk")
        )
        self.fields["police_intelligence"].queryset = PoliceIntelligence.objects.filter(case=case).order_by(
            "-received_on", "-pk"
        )
        self.initial.setdefault("decided_on", timezone.localdate())
        # Arriving from a substantiated allegation or an unacceptable absence: that evidence comes ticked.
        if allegation_id:
            self.initial.setdefault("allegations", [allegation_id])
        if contact_id:
            self.initial.setdefault("contacts", [contact_id])
        # Only the groups the case has evidence for are drawn (an empty checkbox group is a question with no answers).
        self.evidence_offered = {name: self.fields[name].queryset.exists() for name in EVIDENCE_FIELDS}
        self.helper = form_helper(*self._layout(), submit="Record decision")

    def _layout(self):
        evidence = [
            Field.checkboxes(name, legend_size=Size.SMALL, small=True)
            for name in EVIDENCE_FIELDS
            if self.evidence_offered[name]
        ]
        if not evidence:
            evidence = [
                HTML(
                    '<p class="govuk-body">This case has no allegations, failed appointments or police '
                    "intelligence to link. Only no further action can be recorded without evidence.</p>"
                )
            ]
        return [
            RevealingRadios(
                "kind",
                {kind: [Field.textarea(name)] for kind, name in ALTERNATIVES_FIELD.items()},
                legend_size=Size.MEDIUM,
            ),
            Field("decided_on"),
            Field.textarea("rationale"),
            Fieldset(*evidence, legend="Evidence", legend_size=Size.MEDIUM),
        ]

    def clean(self):
        data = super().clean()
        clear_unrevealed(data, "kind", REVEALS)
        name = ALTERNATIVES_FIELD.get(data.get("kind"))
        data["alternatives_considered"] = (data.get(name) or "") if name else ""
        return data

    def field_for(self, service_field: str | None) -> str | None:
        """The form field a service's message belongs on: the chosen recall's alternatives box, or the first
        group of evidence offered for "no evidence"."""
        if service_field == "alternatives_considered":
            return ALTERNATIVES_FIELD.get(self.cleaned_data.get("kind"))
        if service_field == "evidence":
            return next((name for name in EVIDENCE_FIELDS if self.evidence_offered[name]), None)
        return service_field

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "decided_on": data["decided_on"],
            "rationale": data["rationale"],
            "alternatives_considered": data["alternatives_considered"],
            "allegations": list(data["allegations"]),
            "contacts": list(data["contacts"]),
            "police_intelligence": list(data["police_intelligence"]),
        }
