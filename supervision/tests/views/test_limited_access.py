"""Limited-access cases on every surface: a restriction refuses everyone it does not list, an exclusion the staff
it lists. A refused user sees the limit's message on a 403 page and nothing that identifies the person; lists,
notifications and e-mails leave the case out."""

import pytest
from django.urls import reverse

from supervision.models import CaseAccessLimit, Notification, OutboxEmail
from supervision.permissions import cases_visible_to
from supervision.services.access import set_access_limit
from supervision.services.notifications import notify
from supervision.tests.access_factories import managed_team
from supervision.tests.factories import CaseFactory, ContactFactory, StaffFactory

pytestmark = pytest.mark.django_db

MESSAGE = "This case is restricted. Ask Helen Carter, Senior Probation Officer."


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], first_name="Zebedee", last_name="Quartermaine"
    )
    ContactFactory(case=people["case"])
    return people


def limit(team, kind, staff):
    return set_access_limit(
        team["case"], kind=kind, staff=staff, message=MESSAGE, reason="Family link.", by=team["head"]
    )


def assert_refused_with_message(client, user, case):
    client.force_login(user)
    for name in ("case-detail", "case-contacts", "case-chronology"):
        response = client.get(reverse(f"supervision:{name}", kwargs={"crn": case.crn.lower()}))
        body = response.content.decode()
        assert response.status_code == 403, name
        assert MESSAGE in body
        assert "Zebedee" not in body and "Quartermaine" not in body
        assert f"Access to case {case.crn} is restricted" in body  # the CRN they typed, nothing more


def test_a_restriction_refuses_everyone_it_does_not_list_with_its_message(client, team):
    limit(team, CaseAccessLimit.Kind.RESTRICTION, [team["officer"], team["manager"]])
    assert team["case"].is_access_limited
    assert_refused_with_message(client, team["colleague"], team["case"])
    assert_refused_with_message(client, team["deputy"], team["case"])
    for allowed in (team["officer"], team["manager"], team["head"]):
        client.force_login(allowed)
        assert client.get(team["case"].get_absolute_url()).status_code == 200


def test_an_exclusion_refuses_only_the_staff_it_lists(client, team):
    limit(team, CaseAccessLimit.Kind.EXCLUSION, [team["colleague"]])
    assert_refused_with_message(client, team["colleague"], team["case"])
    for allowed in (team["officer"], team["manager"], team["deputy"]):
        client.force_login(allowed)
        assert client.get(team["case"].get_absolute_url()).status_code == 200


def test_a_case_with_no_limit_is_not_access_limited_and_another_team_still_gets_404(client, team):
    assert not team["case"].is_access_limited
    limit(team, CaseAccessLimit.Kind.RESTRICTION, [team["officer"]])
    client.force_login(StaffFactory())  # another team: the case's existence is not revealed
    response = client.get(team["case"].get_absolute_url())
    assert response.status_code == 404 and MESSAGE not in response.content.decode()


def test_cases_visible_to_applies_both_limits_in_one_query(team, django_assert_num_queries):
    limit(team, CaseAccessLimit.Kind.RESTRICTION, [team["officer"], team["colleague"]])
    limit(team, CaseAccessLimit.Kind.EXCLUSION, [team["colleague"]])
    team["officer"].profile  # noqa: B018 - the profile and roles are cached before counting
    with django_assert_num_queries(2):  # the roles, then the cases with both limits as subqueries
        assert list(cases_visible_to(team["officer"])) == [team["case"]]
    assert not cases_visible_to(team["colleague"]).exists()
    assert not cases_visible_to(team["deputy"]).exists()


def test_a_refused_user_does_not_see_the_case_in_the_caseload(client, team):
    limit(team, CaseAccessLimit.Kind.EXCLUSION, [team["manager"]])
    client.force_login(team["manager"])
    body = client.get(reverse("supervision:caseload")).content.decode()
    assert "Quartermaine" not in body and team["case"].crn not in body


