"""Every edit page in supervision refuses a save made from a stale copy: someone else changed the record after
the form was opened, so saving would silently undo their change. The page says so, shows what changed (as
it was when the form was opened, and now) and keeps what the user typed; saving again is then deliberate."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseworks.submissions import STALE_EDIT, SUBMISSION_TOKEN_MISSING
from caseworks.tests.form_client import guards
from supervision import roles
from supervision.services import conditions, contacts, risk
from supervision.tests.factories import ContactFactory, StaffFactory
from supervision.tests.rule_factories import CaseContactRequirementFactory

pytestmark = pytest.mark.django_db

TYPED = "Typed by the second editor"


def date_parts(name, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def _manager(case):
    """The officer's own line manager: only they (not any manager in the team) may change the case's record."""
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team)
    case.responsible_officer.profile.line_manager = manager
    case.responsible_officer.profile.save()
    return manager


@dataclass(frozen=True)
class EditForm:
    """One edit page: the record it edits, what the user types, someone else's change meanwhile (a service
    call, as their own save would make), and whether saving again after the refusal goes through."""

    url_name: str
    record: Callable
    typed: Callable
    other_change: Callable
    saves_again: bool = True
    user: Callable = lambda case: case.responsible_officer

    def url(self, case, record):
        return reverse(f"supervision:{self.url_name}", kwargs={"crn": case.crn, "pk": record.pk})

    def __str__(self):
        return self.url_name


def _amendment(case, contact):
    local = timezone.localtime(contact.starts_at)
    return {
        "contact_type": contact.contact_type_id,
        **date_parts("on", local.date()),
        "at": local.strftime("%H:%M"),
        "made_by": "RO",
        "outcome": contact.outcome,
        "notes": TYPED,
        "reason": "Typo",
    }


def _past_appointment(case):
    return ContactFactory(case=case, is_appointment=True, outcome="", starts_at=timezone.now() - timedelta(hours=2))


def _requirement(case):
    return CaseContactRequirementFactory(case=case, starts_on=timezone.localdate(), set_by=_manager(case))


def _admin_edit(requirement):
    """Administrators correct a requirement's reason in the admin; their save counts as an edit too."""
    requirement.reason = "Corrected in the admin"
    requirement.version += 1
    requirement.save()


today = timezone.localdate

EDITS = [
    EditForm(
        "key-individual-edit",
        lambda case: case.key_individuals.get(),
        lambda case, person: {"name": person.name, "relationship": person.relationship, "notes": TYPED},
        lambda case, person: risk.update_key_individual(person, by=_manager(case), phone="07700 900555"),
    ),
    EditForm(
        "contact-amend",
        lambda case: case.contacts.get(),
        _amendment,
        lambda case, contact: contacts.amend_contact(
            contact, changes={"location": "Avonford office"}, reason="Correction", by=_manager(case)
        ),
    ),
    EditForm(
        "contact-outcome",
        _past_appointment,
        lambda case, contact: {"outcome": "FTA", "notes": TYPED, "reason": "Evidence"},
        lambda case, contact: contacts.record_outcome(contact, outcome="ATTC", by=_manager(case)),
    ),
    EditForm(
        "condition-vary",
        lambda case: case.licence_conditions.get(),
        lambda case, condition: {**date_parts("varied_on", today()), "wording": TYPED, "reason": "Varied"},
        lambda case, condition: conditions.end_condition(
            condition, ended_on=today(), reason="Revoked by the court", by=_manager(case)
        ),
        saves_again=False,  # it has ended: the page says so
    ),
    EditForm(
        "condition-end",
        lambda case: case.licence_conditions.get(),
        lambda case, condition: {**date_parts("ended_on", today()), "reason": TYPED},
        lambda case, condition: conditions.vary_condition(
            condition, varied_on=today(), wording="New wording", reason="Varied", by=_manager(case)
        ),
        saves_again=False,
    ),
    EditForm(
        "acute-risk-factor-review",
        lambda case: case.acute_risk_factors.get(),
        lambda case, factor: {"notes": TYPED},
        lambda case, factor: risk.review_acute_risk_factor(factor, notes="Weekly home visits", by=_manager(case)),
        saves_again=False,  # already reviewed: the page says so rather than dropping the notes
    ),
    EditForm(
        "risk-flag-review",
        lambda case: case.risk_flags.get(),
        lambda case, flag: {
            **date_parts("reviewed_on", today()),
            **date_parts("next_review_on", today() + timedelta(days=90)),
            "notes": TYPED,
        },
        lambda case, flag: risk.review_risk_flag(
            flag, reviewed_on=today(), next_review_on=today() + timedelta(days=30), by=_manager(case)
        ),
    ),
    EditForm(
        "risk-flag-end",
        lambda case: case.risk_flags.get(),
        lambda case, flag: {**date_parts("ended_on", today()), "reason": TYPED},
        lambda case, flag: risk.review_risk_flag(
            flag, reviewed_on=today(), next_review_on=today() + timedelta(days=30), by=_manager(case)
        ),
    ),
    EditForm(
        "case-requirement-end",
        _requirement,
        lambda case, requirement: {"reason": TYPED},
        lambda case, requirement: _admin_edit(requirement),
        user=_manager,
    ),
]


