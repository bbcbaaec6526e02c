"""Acute risk factors and risk flags through the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import AcuteRiskFactor, RiskFlag
from supervision.services.risk import (
    FLAG_ENDS_BEFORE_IT_STARTED,
    NEXT_REVIEW_NOT_AFTER_REVIEW,
    RELATIONSHIP_LEARNED_IN_THE_FUTURE,
)

pytestmark = pytest.mark.django_db


def test_the_acute_risk_banner_shows_until_the_review_is_recorded(client, case):
    factor = case.acute_risk_factors.get()
    client.force_login(case.responsible_officer)
    overview = reverse("supervision:case-detail", kwargs={"crn": case.crn})
    assert "Review the contact level and consider safeguarding referrals" in client.get(overview).content.decode()
    client.post(
        reverse("supervision:acute-risk-factor-review", kwargs={"crn": case.crn, "pk": factor.pk}),
        {"notes": "Weekly home visits; referral to children's social care made."},
    )
    assert AcuteRiskFactor.objects.get(pk=factor.pk).reviewed_by == case.responsible_officer
    assert "Review the contact level" not in client.get(overview).content.decode()


def test_the_acute_risk_banner_shows_on_forms_too_so_the_officer_sees_it_while_recording(client, case):
    client.force_login(case.responsible_officer)
    record_contact = reverse("supervision:contact-create", kwargs={"crn": case.crn})

    html = client.get(record_contact).content.decode()

    assert "Review the contact level and consider safeguarding referrals" in html
    assert html.index("app-acute-risk-banner") < html.index('<form method="post" novalidate>')


def test_an_overdue_flag_review_shows_as_overdue(client, case):
    today = timezone.localdate()
    RiskFlag.objects.filter(case=case).update(
        started_on=today - timedelta(days=200), next_review_on=today - timedelta(days=1)
    )
    client.force_login(case.responsible_officer)
    html = client.get(reverse("supervision:case-risk-flags", kwargs={"crn": case.crn})).content.decode()
    assert "Overdue" in html


def test_an_ended_flag_shows_when_and_who_ended_it(client, case):
    flag = case.risk_flags.get()
    officer = case.responsible_officer
    client.force_login(officer)
    day = flag.started_on
    client.post(
        reverse("supervision:risk-flag-end", kwargs={"crn": case.crn, "pk": flag.pk}),
        {"ended_on_0": day.day, "ended_on_1": day.month, "ended_on_2": day.year, "reason": "Registration ended"},
    )
    assert RiskFlag.objects.get(pk=flag.pk).ended_by == officer
    html = client.get(reverse("supervision:case-risk-flags", kwargs={"crn": case.crn})).text
    assert f'<td class="govuk-table__cell" data-label="Ended by">{officer.get_full_name()}</td>' in html


def test_a_flag_ending_before_it_started_is_refused_on_its_end_date(client, case):
    flag = case.risk_flags.get()
    client.force_login(case.responsible_officer)
    day = flag.started_on - timedelta(days=1)
    response = client.post(
        reverse("supervision:risk-flag-end", kwargs={"crn": case.crn, "pk": flag.pk}),
        {"ended_on_0": day.day, "ended_on_1": day.month, "ended_on_2": day.year, "reason": "Ended"},
    )
    message = FLAG_ENDS_BEFORE_IT_STARTED.format(started_on=flag.started_on)
    assert response.context["form"].errors == {"ended_on": [message]}
    assert RiskFlag.objects.get(pk=flag.pk).ended_on is None


def test_a_review_with_the_next_review_not_after_it_is_refused_on_the_next_review_date(client, case):
    flag = case.risk_flags.get()
    client.force_login(case.responsible_officer)
    today = timezone.localdate()
    response = client.post(
        reverse("supervision:risk-flag-review", kwargs={"crn": case.crn, "pk": flag.pk}),
        {
            **{f"reviewed_on_{n}": part for n, part in enumerate((today.day, today.month, today.year))},
            **{f"next_review_on_{n}": part for n, part in enumerate((today.day, today.month, today.year))},
        },
    )
    assert response.context["form"].errors == {"next_review_on": [NEXT_REVIEW_NOT_AFTER_REVIEW]}
    assert not flag.reviews.exists()


def test_a_relationship_learned_of_in_the_future_is_refused_on_its_date(client, case):
    person = case.key_individuals.get()
    client.force_login(case.responsible_officer)
    day = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("supervision:disclosure-create", kwargs={"crn": case.crn}),
        {
            "key_individual": person.pk,
            "learned_on_0": day.day,
            "learned_on_1": day.month,
            "learned_on_2": day.year,
            "is_disclosed_by_person": "no",
        },
    )
    assert response.context["form"].errors == {"learned_on": [RELATIONSHIP_LEARNED_IN_THE_FUTURE]}
    assert not case.relationship_disclosures.exists()


def test_adding_a_key_individual_records_who_added_them(client, case):
    client.force_login(case.responsible_officer)
    client.post(
        reverse("supervision:key-individual-create", kwargs={"crn": case.crn}),
        {"name": "Kerry Hollis", "relationship": "PARTNER", "acute_risk_description": ""},
    )
    assert case.key_individuals.get(name="Kerry Hollis").created_by == case.responsible_officer