def test_writes_on_a_limited_case_are_refused_and_change_nothing(client, team):
    limit(team, CaseAccessLimit.Kind.RESTRICTION, [team["officer"]])
    client.force_login(team["colleague"])
    contacts = team["case"].contacts.count()
    response = client.post(reverse("supervision:contact-create", kwargs={"crn": team["case"].crn}), {"notes": "x"})
    assert response.status_code == 403
    assert team["case"].contacts.count() == contacts


def test_a_notification_about_a_case_now_limited_is_withheld_and_not_counted(client, team):
    notification = notify(
        team["colleague"],
        event_key="t:limited",
        subject="A contact is overdue on one of your cases",
        body="Zebedee Quartermaine: a home visit is overdue.",
        url=team["case"].get_absolute_url(),
        case=team["case"],
    )
    assert notification is not None
    limit(team, CaseAccessLimit.Kind.EXCLUSION, [team["colleague"]])
    client.force_login(team["colleague"])
    page = client.get(reverse("supervision:notifications"))
    body = page.content.decode()
    assert "This notification is no longer available to you" in body
    assert "Quartermaine" not in body and "A contact is overdue" not in body
    assert page.context["unread_count"] == 0
    assert page.context["unread_notification_count"] == 0  # the header count
    opened = client.post(reverse("supervision:notification-open", args=[notification.pk]))
    assert opened.status_code == 302 and opened.url == reverse("supervision:notifications")


def test_no_notification_or_email_names_a_limited_case_to_a_refused_user(team):
    limit(team, CaseAccessLimit.Kind.RESTRICTION, [team["officer"]])
    assert notify(team["colleague"], event_key="t:refused", subject="S", body="B", case=team["case"]) is None
    assert not Notification.objects.filter(recipient=team["colleague"]).exists()
    assert not OutboxEmail.objects.filter(to_address=team["colleague"].email).exists()


def test_only_the_regions_head_of_public_protection_may_set_limits(client, team):
    url = reverse("supervision:case-access", kwargs={"crn": team["case"].crn})
    for refused in (team["officer"], team["manager"], team["colleague"]):
        client.force_login(refused)
        assert client.get(url).status_code == 403
        assert client.post(url, {"kind": "EXCLUSION", "staff": [team["colleague"].pk]}).status_code == 403
    assert not CaseAccessLimit.objects.exists()
    other_head = managed_team()["head"]
    client.force_login(other_head)
    assert client.get(url).status_code == 404


def test_the_head_of_public_protection_sets_and_removes_a_restriction(client, team):
    url = reverse("supervision:case-access", kwargs={"crn": team["case"].crn})
    client.force_login(team["head"])
    page = client.get(url)
    assert page.status_code == 200 and team["colleague"].get_full_name() in page.content.decode()
    response = client.post(
        url,
        {"kind": "RESTRICTION", "staff": [team["officer"].pk], "message": MESSAGE, "reason": "Family link."},
    )
    assert response.status_code == 302
    restriction = CaseAccessLimit.objects.get()
    assert list(restriction.staff.all()) == [team["officer"]] and restriction.set_by == team["head"]
    assert not cases_visible_to(team["colleague"]).exists()
    remove = reverse("supervision:case-access-remove", kwargs={"crn": team["case"].crn})
    client.force_login(team["officer"])
    assert client.post(remove, {"kind": "RESTRICTION"}).status_code == 403
    client.force_login(team["head"])
    assert client.post(remove, {"kind": "RESTRICTION"}).status_code == 302
    assert not CaseAccessLimit.objects.exists()


def test_bad_input_on_the_limit_page_shows_the_error_summary_and_saves_nothing(client, team):
    client.force_login(team["head"])
    url = reverse("supervision:case-access", kwargs={"crn": team["case"].crn})
    response = client.post(url, {"kind": "EXCLUSION", "message": "", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Select at least one member of staff" in body and "Enter why access is limited" in body
    response = client.post(url, {"kind": "EXCLUSION", "staff": [team["head"].pk], "message": "m", "reason": "r"})
    assert "You cannot exclude yourself" in response.content.decode()
    assert not CaseAccessLimit.objects.exists()
