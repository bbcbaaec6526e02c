"""Administrators manage contact-frequency rules: validation in words, a preview before saving, history kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import Case, ContactRule
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory, StaffFactory
from supervision.tests.rule_factories import ContactRuleFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:supervision_contactrule_add")


@pytest.fixture
def administrator(client):
    user = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True, first_name="Sam", last_name="Reid")
    client.force_login(user)
    return user


def rule_data(**overrides):
    data = {
        "name": "High RoSH home visits",
        "rationale": "Local policy for high RoSH cases.",
        "is_active": "on",
        "match": "ALL",
        "rosh_levels": ["HIGH"],
        "hdc_curfew": "",
        "window_from_days": "0",
        "window_to_days": "84",
        "first_due_days": "",
        "stage": "",
        "contact_description": "Home visit",
        "counts_home_visits": "on",
        "contacts_needed": "1",
        "every_days": "14",
        "grace_days": "0",
        "notify_line_manager_after_days": "7",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_an_administrator_creates_a_rule_and_its_history_records_who(client, administrator):
    response = client.post(ADD_URL, rule_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule = ContactRule.objects.get()
    assert rule.rosh_levels == ["HIGH"] and rule.every_days == 14
    rule_url = reverse("admin:supervision_contactrule_change", args=[rule.pk])
    client.post(rule_url, rule_data(every_days="10"))
    assert [h.history_user for h in rule.history.all()] == [administrator, administrator]
    assert rule.history.first().every_days == 10 and rule.history.last().every_days == 14
    history = client.get(reverse("admin:supervision_contactrule_history", args=[rule.pk]))
    assert history.status_code == 200 and administrator.get_username() in history.text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"every_days": "0"}, "every_days", "Enter a period of 1 day or more"),
        ({"every_days": "-3"}, "every_days", "Enter a period of 1 day or more"),
        ({"contacts_needed": "0"}, "contacts_needed", "Enter a number of contacts of 1 or more"),
        ({"every_days": "", "first_due_days": ""}, "every_days", "Enter a period, a first-due limit, or both"),
        ({"window_from_days": "28", "window_to_days": "7"}, "window_to_days", "must end on or after the day it starts"),
        ({"counts_home_visits": None}, "contact_types", "the rule counts no contact"),
        ({"contacts_needed": "3", "every_days": "2"}, "contacts_needed", "cannot all fit in a period of 2 days"),
        ({"final_third_exception_mappa": "on"}, "stage", "Choose “Stops in the final third”"),
        ({"match": "ANY", "rosh_levels": []}, "match", "Choose at least one criterion"),
    ],
)
def test_nonsense_is_refused_with_a_clear_message(client, administrator, overrides, field, message):
    response = client.post(ADD_URL, rule_data(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not ContactRule.objects.exists()


def test_preview_shows_cases_covered_and_overdue_today_and_saves_nothing(client, administrator):
    HomeVisitTypeFactory()
    today = timezone.localdate()
    CaseFactory(rosh=Case.RoSH.HIGH, started_on=today - timedelta(days=20))  # no visit: overdue
    CaseFactory(rosh=Case.RoSH.HIGH, started_on=today - timedelta(days=3))  # not due yet
    CaseFactory(rosh=Case.RoSH.LOW, started_on=today - timedelta(days=20))  # not covered
    response = client.post(ADD_URL, {**rule_data(), "_preview": "Preview cases covered"})
    assert response.status_code == 200
    assert response.context["rule_preview"] == {"on": today, "cases": 2, "overdue": 1, "due_soon": 0}
    assert "would cover" in response.text and "2 active cases" in response.text
    assert not ContactRule.objects.exists()


def test_preview_of_an_edit_applies_the_edit_without_saving_it(client, administrator):
    HomeVisitTypeFactory()
    rule = ContactRuleFactory(rosh_levels=["HIGH"], every_days=14)
    CaseFactory(rosh=Case.RoSH.LOW)
    url = reverse("admin:supervision_contactrule_change", args=[rule.pk])
    assert client.get(url).context["rule_preview"]["cases"] == 0
    response = client.post(url, {**rule_data(name=rule.name, rosh_levels=["LOW"]), "_preview": "Preview"})
    assert response.context["rule_preview"]["cases"] == 1
    rule.refresh_from_db()
    assert rule.rosh_levels == ["HIGH"]


def test_preview_of_invalid_rule_shows_the_errors(client, administrator):
    response = client.post(ADD_URL, {**rule_data(every_days="0"), "_preview": "Preview"})
    assert "rule_preview" not in response.context
    assert response.context["adminform"].form.errors["every_days"]


def test_officers_cannot_change_rules(client):
    client.force_login(StaffFactory(is_staff=True))
    assert client.get(ADD_URL).status_code == 403


@pytest.mark.parametrize("url_name", ["admin:index", "admin:auth_user_changelist", "admin:supervision_contactrule_add"])
def test_the_accessibility_fixes_apply_on_every_admin_page(client, administrator, url_name):
    client.force_login(administrator)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response.text.count("css/admin.css") == 1
