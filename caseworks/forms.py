"""GOV.UK form building blocks both apps share: the crispy helper, a date field with GOV.UK messages,
a base form whose template owns the <form> tag (with `novalidate`, so server errors always show), and the
two hidden guards every create and edit form carries (a submission token, the version it was drawn at)."""

import uuid
from datetime import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.conf import settings
from django.utils import timezone

from caseworks.fields import GovDateField, limit_text_fields
from caseworks.submissions import (
    SUBMISSION_TOKEN_EXPIRED,
    SUBMISSION_TOKEN_MISSING,
    StaleEdit,
    fingerprint,
    is_expired,
    issue_submission_token,
)

# The hidden fields the mixins below add: templates render them apart (`includes/form_guards.html`), so no
# layout has to list them.
GUARD_FIELDS = ("submission_token", "version")
# Model fields a stale-edit comparison leaves out: bookkeeping that changes with every save.
_NOT_COMPARED = {"id", "version", "updated_at", "created_at", "recorded_at"}
# Posted values that are not what the user submitted.
_NOT_CONTENT = {"csrfmiddlewaretoken", "submit"}


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
        return [Field(name) for name in self.fields if name not in GUARD_FIELDS]


def _refuse_incomplete(form) -> None:
    """A form posted without its hidden guards: one message, however many are missing."""
    if SUBMISSION_TOKEN_MISSING not in form.non_field_errors():
        form.add_error(None, SUBMISSION_TOKEN_MISSING)


class SubmittedOnceForm(forms.Form):
    """Mix into every create or edit form (before the base form): a hidden token made when the form is drawn,
    so the view can save the submission once (`supervision.services.submissions.save_once`). A post without
    a valid token is refused with a message and saves nothing: without it a repeat could not be recognised."""

    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_token"] = issue_submission_token()

    def clean_submission_token(self):
        try:
            token = uuid.UUID(self.cleaned_data.get("submission_token") or "")
        except ValueError:
            return None
        if is_expired(token):
            # Its stored twin may have been pruned, so it could no longer recognise a repeat: refuse it, and draw
            # the form again with a new token so that saving again (after checking) works.
            self.data = self.data.copy()
            self.data[self.add_prefix("submission_token")] = str(issue_submission_token())
            self.add_error(None, SUBMISSION_TOKEN_EXPIRED.format(days=settings.SUBMISSION_TOKEN_DAYS))
            self._token_expired = True
            return None
        return token

    def clean(self):
        data = super().clean()
        if not self.cleaned_data.get("submission_token") and not getattr(self, "_token_expired", False):
            _refuse_incomplete(self)
        return data

    def submitted_fingerprint(self) -> str:
        """What was submitted, as a hash: every posted value but the token, the CSRF token and the button (so
        a formset's rows count too). The posted values, not the cleaned data: a repeat must match even when the
        form is drawn differently the second time (recording an outcome adds a "reason" question once there
        is one), and a field the form ignores today is still what the user sent."""
        data = self.data
        posted = {
            key: data.getlist(key) if hasattr(data, "getlist") else data[key]
            for key in data
            if key not in _NOT_CONTENT and key != self.add_prefix("submission_token")
        }
        return fingerprint([type(self).__name__, posted])


class VersionedForm(forms.Form):
    """Mix into every edit form: the version of the record the form was drawn at (`version=` when building
    it), so the service can refuse a save made from a stale copy (`caseworks.submissions.check_version`)."""

    # Text, parsed in clean_version: a mangled value gets the one message above the form, not a hidden
    # field's "Enter a whole number" that the user cannot see or fix.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is None:
            # The same form adds a record (no version yet) and edits one.
            del self.fields["version"]
        else:
            self.initial["version"] = version

    def clean_version(self):
        value = self.cleaned_data.get("version") or ""
        return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else None

    def clean(self):
        data = super().clean()
        if "version" in self.fields and self.cleaned_data.get("version") is None:
            _refuse_incomplete(self)
        return data


def _shown(field, value) -> str:
    if value is None or value == "":
        return "Blank"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else "Blank"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    return str(value)


def show_stale_edit(form, error: StaleEdit) -> list[dict]:
    """Refuse a stale edit on the form, keeping what the user typed: the message at the top, the form now
    carrying the current version (so saving again is a deliberate choice to replace the other change), and
    what changed between the version the user opened and now, field by field, for the page to show."""
    form.add_error(None, error.message)
    current = error.current
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    form.data = data
    history = getattr(current, "history", None)
    before = (
        history.filter(version=error.loaded_version).order_by("-history_date", "-history_id").first()
        if history is not None
        else None
    )
    if before is None:
        return []
    changes = []
    for field in current._meta.concrete_fields:
        if field.name in _NOT_COMPARED:
            continue
        was, now = getattr(before, field.attname, None), getattr(current, field.attname)
        if was != now:
            label = form.fields[field.name].label if field.name in form.fields else None
            changes.append(
                {
                    "label": label or field.verbose_name[:1].upper() + field.verbose_name[1:],
                    "was": _shown(field, was),
                    "now": _shown(field, now),
                }
            )
    return changes


def show_rule_error(form, error) -> None:
    """A service's `RuleBroken` (or every rule of a `RulesBroken`) shown on the form: each on its field when
    the form has that field (so the error summary links to it), otherwise at the top of the form."""
    for rule in error.every_rule:
        field = rule.field if rule.field in form.fields else None
        form.add_error(field, rule.message)
