"""Licence conditions through the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse

from supervision.models import LicenceCondition, LicenceConditionType
from supervision.services.conditions import EXCLUSION_ZONE_DESCRIPTION_REQUIRED, VARIED_BEFORE_IT_STARTED
from supervision.tests.factories import LicenceConditionTypeFactory

pytestmark = pytest.mark.django_db


def test_a_condition_ending_before_it_started_is_refused(client, case):
    condition = case.licence_conditions.get()
    client.force_login(case.responsible_officer)
    day = condition.started_on - timedelta(days=1)
    response = client.post(
        reverse("supervision:condition-end", kwargs={"crn": case.crn, "pk": condition.pk}),
        {"ended_on_0": day.day, "ended_on_1": day.month, "ended_on_2": day.year, "reason": "Ended"},
    )
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert LicenceCondition.objects.get(pk=condition.pk).ended_on is None


def test_an_ended_condition_shows_when_and_who_ended_it(client, case):
    condition = case.licence_conditions.get()
    officer = case.responsible_officer
    client.force_login(officer)
    day = condition.started_on + timedelta(days=3)
    client.post(
        reverse("supervision:condition-end", kwargs={"crn": case.crn, "pk": condition.pk}),
        {"ended_on_0": day.day, "ended_on_1": day.month, "ended_on_2": day.year, "reason": "Revoked"},
    )
    assert LicenceCondition.objects.get(pk=condition.pk).ended_by == officer
    html = client.get(reverse("supervision:case-conditions", kwargs={"crn": case.crn})).text
    assert f'<td class="govuk-table__cell" data-label="Ended by">{officer.get_full_name()}</td>' in html


def test_an_exclusion_zone_without_a_description_is_refused_on_that_field(client, case):
    zone = LicenceConditionTypeFactory(code="EXZ1", category=LicenceConditionType.Category.EXCLUSION_ZONE)
    client.force_login(case.responsible_officer)
    day = case.started_on
    response = client.post(
        reverse("supervision:condition-create", kwargs={"crn": case.crn}),
        {"condition_type": zone.pk, "started_on_0": day.day, "started_on_1": day.month, "started_on_2": day.year},
    )
    assert response.context["form"].errors == {"exclusion_zone_description": [EXCLUSION_ZONE_DESCRIPTION_REQUIRED]}
    assert not case.licence_conditions.filter(condition_type=zone).exists()


def test_a_variation_dated_before_the_condition_started_is_refused_on_its_date(client, case):
    condition = case.licence_conditions.get()
    client.force_login(case.responsible_officer)
    day = condition.started_on - timedelta(days=1)
    response = client.post(
        reverse("supervision:condition-vary", kwargs={"crn": case.crn, "pk": condition.pk}),
        {"varied_on_0": day.day, "varied_on_1": day.month, "varied_on_2": day.year, "wording": "New", "reason": "x"},
    )
    message = VARIED_BEFORE_IT_STARTED.format(started_on=condition.started_on)
    assert response.context["form"].errors == {"varied_on": [message]}
