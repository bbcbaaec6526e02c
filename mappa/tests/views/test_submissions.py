"""Every MAPPA form saves once per submission: making a referral, recording a meeting, each referral step and
each escalation decision. A double click, Back then Save, or two simultaneous posts make one record (the
two simultaneous MAPPA referrals used to end in a 500); a post without its token is refused; the same token
with different content is refused with a message, never silently dropped."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from caseworks.submissions import SUBMISSION_REUSED, SUBMISSION_TOKEN_MISSING
from caseworks.tests.form_client import guards
from mappa.models import MappaMeeting, Referral, ReferralEvent
from mappa.tests.factories import (
    EscalationFactory,
    MappaReferralFactory,
    MappaUnitFactory,
    ReferralFactory,
    managed_team,
)
from supervision.models import SubmissionToken
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def _meeting(team):
    held = timezone.localdate() - timedelta(days=1)
    return {
        "held_on_0": held.day,
        "held_on_1": held.month,
        "held_on_2": held.year,
        "level": "2",
        "chair": "DI Kent",
        "attendees": "RO\nPolice",
        "enforcement_decision": "FINAL",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-0-description": "Police to check vehicle use",
        "actions-0-owner_name": "DI Kent",
        "actions-0-due_on_0": "1",
        "actions-0-due_on_1": "1",
        "actions-0-due_on_2": str(held.year + 1),
    }


def _referral(team, **fields):
    return MappaReferralFactory(case=team["case"], **fields)


@dataclass(frozen=True)
class MappaForm:
    """One MAPPA form: its page (made ready by `url`), who sends it, a valid post, the rows a submission adds
    and a field to change."""

    name: str
    url: Callable
    user: str
    data: Callable
    rows: Callable
    changed: dict

    def __str__(self):
        return self.name


def _events():
    return ReferralEvent.objects.count()


FORMS = [
    MappaForm(
        "referral-new",
        lambda team: reverse("mappa:referral-new", args=[team["case"].crn]),
        "officer",
        lambda team: {
            "kind": "MAPPA2",
            "agency": MappaUnitFactory().pk,
            "reason": "Complex risk.",
            "mappa_category": "2",
        },
        lambda: Referral.objects.count(),
        {"reason": "Complex risk, and a new partner."},
    ),
    MappaForm(
        "meeting-new",
        lambda team: reverse("mappa:meeting-new", args=[team["case"].crn]),
        "officer",
        _meeting,
        lambda: MappaMeeting.objects.count(),
        {"actions-0-description": "Police to visit his home"},
    ),
    MappaForm(
        "referral-endorse",
        lambda team: reverse(
            "mappa:referral-endorse", args=[_referral(team, status=Referral.Status.AWAITING_ENDORSEMENT).pk]
        ),
        "manager",
        lambda team: {"decision": "endorse", "rationale": "Agreed."},
        _events,
        {"rationale": "Agreed: level 2 is right."},
    ),
    MappaForm(
        "referral-acknowledge",
        lambda team: reverse("mappa:referral-acknowledge", args=[ReferralFactory(case=team["case"]).pk]),
        "officer",
        lambda team: {
            "acknowledged_on_0": timezone.localdate().day,
            "acknowledged_on_1": timezone.localdate().month,
            "acknowledged_on_2": timezone.localdate().year,
        },
        _events,
        {"acknowledged_on_0": (timezone.localdate() - timedelta(days=1)).day},
    ),
    MappaForm(
        "referral-response",
        lambda team: reverse("mappa:referral-response", args=[ReferralFactory(case=team["case"]).pk]),
        "officer",
        lambda team: {"response": "Assessment opened.", "responded_by_name": "Front door"},
        _events,
        {"response": "Assessment opened; social worker allocated."},
    ),
    MappaForm(
        "coordinator-acknowledge",
        lambda team: reverse("mappa:coordinator-acknowledge", args=[_referral(team).pk]),
        "coordinator",
        lambda team: {},
        _events,
        {"anything": "else"},
    ),
    MappaForm(
        "coordinator-ask",
        lambda team: reverse("mappa:coordinator-ask", args=[_referral(team).pk]),
        "coordinator",
        lambda team: {"question": "Any police call-outs?"},
        _events,
        {"question": "Any police call-outs since May?"},
    ),
    MappaForm(
        "coordinator-decide",
        lambda team: reverse("mappa:coordinator-decide", args=[_referral(team).pk]),
        "coordinator",
        lambda team: {"decision": "REJ1", "reason": "Communication sufficient."},
        _events,
        {"reason": "Level 1 management is enough."},
    ),
    MappaForm(
        "referral-answer",
        lambda team: reverse(
            "mappa:referral-answer", args=[_referral(team, status=Referral.Status.AWAITING_INFORMATION).pk]
        ),
        "officer",
        lambda team: {"information": "Two call-outs in May."},
        _events,
        {"information": "Two call-outs in May, one in June."},
    ),
    MappaForm(
        "referral-withdraw",
        lambda team: reverse("mappa:referral-withdraw", args=[_referral(team).pk]),
        "officer",
        lambda team: {"rationale": "Sent in error."},
        _events,
        {"rationale": "Duplicate of another referral."},
    ),
    MappaForm(
        "escalation-decision",
        lambda team: reverse(
            "mappa:escalation-detail",
            args=[EscalationFactory(referral__case=team["case"], assigned_to=team["manager"]).pk],
        ),
        "manager",
        lambda team: {"action": "accept", "rationale": "Agreed."},
        _events,
        {"rationale": "Agreed, on reflection."},
    ),
    MappaForm(
        "escalation-dispute",
        lambda team: reverse(
            "mappa:escalation-detail",
            args=[EscalationFactory(referral__case=team["case"], assigned_to=team["head"], level="HOPP").pk],
        ),
        "head",
        lambda team: {
            "action": "dispute",
            "rationale": "Needs MAPPA.",
            "held_on_0": timezone.localdate().day,
            "held_on_1": timezone.localdate().month,
            "held_on_2": timezone.localdate().year,
            "coordinator": team["coordinator"].mappa_coordinator.pk,
            "attendees": "Head of Public Protection, MAPPA co-ordinator",
            "considered": "The conflicting accounts.",
        },
        _events,
        {"considered": "The conflicting accounts and the intelligence."},
    ),
    MappaForm(
        "escalation-answer",
        lambda team: reverse(
            "mappa:escalation-answer",
            args=[EscalationFactory(referral__case=team["case"], assigned_to=team["manager"], status="INFO").pk],
        ),
        "officer",
        lambda team: {"rationale": "Police intelligence attached."},
        _events,
        {"rationale": "Police intelligence and the school's report attached."},
    ),
]


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_a_double_click_saves_once_and_both_posts_land_on_the_same_page(client, team, form):
    url = form.url(team)
    client.force_login(team[form.user])
    before = form.rows()
    data = {**guards(client, url), **form.data(team)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302, first.context["form"].errors
    assert second.status_code == 302 and second.url == first.url
    assert form.rows() > before
    assert SubmissionToken.objects.count() == 1
    after = form.rows()
    client.post(url, data)  # Back, then Save again
    assert form.rows() == after


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_a_post_without_its_token_is_refused_and_saves_nothing(client, team, form):
    url = form.url(team)
    client.force_login(team[form.user])
    before = form.rows()
    response = client.post(url, {**form.data(team), "submission_token": ""})
    assert response.status_code == 200
    assert SUBMISSION_TOKEN_MISSING in response.text
    assert form.rows() == before


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_the_same_form_sent_again_with_different_content_is_refused_not_dropped(client, team, form):
    url = form.url(team)
    client.force_login(team[form.user])
    data = {**guards(client, url), **form.data(team)}
    assert client.post(url, data, follow=True).status_code == 200
    after_first = form.rows()
    response = client.post(url, {**data, **form.changed})
    assert response.status_code == 200
    assert SUBMISSION_REUSED in response.text
    assert form.rows() == after_first


@pytest.mark.parametrize("form", FORMS, ids=str)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_save_once_and_neither_fails(team, form):
    url = form.url(team)
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(team[form.user])
    data = {**guards(clients[0], url), **form.data(team)}
    before = form.rows()
    start = threading.Barrier(2)
    statuses = []

    def post(each):
        try:
            start.wait()
            statuses.append(each.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert form.rows() > before
    assert SubmissionToken.objects.count() == 1
