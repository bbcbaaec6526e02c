"""Each list's CSV export: the same rows as the page, under the same access rules, safe to open in a spreadsheet,
and audited."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from supervision import roles
from supervision.models import AuditEvent
from supervision.tests.dashboards.world import build_team, cases_left_out
from supervision.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_team(officers=2, cases_each=1)
    world.update(cases_left_out(world))
    return world


def _export(client, key, **query):
    url = reverse("supervision:dashboard-csv", kwargs={"key": key})
    return client.get(url, query)


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_export_holds_the_lists_rows_with_dates_as_iso_dates(client, world):
    client.force_login(world["manager"])
    officer = world["officers"][0]
    case = world["cases"][0]
    response = _export(client, "overdue-requirements", officer=officer.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="overdue-requirements-')
    header, *rows = _rows(response)
    assert header == ["Name", "CRN", "Officer", "Contact needed", "Due on", "Days overdue"]
    on = world["on"]
    assert [row[1:] for row in rows] == [
        [case.crn, case.officer_name, "Home visit", (on - timedelta(days=40)).isoformat(), "40"],
        [case.crn, case.officer_name, "Office appointment", (on - timedelta(days=20)).isoformat(), "20"],
        [case.crn, case.officer_name, "Office appointment", (on - timedelta(days=12)).isoformat(), "12"],
        [case.crn, case.officer_name, "Home visit", (on - timedelta(days=3)).isoformat(), "3"],
    ]  # fmt: skip


def test_limited_access_cases_are_withheld_from_the_export(client, world):
    client.force_login(world["manager"])
    content = _export(client, "overdue-requirements").content.decode()
    assert world["restricted"].crn not in content
    assert world["restricted"].last_name not in content
    assert all(case.crn in content for case in world["cases"])


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_made_text(client, world):
    case = world["cases"][0]
    case.first_name = '=HYPERLINK("http://example.com")'
    case.save()
    client.force_login(world["manager"])
    rows = _rows(_export(client, "active-cases"))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://example.com") ' + case.last_name in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_each_export_is_audited_once_for_the_list_and_once_per_case(client, world):
    client.force_login(world["manager"])
    _export(client, "active-cases")
    events = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_id="active-cases")
    assert events.filter(case__isnull=True).count() == 1
    assert set(events.exclude(case__isnull=True).values_list("case_crn", flat=True)) == {
        case.crn for case in world["cases"]
    }
    assert set(events.values_list("username", flat=True)) == {world["manager"].username}


def test_an_officer_is_refused_the_export_and_the_refusal_is_audited(client, world):
    client.force_login(world["officers"][0])
    assert _export(client, "active-cases").status_code == 403
    refusal = AuditEvent.objects.get(action=AuditEvent.Action.REFUSED)
    assert refusal.object_id == "active-cases"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_another_teams_line_manager_is_refused_this_teams_export(client, world):
    elsewhere = build_team(officers=1, cases_each=1)
    client.force_login(elsewhere["manager"])
    assert _export(client, "active-cases", team=world["team"].pk).status_code == 404
    assert _export(client, "active-cases", officer=world["officers"][0].pk).status_code == 404
    # Their own export holds their own team only.
    content = _export(client, "active-cases").content.decode()
    assert elsewhere["cases"][0].crn in content
    assert not any(case.crn in content for case in world["cases"])


def test_an_administrator_is_refused_the_export(client, world):
    client.force_login(StaffFactory(role=roles.ADMINISTRATOR, profile__team=None))
    assert _export(client, "active-cases").status_code == 403
