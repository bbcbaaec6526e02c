"""The allocation queue, allocating, transferring and the allocation tab: the team's line managers and the
region's Head of Public Protection act; an officer, and a manager of another PDU, are refused; the queue costs a
fixed number of queries whatever its length; a double submit allocates once."""

import pytest
from django.urls import reverse

from supervision.models import Case, CaseAllocation, Notification
from supervision.services.allocation import allocate_case
from supervision.services.intake import open_case
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory
from supervision.tests.intake_helpers import opening, pnc

pytestmark = pytest.mark.django_db

QUEUE = reverse("supervision:allocation-queue")


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = open_case(opening(people["team"]), by=people["manager"])
    return people


def _url(name, case):
    return reverse(f"supervision:{name}", kwargs={"crn": case.crn})


def test_the_queue_lists_waiting_cases_longest_waiting_first(client, team):
    later = open_case(opening(team["team"], pnc_number=pnc(2), last_name="Later"), by=team["manager"])
    client.force_login(team["manager"])

    page = client.get(QUEUE).content.decode()

    assert page.index(team["case"].crn) < page.index(later.crn)
    assert _url("case-allocate", team["case"]) in page


def test_an_officer_has_no_allocation_queue(client, team):
    client.force_login(team["officer"])
    assert client.get(QUEUE).status_code == 403


def test_a_manager_elsewhere_does_not_see_this_team_queue(client, team):
    elsewhere = managed_team()
    client.force_login(elsewhere["manager"])
    assert team["case"].crn not in client.get(QUEUE).content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_the_queue_costs_a_fixed_number_of_queries(client, team, size, django_assert_max_num_queries):
    for n in range(size):
        open_case(opening(team["team"], pnc_number=pnc(100 + n), last_name=f"Person{n}"), by=team["manager"])
    client.force_login(team["manager"])
    client.get(QUEUE)
    with django_assert_max_num_queries(9):
        response = client.get(QUEUE)
    assert response.content.decode().count("Allocate<span") == size + 1


def test_the_allocate_form_shows_each_officers_caseload(client, team):
    CaseFactory.create_batch(2, responsible_officer=team["officer"], team=team["team"])
    client.force_login(team["manager"])

    page = client.get(_url("case-allocate", team["case"])).content.decode()

    assert "2 active cases" in page and "0 active cases" in page


@pytest.mark.parametrize("who", ["manager", "deputy", "head"])
def test_the_team_managers_and_head_allocate(client, team, who):
    client.force_login(team[who])

    response = client.post(
        _url("case-allocate", team["case"]), {"officer": team["officer"].pk, "reason": "Lowest caseload."}
    )

    assert response.status_code == 302 and response["Location"] == QUEUE
    case = Case.objects.get(pk=team["case"].pk)
    assert case.responsible_officer == team["officer"]
    assert Notification.objects.filter(recipient=team["officer"], case=case).exists()


def test_an_officer_cannot_allocate_or_transfer(client, team):
    client.force_login(team["colleague"])
    for name in ("case-allocate", "case-transfer"):
        assert client.get(_url(name, team["case"])).status_code == 403
        assert (
            client.post(_url(name, team["case"]), {"officer": team["colleague"].pk, "reason": "Me."}).status_code == 403
        )
    assert Case.objects.get(pk=team["case"].pk).responsible_officer is None


def test_a_manager_of_another_pdu_is_refused(client, team):
    elsewhere = managed_team(region=team["team"].pdu.region)
    client.force_login(elsewhere["manager"])
    for name in ("case-allocate", "case-transfer", "case-allocation"):
        assert client.get(_url(name, team["case"])).status_code == 404
    response = client.post(_url("case-allocate", team["case"]), {"officer": team["officer"].pk, "reason": "Mine."})
    assert response.status_code == 404
    assert Case.objects.get(pk=team["case"].pk).responsible_officer is None


def test_a_double_submit_allocates_once(client, team):
    client.force_login(team["manager"])
    data = {
        "officer": team["officer"].pk,
        "reason": "Lowest caseload.",
        "submission_token": "0c1d2e3f-4a5b-4c6d-8e7f-901234567890",
    }

    first = client.post(_url("case-allocate", team["case"]), data)
    second = client.post(_url("case-allocate", team["case"]), data)

    assert first.status_code == second.status_code == 302
    assert team["case"].allocations.filter(kind=CaseAllocation.Kind.ALLOCATED).count() == 1


def test_a_bad_allocation_shows_the_error_summary(client, team):
    client.force_login(team["manager"])

    response = client.post(_url("case-allocate", team["case"]), {"officer": "", "reason": ""})

    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Select the officer" in page and "Enter why the case is going to this officer" in page


def test_a_transfer_to_another_officer_through_the_page(client, team):
    allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    client.force_login(team["manager"])

    response = client.post(
        _url("case-transfer", team["case"]),
        {"team": team["team"].pk, "officer": team["colleague"].pk, "reason": "Officer leaving."},
    )

    assert response.status_code == 302
    assert Case.objects.get(pk=team["case"].pk).responsible_officer == team["colleague"]


def test_the_allocation_tab_and_chronology_show_the_history(client, team):
    allocate_case(team["case"], officer=team["officer"], reason="Lowest caseload.", by=team["manager"])
    client.force_login(team["officer"])

    tab = client.get(_url("case-allocation", team["case"])).content.decode()
    chronology = client.get(_url("case-chronology", team["case"])).content.decode()

    assert "Case opened" in tab and "Allocated" in tab and "Lowest caseload." in tab
    assert "Transfer</a>" not in tab  # the officer may not transfer
    assert "Lowest caseload." in chronology


def test_case_pages_of_a_waiting_case_open_for_its_team(client, team):
    client.force_login(team["manager"])
    for name in ("case-detail", "case-contacts", "case-chronology", "case-allocation"):
        response = client.get(_url(name, team["case"]))
        assert response.status_code == 200, name
    assert "Not allocated" in client.get(_url("case-detail", team["case"])).content.decode()
    assert "Waiting for allocation" in client.get(_url("case-detail", team["case"])).content.decode()


def test_an_allocated_case_says_who_holds_it_instead_of_the_form(client, team):
    allocate_case(team["case"], officer=team["officer"], reason="One.", by=team["manager"])
    client.force_login(team["deputy"])

    page = client.get(_url("case-allocate", team["case"]))

    assert page.status_code == 200
    assert "This case has already been allocated" in page.content.decode()
    response = client.post(_url("case-allocate", team["case"]), {"officer": team["colleague"].pk, "reason": "Two."})
    assert response.status_code == 200 and "transfer it instead" in response.content.decode()
    assert Case.objects.get(pk=team["case"].pk).responsible_officer == team["officer"]
