"""Each list downloads as a CSV: the same records as the page, under the same access rules, safe to open in a
spreadsheet, and each download audited as an export."""

import csv
import io

import pytest
from django.urls import reverse

from mappa.dashboard.figures import FIGURES
from mappa.tests.dashboard.world import EXPECTED, one_of_each, region_world
from supervision import roles
from supervision.models import AuditEvent, Case, CaseAccessLimit
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = region_world()
    one_of_each(world["officers"][0], world["managers"][0], world["head"])
    return world


def _rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def _csv(client, figure, params=None):
    return client.get(reverse("mappa:region-dashboard-csv", kwargs={"figure": figure}), params or {})


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_each_export_holds_the_figures_records_one_row_each(client, world, figure):
    client.force_login(world["head"])

    header, *rows = _rows(_csv(client, figure.key))

    assert header[:5] == ["CRN", "Name", "PDU", "Team", "Responsible officer"]
    assert len(rows) == EXPECTED[figure.key]
    assert {row[3] for row in rows} == {world["teams"][0].name}


def test_an_export_is_audited_as_an_export_naming_its_figure(client, world):
    client.force_login(world["head"])

    _csv(client, "mappa-level-3")

    row = AuditEvent.objects.get()
    assert (row.action, row.username, row.object_type, row.object_id) == (
        AuditEvent.Action.EXPORT,
        world["head"].username,
        "mappa.region-dashboard",
        "mappa-level-3",
    )


def test_a_refused_export_is_audited_as_refused(client, world):
    client.force_login(world["managers"][0])

    assert _csv(client, "mappa-level-3").status_code == 403
    assert AuditEvent.objects.get().action == AuditEvent.Action.REFUSED


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, world):
    officer = world["officers"][1]
    CaseFactory(
        responsible_officer=officer,
        team=officer.profile.team,
        first_name='=HYPERLINK("http://evil.example","Click")',
        last_name="+Smith",
        mappa_category=2,
        mappa_level=3,
    )
    client.force_login(world["head"])

    rows = _rows(_csv(client, "mappa-level-3", {"team": officer.profile.team.pk}))

    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","Click") +Smith'


def test_a_case_whose_exclusion_names_the_head_of_public_protection_is_withheld(client, world):
    case = Case.objects.get(team=world["teams"][0], mappa_level=3, status=Case.Status.ACTIVE, mappa_meetings=None)
    limit = CaseAccessLimit.objects.create(
        case=case, kind=CaseAccessLimit.Kind.EXCLUSION, message="Ask the PDU head", reason="Staff member's relative.",
        set_by=StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION),
    )  # fmt: skip
    limit.staff.add(world["head"])
    client.force_login(world["head"])

    rows = _rows(_csv(client, "mappa-level-3"))

    assert case.crn not in {row[0] for row in rows}
    assert len(rows) == 1 + EXPECTED["mappa-level-3"] - 1


def test_a_restricted_case_stays_in_the_head_of_public_protections_export(client, world):
    case = Case.objects.get(team=world["teams"][0], mappa_level=3, status=Case.Status.ACTIVE, mappa_meetings=None)
    CaseAccessLimit.objects.create(
        case=case, kind=CaseAccessLimit.Kind.RESTRICTION, message="Restricted", reason="High profile.",
        set_by=world["head"],
    )  # fmt: skip
    client.force_login(world["head"])

    assert case.crn in {row[0] for row in _rows(_csv(client, "mappa-level-3"))}
