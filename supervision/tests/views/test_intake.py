"""The "Open a case" page: line managers (their PDU's teams) and Heads of Public Protection (their region's)
open a case through it; officers, administrators and auditors are refused. Bad input shows the GOV.UK error
summary and saves nothing; a name and date of birth match asks for confirmation; a double submit saves once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import Case
from supervision.services import intake
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import StaffFactory, TeamFactory
from supervision.tests.intake_helpers import pnc

pytestmark = pytest.mark.django_db

URL = reverse("supervision:case-open")


def date_parts(name, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def form_data(team, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "team": team.pk,
        "first_name": "Shannon",
        "last_name": "Kearney",
        **date_parts("date_of_birth", today.replace(year=today.year - 24)),
        "pnc_number": pnc(93314, "2021"),
        "crn": "",
        "supervision_type": Case.SupervisionType.COMMUNITY_ORDER,
        **date_parts("started_on", today - timedelta(days=1)),
        **date_parts("expected_end_on", today + timedelta(days=364)),
        "court": "Avonford Magistrates' Court",
        "releasing_prison": "",
        "address": "27 Mill Street\nAvonford",
        "postcode": "AV1 4MS",
        "rosh": Case.RoSH.LOW,
        "tier": Case.Tier.E,
    }
    data.update(changes)
    return data


@pytest.fixture
def people():
    return managed_team()


@pytest.mark.parametrize("who", ["manager", "head"])
def test_a_line_manager_or_head_opens_a_case_into_the_allocation_queue(client, people, who):
    client.force_login(people[who])

    response = client.post(URL, form_data(people["team"]))

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.responsible_officer is None and case.team == people["team"]
    assert case.court == "Avonford Magistrates' Court"
    queue = client.get(reverse("supervision:allocation-queue")).content.decode()
    assert queue.count(reverse("supervision:case-allocate", kwargs={"crn": case.crn})) == 1


@pytest.mark.parametrize("role", [roles.RESPONSIBLE_OFFICER, roles.ADMINISTRATOR, roles.AUDITOR])
def test_officers_administrators_and_auditors_are_refused(client, people, role):
    user = StaffFactory(role=role, profile__team=people["team"])
    client.force_login(user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(people["team"])).status_code == 403
    assert not Case.objects.exists()


def test_the_team_list_offers_only_the_managers_pdu(client, people):
    same_pdu = TeamFactory(pdu=people["team"].pdu, name="Kingsbridge")
    other_pdu = TeamFactory(pdu__region=people["team"].pdu.region, name="Elsewhere")
    client.force_login(people["manager"])

    page = client.get(URL).content.decode()
    assert same_pdu.name in page and other_pdu.name not in page

    response = client.post(URL, form_data(other_pdu))
    assert response.status_code == 200 and not Case.objects.exists()
    assert "Select the team" in response.content.decode()


def test_bad_input_shows_the_error_summary_and_saves_nothing(client, people):
    client.force_login(people["manager"])

    response = client.post(
        URL,
        form_data(
            people["team"],
            pnc_number="2019/0123456X",
            court="",
            first_name="",
            **date_parts("started_on", timezone.localdate().replace(year=1800)),
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the first name" in page
    assert not Case.objects.exists()


def test_the_service_rules_show_on_their_fields(client, people):
    client.force_login(people["manager"])

    response = client.post(URL, form_data(people["team"], pnc_number="2019/0123456X", court=""))

    page = response.content.decode()
    assert intake.PNC_CHECK_LETTER_WRONG.replace("'", "&#x27;") in page
    assert intake.COURT_NEEDED in page
    assert not Case.objects.exists()


def test_a_name_and_birth_match_asks_to_confirm_a_different_person(client, people):
    client.force_login(people["manager"])
    client.post(URL, form_data(people["team"]))
    existing = Case.objects.get()

    asked = client.post(URL, form_data(people["team"], pnc_number=pnc(1, "2020")))

    page = asked.content.decode()
    assert "Is this a different person?" in page and existing.crn in page
    assert Case.objects.count() == 1

    confirmed = client.post(URL, form_data(people["team"], pnc_number=pnc(1, "2020"), is_different_person="on"))
    assert confirmed.status_code == 302
    assert Case.objects.count() == 2


def test_a_double_submit_opens_one_case(client, people):
    client.force_login(people["manager"])
    data = {**form_data(people["team"]), "submission_token": "8a4c3c56-1c55-4d3c-9a7e-3f1b6a0d2e11"}

    first = client.post(URL, data)
    second = client.post(URL, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
