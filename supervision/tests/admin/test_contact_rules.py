"""Administrators manage contact-frequency rules: validation in words, a preview before saving, history kept."""

import dataclasses
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.contact_requirements.loading import stored_rules
from supervision.contact_requirements.preview import preview
from supervision.models import Case, ContactRule
from supervision.tests.factories import CaseFactory, ContactTypeFactory, HomeVisitTypeFactory, StaffFactory
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


def test_preview_lists_the_cases_covered_with_officer_status_and_why_and_saves_nothing(client, administrator):
    HomeVisitTypeFactory()
    today = timezone.localdate()
    overdue = CaseFactory(rosh=Case.RoSH.HIGH, started_on=today - timedelta(days=20))
    not_yet = CaseFactory(rosh=Case.RoSH.HIGH, started_on=today - timedelta(days=3))
    CaseFactory(rosh=Case.RoSH.LOW, started_on=today - timedelta(days=20))  # not covered
    # Taking effect on its own first day, 20 days ago, is refused; one taking effect today has no overdue case.
    response = client.post(ADD_URL, {**rule_data(), "_preview": "Preview cases covered"})
    preview = response.context["rule_preview"]
    assert (preview.cases, preview.overdue) == (2, 0)
    assert {row.crn for row in preview.rows} == {overdue.crn, not_yet.crn}
    row = next(r for r in preview.rows if r.crn == overdue.crn)
    assert row.officer == overdue.responsible_officer.get_full_name()
    assert row.status == "Met" and "Next due" in row.why
    assert row.url == ""  # an administrator may not open the case
    assert "would cover" in response.text and "2 active cases" in response.text and overdue.crn in response.text
    assert not ContactRule.objects.exists()


def test_opening_a_rule_works_nothing_out_and_an_inactive_rule_shows_no_counts(client, administrator):
    rule = ContactRuleFactory(rosh_levels=["HIGH"], is_active=False)
    CaseFactory(rosh=Case.RoSH.HIGH)
    url = reverse("admin:supervision_contactrule_change", args=[rule.pk])
    assert "rule_preview" not in client.get(url).context
    response = client.post(url, {**rule_data(name=rule.name, is_active=None), "_preview": "Preview"})
    assert response.context["rule_preview"].cases == 0
    assert "not active: it covers no cases" in response.text


def test_preview_of_an_edit_says_what_would_change_without_saving_it(client, administrator):
    HomeVisitTypeFactory()
    rule = ContactRuleFactory(rosh_levels=["HIGH"], every_days=14)
    high = CaseFactory(rosh=Case.RoSH.HIGH)
    low = CaseFactory(rosh=Case.RoSH.LOW)
    url = reverse("admin:supervision_contactrule_change", args=[rule.pk])
    response = client.post(url, {**rule_data(name=rule.name, rosh_levels=["LOW"]), "_preview": "Preview"})
    preview = response.context["rule_preview"]
    assert preview.cases == 1
    assert (preview.newly_covered, preview.no_longer_covered) == ([low.crn], [high.crn])
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


def test_a_new_rule_takes_effect_today_unless_told_and_never_in_the_past(client, administrator):
    today = timezone.localdate()
    client.post(ADD_URL, rule_data())
    assert ContactRule.objects.get().effective_from == today
    response = client.post(ADD_URL, rule_data(name="Backdated", effective_from=str(today - timedelta(days=1))))
    assert "cannot take effect before today" in " ".join(response.context["adminform"].form.errors["effective_from"])
    later = today + timedelta(days=7)
    client.post(ADD_URL, rule_data(name="Next week", rosh_levels=["LOW"], effective_from=str(later)))
    assert ContactRule.objects.get(name="Next week").effective_from == later


def test_editing_what_a_rule_asks_moves_its_effective_date_to_today_and_renaming_it_does_not(client, administrator):
    rule = ContactRuleFactory(rosh_levels=["HIGH"], every_days=14, notify_line_manager_after_days=7)
    url = reverse("admin:supervision_contactrule_change", args=[rule.pk])
    data = rule_data(name=rule.name, window_to_days="", effective_from=str(rule.effective_from))
    response = client.post(url, {**data, "name": "Renamed"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule.refresh_from_db()
    assert rule.effective_from.year == 2020
    client.post(url, {**data, "name": "Renamed", "every_days": "10"})
    rule.refresh_from_db()
    assert (rule.every_days, rule.effective_from) == (10, timezone.localdate())


def test_a_rule_identical_to_an_active_one_is_refused(client, administrator):
    client.post(ADD_URL, rule_data())
    response = client.post(ADD_URL, rule_data(name="Same again", rationale="Someone else's copy."))
    assert "already asks exactly this" in " ".join(response.context["adminform"].form.non_field_errors())
    assert ContactRule.objects.count() == 1
    assert client.post(ADD_URL, rule_data(name="Inactive copy", is_active=None)).status_code == 302


def test_contacts_without_the_person_cannot_be_ticked_and_the_channels_say_so(client, administrator):
    ContactTypeFactory(code="CKIH", name="Key individual seen at home", group="KEY_INDIVIDUAL", channel="HOME")
    ContactTypeFactory(code="CLPO", name="Liaison with police", group="AGENCY", channel="AGENCY")
    office = ContactTypeFactory(code="COAP", name="Office appointment", group="APPOINTMENT", channel="OFFICE")
    response = client.get(ADD_URL)
    offered = list(response.context["adminform"].form.fields["contact_types"].queryset)
    assert offered == [office]
    assert "only contacts in which the person on probation took part" in response.text


def test_the_form_is_grouped_with_the_rarely_used_parts_folded_away(client, administrator):
    text = client.get(ADD_URL).text
    for heading in ("Who it covers", "What counts", "How often", "Who is told"):
        assert heading in text
    assert text.count("<details") >= 4
    assert "The due day itself is never overdue" in text
    assert "Two contacts on the same day count as two" in text


def test_the_preview_takes_the_same_number_of_queries_for_3_cases_as_for_30(administrator):
    """Worked out in a fixed number of queries: matched in the database, counted from plain values, and only the
    listed cases loaded as objects."""
    HomeVisitTypeFactory()
    ContactRuleFactory(rosh_levels=["HIGH"], every_days=14, effective_from=timezone.localdate() - timedelta(days=60))
    today = timezone.localdate()
    (saved,) = stored_rules(on=today)
    entered = dataclasses.replace(saved, every_days=7)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            result = preview(entered, is_active=True, on=today, user=administrator, saved=saved)
        return len(captured), result.cases

    for _ in range(3):
        CaseFactory(rosh=Case.RoSH.HIGH, started_on=today - timedelta(days=20), responsible_officer=StaffFactory())
    queries()  # the first reads the administrator's roles, then kept on the user
    few = queries()
    for _ in range(27):
        CaseFactory(rosh=Case.RoSH.HIGH, started_on=today - timedelta(days=20), responsible_officer=StaffFactory())
    assert queries() == (few[0], 30) and few[1] == 3