def _fresh(record):
    return type(record).objects.get(pk=record.pk)


@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_a_stale_save_is_refused_shows_what_changed_and_keeps_what_was_typed(client, case, edit):
    client.force_login(edit.user(case))
    record = edit.record(case)
    url = edit.url(case, record)
    opened = {**guards(client, url), **edit.typed(case, record)}
    assert opened["version"] == str(record.version)
    edit.other_change(case, _fresh(record))
    theirs = _fresh(record)
    assert theirs.version == record.version + 1

    response = client.post(url, opened)

    assert response.status_code == 200
    assert STALE_EDIT in response.text and "govuk-error-summary" in response.text
    assert "What changed since you opened this form" in response.text
    assert TYPED in response.text  # what the user typed is still in the form
    assert _fresh(record).version == theirs.version  # nothing written over their change
    assert response.context["form"]["version"].value() == str(theirs.version)
    if edit.saves_again:
        again = client.post(url, {**opened, "version": str(theirs.version)})
        assert again.status_code == 302
        assert _fresh(record).version == theirs.version + 1


@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_a_double_click_on_an_edit_saves_once_and_is_not_taken_for_someone_elses_change(client, case, edit):
    client.force_login(edit.user(case))
    record = edit.record(case)
    url = edit.url(case, record)
    opened = {**guards(client, url), **edit.typed(case, record)}
    first = client.post(url, opened)
    second = client.post(url, opened)
    assert first.status_code == 302, first.context["form"].errors
    assert second.status_code == 302 and second.url == first.url
    assert _fresh(record).version == record.version + 1


@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_an_edit_posted_without_the_version_it_was_opened_at_is_refused(client, case, edit):
    client.force_login(edit.user(case))
    record = edit.record(case)
    url = edit.url(case, record)
    opened = {**guards(client, url), **edit.typed(case, record)}
    del opened["version"]
    response = client.post(url, opened)
    assert response.status_code == 200
    assert SUBMISSION_TOKEN_MISSING in response.text
    assert _fresh(record).version == record.version


def test_a_stale_edit_of_a_victim_keeps_the_new_safe_phone_number(client, case):
    """Two officers open the victim's record. The first saves her new safe phone number; the second, from
    the copy opened before, saves a note. Before: the second save silently put back the old number."""
    victim = case.key_individuals.get()
    victim.is_victim, victim.phone = True, "07700 900111"
    victim.save()
    url = reverse("supervision:key-individual-edit", kwargs={"crn": case.crn, "pk": victim.pk})
    first, second = client, type(client)()
    first.force_login(case.responsible_officer)
    second.force_login(_manager(case))
    form = {"name": victim.name, "relationship": victim.relationship, "is_victim": "on", "phone": "07700 900111"}
    first_opened = {**guards(first, url), **form}
    second_opened = {**guards(second, url), **form, "notes": "Moved to a refuge."}

    assert first.post(url, {**first_opened, "phone": "07700 900222"}).status_code == 302
    refused = second.post(url, second_opened)

    assert refused.status_code == 200 and STALE_EDIT in refused.text
    assert "07700 900111" in refused.text and "07700 900222" in refused.text  # the number then, and now
    assert "Moved to a refuge." in refused.text
    victim.refresh_from_db()
    assert victim.phone == "07700 900222"
    assert victim.notes == ""


def test_a_stale_contact_amendment_does_not_revert_a_correction(client, case):
    contact = case.contacts.get()
    url = reverse("supervision:contact-amend", kwargs={"crn": case.crn, "pk": contact.pk})
    client.force_login(case.responsible_officer)
    stale = {**guards(client, url), **_amendment(case, contact), "notes": contact.notes, "location": "Home"}
    contacts.amend_contact(
        contact, changes={"notes": "He was 20 minutes late."}, reason="Correction", by=_manager(case)
    )

    response = client.post(url, stale)

    assert response.status_code == 200 and STALE_EDIT in response.text
    assert "He was 20 minutes late." in response.text
    contact.refresh_from_db()
    assert contact.notes == "He was 20 minutes late."
    assert contact.location == ""
    assert contact.amendments.count() == 1


@pytest.mark.parametrize(
    "mangled", [{"version": "abc"}, {"version": "99999999999999999999"}, {"submission_token": "x"}]
)
def test_mangled_guards_are_refused_with_one_message_and_save_nothing(client, case, mangled):
    person = case.key_individuals.get()
    url = reverse("supervision:key-individual-edit", kwargs={"crn": case.crn, "pk": person.pk})
    client.force_login(case.responsible_officer)
    opened = {**guards(client, url), "name": "Someone else", "relationship": person.relationship, **mangled}
    response = client.post(url, opened)
    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [SUBMISSION_TOKEN_MISSING]}
    assert _fresh(person).name == person.name
