"""Every create form in supervision saves once per submission: a double click, Back then Save, or two
simultaneous posts make one record and never a 500; a post without its token is refused and saves nothing;
the same token with different content is refused with a message, never silently dropped."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from caseworks.submissions import SUBMISSION_REUSED, SUBMISSION_TOKEN_MISSING, issue_submission_token
from caseworks.tests.form_client import guards
from supervision import roles
from supervision.models import SubmissionToken
from supervision.tests.factories import (
    ContactTypeFactory,
    LicenceConditionTypeFactory,
    RiskFlagTypeFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def date_parts(name, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@dataclass(frozen=True)
class CreateForm:
    """One create page: its URL name, who uses it, a valid post, the rows it adds, and a field to change."""

    url_name: str
    data: Callable
    rows: Callable
    changed: dict
    user: Callable = lambda case: case.responsible_officer
    added: int = 1

    def url(self, case):
        return reverse(f"supervision:{self.url_name}", kwargs={"crn": case.crn})

    def __str__(self):
        return self.url_name


def _contact(case):
    yesterday = timezone.localtime() - timedelta(days=1)
    return {
        "contact_type": ContactTypeFactory(code="COAP").pk,
        **date_parts("on", yesterday.date()),
        "at": "10:00",
        "made_by": "RO",
        "outcome": "ATTC",
        "notes": "Seen at the office.",
    }


def _appointment(case):
    return {
        "contact_type": ContactTypeFactory(code="COAP").pk,
        **date_parts("on", timezone.localdate() + timedelta(days=3)),
        "at": "10:00",
        "notes": "Bring proof of address.",
    }


def _case_requirement(case):
    today = timezone.localdate()
    return {
        "contact_description": "Home visit",
        "counts_home_visits": "on",
        "contacts_needed": "1",
        "every_days": "7",
        **date_parts("starts_on", today),
        **date_parts("ends_on", today + timedelta(days=56)),
        "reason": "New relationship with a vulnerable, pregnant partner.",
    }


def _standard_conditions(case):
    for code in ("LCSTD1", "LCSTD2"):  # two standard conditions the case does not have yet
        LicenceConditionTypeFactory(code=code)
    return date_parts("started_on", case.started_on)


FORMS = [
    CreateForm("contact-create", _contact, lambda case: case.contacts.count(), {"notes": "Seen at home."}),
    CreateForm("appointment-create", _appointment, lambda case: case.contacts.count(), {"notes": "Bring ID."}),
    CreateForm(
        "key-individual-create",
        lambda case: {"name": "Kerry Hollis", "relationship": "PARTNER", "phone": "07700 900123"},
        lambda case: case.key_individuals.count(),
        {"phone": "07700 900999"},
    ),
    CreateForm(
        "disclosure-create",
        lambda case: {
            "key_individual": case.key_individuals.get().pk,
            **date_parts("learned_on", timezone.localdate()),
            "is_disclosed_by_person": "no",
            "notes": "Learned from his mother.",
        },
        lambda case: case.relationship_disclosures.count(),
        {"notes": "Learned from his sister."},
    ),
    CreateForm(
        "acute-risk-factor-create",
        lambda case: {"description": "Lost his job.", **date_parts("identified_on", timezone.localdate())},
        lambda case: case.acute_risk_factors.count(),
        {"description": "Lost his home."},
    ),
    CreateForm(
        "risk-flag-create",
        lambda case: {
            "flag_type": RiskFlagTypeFactory(code="RFNEW").pk,
            **date_parts("started_on", timezone.localdate()),
            **date_parts("next_review_on", timezone.localdate() + timedelta(days=90)),
        },
        lambda case: case.risk_flags.count(),
        {"notes": "Registered by the police."},
    ),
    CreateForm(
        "condition-create",
        lambda case: {
            "condition_type": LicenceConditionTypeFactory(code="LCNEW").pk,
            **date_parts("started_on", case.started_on),
        },
        lambda case: case.licence_conditions.count(),
        {"wording": "Not to enter Avonford town centre."},
    ),
    CreateForm(
        "standard-conditions-create",
        _standard_conditions,
        lambda case: case.licence_conditions.count(),
        date_parts("started_on", timezone.localdate()),
        added=2,
    ),
    CreateForm(
        "case-requirement-create",
        _case_requirement,
        lambda case: case.contact_requirements.count(),
        {"every_days": "14"},
        user=lambda case: StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team),
    ),
]


def _opened(client, form, case) -> dict:
    """What the browser sends: the form's guards, as drawn, and what the user typed."""
    return {**guards(client, form.url(case)), **form.data(case)}


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_a_double_click_saves_once_and_both_posts_land_on_the_same_page(client, case, form):
    client.force_login(form.user(case))
    before = form.rows(case)
    data = _opened(client, form, case)
    first = client.post(form.url(case), data)
    second = client.post(form.url(case), data)  # a double click, or Back then Save
    assert first.status_code == 302, first.context["form"].errors
    assert second.status_code == 302 and second.url == first.url
    assert form.rows(case) == before + form.added
    assert SubmissionToken.objects.count() == 1


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_a_post_without_its_token_is_refused_and_saves_nothing(client, case, form):
    client.force_login(form.user(case))
    before = form.rows(case)
    response = client.post(form.url(case), {**form.data(case), "submission_token": ""})
    assert response.status_code == 200
    assert SUBMISSION_TOKEN_MISSING in response.text
    assert "govuk-error-summary" in response.text
    assert form.rows(case) == before


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_the_same_form_sent_again_with_different_content_is_refused_not_dropped(client, case, form):
    client.force_login(form.user(case))
    data = _opened(client, form, case)
    assert client.post(form.url(case), data, follow=True).status_code == 200
    after_first = form.rows(case)
    response = client.post(form.url(case), {**data, **form.changed})
    assert response.status_code == 200
    assert SUBMISSION_REUSED in response.text
    assert "Contact recorded" not in response.text
    assert form.rows(case) == after_first


@pytest.mark.parametrize("form", FORMS, ids=str)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_save_once_and_neither_fails(case, form):
    user = form.user(case)
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(user)
    data = _opened(clients[0], form, case)
    before = form.rows(case)
    start = threading.Barrier(2)
    statuses = []

    def post(each):
        try:
            start.wait()
            statuses.append(each.post(form.url(case), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert form.rows(case) == before + form.added
    assert SubmissionToken.objects.count() == 1


def test_a_form_opened_longer_ago_than_tokens_are_kept_is_refused_then_saves_once_with_its_new_token(
    client, case, settings
):
    """Tokens are pruned after SUBMISSION_TOKEN_DAYS, so a form that old could be saved twice: it is refused with a
    message, drawn again with a fresh token, and the next save (after the officer checks) saves once."""
    form = FORMS[0]
    client.force_login(form.user(case))
    before = form.rows(case)
    settings.SUBMISSION_TOKEN_DAYS = 30
    old_token = str(issue_submission_token(at=timezone.now() - timedelta(days=31)))
    data = {**_opened(client, form, case), "submission_token": old_token}
    refused = client.post(form.url(case), data)
    assert refused.status_code == 200
    assert "opened more than 30 days ago" in refused.text and "govuk-error-summary" in refused.text
    assert SUBMISSION_TOKEN_MISSING not in refused.text
    assert form.rows(case) == before
    fresh = refused.context["form"]["submission_token"].value()
    assert fresh and fresh != old_token
    saved = client.post(form.url(case), {**data, "submission_token": fresh})
    assert saved.status_code == 302
    assert form.rows(case) == before + form.added
