"""The caseload: a manager sees their team's officers' cases; search never reaches another team's."""

import pytest
from django.urls import reverse

from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_a_line_manager_sees_an_officers_caseload_in_their_team(client, case):
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team)
    client.force_login(manager)
    response = client.get(reverse("supervision:caseload"), {"officer": case.responsible_officer.pk})
    assert list(response.context["page"].object_list) == [case]


def test_search_finds_visible_cases_by_crn_or_name_but_never_another_teams(client, case):
    other_team_case = CaseFactory(last_name=case.last_name)
    colleague = StaffFactory(profile__team=case.team)
    client.force_login(colleague)
    by_crn = client.get(reverse("supervision:caseload"), {"q": "d482913"})
    assert list(by_crn.context["page"].object_list) == [case]
    by_name = client.get(reverse("supervision:caseload"), {"q": case.last_name})
    assert case in by_name.context["page"].object_list
    assert other_team_case not in by_name.context["page"].object_list
