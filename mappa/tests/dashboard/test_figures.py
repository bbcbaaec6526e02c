"""Each figure counts what it says, in the Head of Public Protection's region only, broken down by PDU, team and
officer; and each equals the length of the list it links to."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.dashboard.breakdown import Area, breakdown
from mappa.dashboard.figures import FIGURES, FIGURES_BY_KEY, Moment
from mappa.tests.dashboard.world import EXPECTED, one_of_each, region_world
from mappa.tests.factories import managed_team
from supervision.models import CaseAccessLimit, Recall

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = region_world()
    for officer, manager in zip(world["officers"], world["managers"], strict=True):
        one_of_each(officer, manager, world["head"])
    elsewhere = managed_team()
    one_of_each(elsewhere["officer"], elsewhere["manager"], elsewhere["head"])
    return world


def _moment():
    return Moment(timezone.now())


def test_every_figure_has_an_expectation():
    assert set(EXPECTED) == {figure.key for figure in FIGURES}


def test_each_figure_counts_the_region_and_breaks_down_by_pdu(world):
    result = breakdown(world["head"], Area(world["region"]), moment=_moment())

    assert result.totals == {key: 2 * n for key, n in EXPECTED.items()}
    assert [row.label for row in result.rows] == sorted(team.pdu.name for team in world["teams"])
    assert all(row.counts == EXPECTED for row in result.rows)


def test_a_pdu_breaks_down_by_team_and_a_team_by_officer(world):
    team = world["teams"][0]
    by_team = breakdown(world["head"], Area(world["region"], team.pdu), moment=_moment())
    by_officer = breakdown(world["head"], Area(world["region"], team.pdu, team), moment=_moment())

    assert [(row.label, row.counts) for row in by_team.rows] == [(team.name, EXPECTED)]
    assert by_team.totals == EXPECTED
    officer = world["officers"][0]
    assert [(row.key, row.counts) for row in by_officer.rows] == [(officer.pk, EXPECTED)]


def test_a_team_lists_its_officers_with_nothing_to_count_and_the_cases_awaiting_allocation(world):
    from supervision.tests.factories import CaseFactory, StaffFactory

    team = world["teams"][0]
    idle = StaffFactory(profile__team=team, last_name="Zzidle")
    CaseFactory(
        team=team, responsible_officer=None, awaiting_allocation_since=timezone.now(), mappa_category=2, mappa_level=3
    )

    rows = breakdown(world["head"], Area(world["region"], team.pdu, team), moment=_moment()).rows

    assert rows[-2].key == idle.pk and set(rows[-2].counts.values()) == {0}
    assert (rows[-1].label, rows[-1].counts["mappa-level-3"]) == ("Awaiting allocation", 1)


def test_the_late_countersignature_figure_is_the_recall_rule(world):
    now = timezone.now()
    figure = FIGURES_BY_KEY["recalls-countersignature-late"]
    listed = figure.records_for(world["head"], world["region"].pk, moment=Moment(now))

    expected = Recall.objects.awaiting_countersignature().late(now=now).filter(case__team__in=world["teams"])
    assert set(listed) == set(expected) and listed.count() == 2


def test_a_case_whose_exclusion_names_the_head_of_public_protection_is_not_counted(world):
    from mappa.models import MappaMeeting

    meeting = MappaMeeting.objects.filter(
        case__team=world["teams"][0], next_review_on=timezone.localdate() + timedelta(days=10)
    ).get()
    limit = CaseAccessLimit.objects.create(
        case=meeting.case,
        kind=CaseAccessLimit.Kind.EXCLUSION,
        message="Not for you",
        reason="Conflict of interest.",
        set_by=world["head"],
    )
    limit.staff.add(world["head"])

    totals = breakdown(world["head"], Area(world["region"]), moment=_moment()).totals

    assert totals["meetings-review-due"] == 1
    assert totals["mappa-level-2"] == 5


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_each_figure_equals_the_length_of_its_list_for_the_region_a_pdu_a_team_and_an_officer(client, world, figure):
    team, officer = world["teams"][0], world["officers"][0]
    client.force_login(world["head"])
    moment = _moment()
    region = breakdown(world["head"], Area(world["region"]), moment=moment)
    pdu = breakdown(world["head"], Area(world["region"], team.pdu), moment=moment)
    by_officer = breakdown(world["head"], Area(world["region"], team.pdu, team), moment=moment)
    cases = [
        ({}, region.totals),
        ({"pdu": team.pdu.pk}, pdu.totals),
        ({"team": team.pk}, by_officer.totals),
        ({"team": team.pk, "officer": officer.pk}, by_officer.rows[0].counts),
    ]
    for params, counts in cases:
        response = client.get(reverse("mappa:region-dashboard-list", kwargs={"figure": figure.key}), params)

        assert response.status_code == 200
        assert response.context["page"].paginator.count == counts[figure.key] > 0, params
