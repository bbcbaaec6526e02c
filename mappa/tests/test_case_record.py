"""Referrals and MAPPA on the case record: the tab (inside the case layout), the chronology's referral and
meeting entries, the overview's open work, and flat query counts on all three pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.models import Escalation, Referral, ReferralEvent
from mappa.tests.factories import (
    AgencyFactory,
    EscalationFactory,
    MappaActionFactory,
    MappaMeetingFactory,
    MappaReferralFactory,
    ReferralFactory,
    RejectedMappaReferralFactory,
    managed_team,
)
from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db

Action = ReferralEvent.Action


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(
        responsible_officer=people["officer"], team=people["team"], mappa_category=2, mappa_level=2
    )
    return people


def _page(client, user, url_name, case, **params):
    client.force_login(user)
    return client.get(reverse(url_name, kwargs={"crn": case.crn}), params)


def _event(referral, action, *, days_ago, by=None, to_status=None, reason=""):
    return ReferralEvent.objects.create(
        referral=referral,
        action=action,
        actor=by,
        from_status=referral.status,
        to_status=to_status or referral.status,
        reason=reason,
        happened_at=timezone.now() - timedelta(days=days_ago),
    )


# The tab ----------------------------------------------------------------------------------------------------


def test_every_case_page_has_the_referrals_and_mappa_tab(client, team):
    response = _page(client, team["officer"], "supervision:case-detail", team["case"])
    tab = next(t for t in response.context["tabs"] if t["label"] == "Referrals and MAPPA")
    assert tab["url"] == reverse("mappa:case-referrals", kwargs={"crn": team["case"].crn})
    assert not tab["is_current"]
    assert [t["label"] for t in response.context["tabs"]].count("Referrals and MAPPA") == 1


def test_the_tab_page_renders_inside_the_case_layout_and_keeps_what_it_showed(client, team):
    case = team["case"]
    today = timezone.localdate()
    ReferralFactory(case=case, sent_on=today - timedelta(days=20), response_due_on=today - timedelta(days=1))
    MappaMeetingFactory(case=case, held_on=today - timedelta(days=7), next_review_on=today + timedelta(weeks=16))

    response = _page(client, team["officer"], "mappa:case-referrals", case)

    assert response.status_code == 200
    assert [t["label"] for t in response.context["tabs"] if t["is_current"]] == ["Referrals and MAPPA"]
    html = response.content.decode()
    assert "moj-identity-bar" in html and "moj-sub-navigation" in html
    assert f'href="{reverse("mappa:case-referrals", kwargs={"crn": case.crn})}" aria-current="page"' in html
    for text in (
        '<h1 class="govuk-heading-l">Referrals and MAPPA</h1>',
        "Next MAPPA review",
        f"{today + timedelta(weeks=16):%-d %B %Y}",
        "has a late response: chase it",
        "Children&#x27;s social care",
        "Level 2 meeting",
        "Make a referral",
        "Record a MAPPA meeting",
    ):
        assert text in html, text


def test_the_tab_page_is_404_for_another_team_and_refused_without_a_case_role(client, team):
    other_team = managed_team()
    assert _page(client, other_team["officer"], "mappa:case-referrals", team["case"]).status_code == 404
    assert _page(client, other_team["manager"], "mappa:case-referrals", team["case"]).status_code == 404
    admin = StaffFactory(role=roles.ADMINISTRATOR, profile__team=team["team"])
    assert _page(client, admin, "mappa:case-referrals", team["case"]).status_code == 403


# Chronology -------------------------------------------------------------------------------------------------


def test_the_chronology_shows_referral_steps_and_meetings_and_filters_by_kind(client, team):
    case, officer = team["case"], team["officer"]
    referral = MappaReferralFactory(case=case, status=Referral.Status.ACCEPTED)
    _event(referral, Action.SENT, days_ago=30, by=officer, to_status=Referral.Status.SENT)
    _event(referral, Action.REJECTED, days_ago=20, by=officer, reason="Communicating sufficiently.")
    _event(referral, Action.ESCALATED_TO_LINE_MANAGER, days_ago=19)
    _event(referral, Action.OVERTURNED, days_ago=10, by=team["head"], reason="Multi-agency oversight needed.")
    MappaMeetingFactory(
        case=case, referral=referral, decisions="Final warning to be issued.", enforcement_decision="FINAL"
    )
    url_name = "supervision:case-chronology"

    response = _page(client, officer, url_name, case)
    labels = {option["label"] for option in response.context["filters"]}
    assert {"Referrals", "MAPPA meetings"} <= labels
    titles = [entry.title for entry in response.context["entries"]]
    assert "MAPPA level 2 referral: Sent" in titles
    assert "MAPPA level 2 referral: Rejection overturned by the Head of Public Protection" in titles
    automatic = next(e for e in response.context["entries"] if e.title.endswith("escalation queue"))
    assert automatic.by == "Caseworks (automatic)"
    meeting = next(e for e in response.context["entries"] if e.kind == "mappa-meetings")
    assert meeting.tag == "Final warning" and "Final warning to be issued." in meeting.description
    html = response.content.decode()
    assert "Communicating sufficiently." in html and reverse("mappa:referral-detail", args=[referral.pk]) in html

    only_referrals = _page(client, officer, url_name, case, kind="referrals").context["entries"]
    assert {e.kind for e in only_referrals} == {"referrals"} and len(only_referrals) == 4
    only_meetings = _page(client, officer, url_name, case, kind="mappa-meetings").context["entries"]
    assert [e.title for e in only_meetings] == ["MAPPA level 2 meeting"]


# Open work --------------------------------------------------------------------------------------------------


def test_the_overview_lists_mappa_open_work(client, team):
    case, today = team["case"], timezone.localdate()
    agency = AgencyFactory(name="Avonford Children's Services")
    ReferralFactory(
        case=case, agency=agency, sent_on=today - timedelta(days=20), response_due_on=today - timedelta(days=2)
    )
    ReferralFactory(case=case, sent_on=today - timedelta(days=2))  # answer not yet due
    EscalationFactory(
        referral=RejectedMappaReferralFactory(case=case),
        assigned_to=team["manager"],
        status=Escalation.Status.MORE_INFORMATION,
    )
    MappaReferralFactory(case=case, status=Referral.Status.ACCEPTED, meeting_due_on=today + timedelta(days=10))
    held = MappaReferralFactory(case=case, status=Referral.Status.ACCEPTED, meeting_due_on=today - timedelta(days=1))
    meeting = MappaMeetingFactory(case=case, referral=held)
    MappaActionFactory(meeting=meeting, description="Share vehicle intelligence", due_on=today - timedelta(days=3))
    MappaActionFactory(meeting=meeting, description="Already done", due_on=today - timedelta(days=3), done_on=today)

    response = _page(client, team["officer"], "supervision:case-detail", case)

    texts = [item.text for item in response.context["open_work"]]
    expected = [
        f"Chase the Children's social care referral to Avonford Children's Services: response was due "
        f"{today - timedelta(days=2):%-d %B %Y}",
        f"Convene the MAPPA level 2 meeting by {today + timedelta(days=10):%-d %B %Y}",
        f"Answer {team['manager'].get_full_name()}'s request for more information on the rejected MAPPA level 2",
        f"MAPPA action for DI Sarah Kent, overdue since {today - timedelta(days=3):%-d %B %Y}: Share vehicle",
    ]
    for text in expected:
        assert any(t.startswith(text) for t in texts), (text, texts)
    assert sum("Convene" in t for t in texts) == 1  # the one already held is not asked for again
    assert not any("Already done" in t for t in texts)
    assert "Share vehicle intelligence" in response.content.decode()


def test_a_mappa_action_shows_in_open_work_while_due_this_week_not_only_once_overdue(client, team):
    case, today = team["case"], timezone.localdate()
    meeting = MappaMeetingFactory(case=case)
    MappaActionFactory(meeting=meeting, description="Check the address", due_on=today + timedelta(days=3))
    MappaActionFactory(meeting=meeting, description="Next month's check", due_on=today + timedelta(days=30))

    items = _page(client, team["officer"], "supervision:case-detail", case).context["open_work"]

    due = [item for item in items if "Check the address" in item.text]
    assert [(item.text.split(":")[0], item.is_urgent) for item in due] == [
        (f"MAPPA action for DI Sarah Kent, due {today + timedelta(days=3):%-d %B %Y}", False)
    ]
    assert not any("Next month's check" in item.text for item in items)


# Query counts -----------------------------------------------------------------------------------------------


def _case_with_mappa_history(size):
    """A case with `size` referrals (each sent, one step each in the history), meetings with overdue
    actions, late responses and a request for more information."""
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    today = timezone.localdate()
    agency = AgencyFactory(name="Query count agency")
    events = []
    for n in range(size):
        referral = ReferralFactory(
            case=case, agency=agency, sent_on=today - timedelta(days=30), response_due_on=today - timedelta(days=n % 3)
        )
        events += [
            ReferralEvent(referral=referral, action=Action.SENT, actor=team["officer"], to_status="SENT"),
            ReferralEvent(referral=referral, action=Action.CHASED, to_status="SENT", reason="Chased."),
        ]
    ReferralEvent.objects.bulk_create(events)
    for _ in range(size // 10):
        referral = RejectedMappaReferralFactory(case=case, agency=agency)
        EscalationFactory(referral=referral, assigned_to=team["manager"], status=Escalation.Status.MORE_INFORMATION)
        meeting = MappaMeetingFactory(case=case, referral=referral)
        MappaActionFactory(meeting=meeting, due_on=today - timedelta(days=1))
    return case


# One bound per page, the same at 10 and at 200: the case layout's (sign-in, scope, identity bar, banner)
# plus the header's unread notification count, plus one query per kind of record the page shows (the overview
# also runs the contact requirements computation, 2 queries when no rule applies).
# Each page also writes its audit row: one INSERT, in a savepoint inside the test's transaction (3).
ALLOCATION_RECORDS = 1  # the chronology's allocation entries (supervision/case_record/allocation.py)
AUDIT_ROW = 4  # the audit row, and whether the case is access-limited (its row is then written first)
# Allegations add one open work source to the overview and five chronology sources' queries; unacceptable absences
# waiting for an enforcement decision add two to the overview's open work (the policy, the absences); recalls one
# of each; management oversight one open work source and at most five chronology queries
# (supervision.case_record.oversight); enforcement decisions one chronology source.
ABSENCE_OPEN_WORK = 2
RECALLS = 1
OVERSIGHT_OPEN_WORK, OVERSIGHT_CHRONOLOGY = 1, 5
ENFORCEMENT = 1
# The overview's compliance summary (supervision.services.compliance): counts, warnings in force, the last contact.
COMPLIANCE_SUMMARY = 3
MAPPA_QUERY_BOUNDS = {
    "mappa:case-referrals": 10 + AUDIT_ROW,
    # One more for supervision's changes to the case.
    "supervision:case-chronology": 16
    + ALLOCATION_RECORDS
    + 1
    + AUDIT_ROW
    + 5
    + RECALLS
    + OVERSIGHT_CHRONOLOGY
    + ENFORCEMENT,
    "supervision:case-detail": 20
    + AUDIT_ROW
    + 1
    + ABSENCE_OPEN_WORK
    + RECALLS
    + OVERSIGHT_OPEN_WORK
    + COMPLIANCE_SUMMARY,
}


@pytest.mark.parametrize("size", [10, 200])
@pytest.mark.parametrize("url_name", sorted(MAPPA_QUERY_BOUNDS))
def test_case_pages_with_referrals_cost_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size, url_name
):
    case = _case_with_mappa_history(size)
    client.force_login(case.responsible_officer)
    with django_assert_max_num_queries(MAPPA_QUERY_BOUNDS[url_name]):
        response = client.get(reverse(url_name, kwargs={"crn": case.crn}))
    assert response.status_code == 200
    if url_name == "supervision:case-chronology":
        assert sum(e.kind == "referrals" for e in response.context["entries"]) == 2 * size
    if url_name == "supervision:case-detail":
        assert len(response.context["open_work"]) >= size // 3 + 2 * (size // 10)
