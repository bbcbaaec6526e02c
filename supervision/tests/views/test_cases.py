"""The case pages themselves: the chronology."""

import pytest
from django.urls import reverse

from supervision.services.conditions import end_condition
from supervision.services.risk import end_risk_flag
from supervision.tests.factories import ContactFactory, LicenceConditionFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_the_chronology_marks_sensitive_entries_and_filters_by_kind(client, case):
    ContactFactory(case=case, is_sensitive=True, notes="Victim reports a sighting")
    client.force_login(case.responsible_officer)
    url = reverse("supervision:case-chronology", kwargs={"crn": case.crn})
    everything = client.get(url).context["entries"]
    assert {entry.kind for entry in everything} == {"contacts", "conditions", "risk"}
    assert any(entry.is_sensitive and "Victim reports" in entry.description for entry in everything)
    only_conditions = client.get(url, {"kind": "conditions"}).context["entries"]
    assert {entry.kind for entry in only_conditions} == {"conditions"}


def test_chronology_shows_date_only_records_without_a_time(client):
    condition = LicenceConditionFactory()
    client.force_login(condition.case.responsible_officer)
    response = client.get(reverse("supervision:case-chronology", kwargs={"crn": condition.case.crn}))
    assert f"{condition.started_on:%-d %B %Y}</time>" in response.text
    assert "00:00" not in response.text


def test_the_chronology_says_who_ended_a_condition_and_a_flag(client, case):
    colleague = StaffFactory(profile__team=case.team, first_name="Helen", last_name="Carter")
    end_condition(case.licence_conditions.get(), ended_on=case.started_on, reason="Revoked", by=colleague)
    end_risk_flag(case.risk_flags.get(), ended_on=case.started_on, reason="Deregistered", by=colleague)
    client.force_login(case.responsible_officer)
    entries = client.get(reverse("supervision:case-chronology", kwargs={"crn": case.crn})).context["entries"]
    ended = [entry for entry in entries if " ended: " in entry.title]
    assert [entry.by for entry in ended] == ["Helen Carter", "Helen Carter"]
