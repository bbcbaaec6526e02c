"""Referral pages: each step for the right person, 404 outside their access, 403 for the wrong role, only the
steps the referral allows now, on the case layout."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caseworks.errors import InvalidTransition
from mappa.models import Escalation, Referral
from mappa.services import referrals
from mappa.tests.factories import (
    AgencyFactory,
    EscalationFactory,
    MappaReferralFactory,
    MappaUnitFactory,
    ReferralFactory,
    RejectedMappaReferralFactory,
    managed_team,
)
from supervision import roles
from supervision.tests.factories import AcuteRiskFactorFactory, CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = managed_team()
    people["case"] = CaseFactory(responsible_officer=people["officer"], team=people["team"])
    return people


def test_case_referrals_page_shows_late_referrals_and_is_404_for_another_team(client, team):
    from mappa.tests.factories import ReferralFactory

    ReferralFactory(
        case=team["case"],
        sent_on=timezone.localdate() - timedelta(days=20),
        response_due_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(team["officer"])
    url = reverse("mappa:case-referrals", args=[team["case"].crn])
    response = client.get(url)
    assert response.status_code == 200
    assert "Late" in response.content.decode()
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 404


def test_making_a_mappa_referral_through_the_form(client, team):
    client.force_login(team["officer"])
    unit = MappaUnitFactory()
    url = reverse("mappa:referral-new", args=[team["case"].crn])
    page = client.get(url)
    token = page.context["form"].initial["submission_token"]
    data = {
        "kind": "MAPPA2",
        "agency": unit.pk,
        "reason": "Complex risk.",
        "mappa_category": "2",
        "submission_token": token,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    client.post(url, data)  # double submit
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.AWAITING_ENDORSEMENT


def test_bad_input_saves_nothing_and_shows_the_error_summary(client, team):
    client.force_login(team["officer"])
    url = reverse("mappa:referral-new", args=[team["case"].crn])
    token = client.get(url).context["form"].initial["submission_token"]
    response = client.post(
        url, {"kind": "MAPPA3", "agency": AgencyFactory().pk, "reason": "", "submission_token": token}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter what level 2 cannot deliver" in body
    assert "Send a MAPPA referral to the MAPPA unit" in body
    assert not Referral.objects.exists()


def test_only_a_line_manager_other_than_the_referrer_may_endorse(client, team):
    referral = MappaReferralFactory(case=team["case"], status=Referral.Status.AWAITING_ENDORSEMENT)
    url = reverse("mappa:referral-endorse", args=[referral.pk])
    client.force_login(team["officer"])
    assert client.post(url, {"decision": "endorse"}).status_code == 403
    client.force_login(StaffFactory(role=roles.LINE_MANAGER))  # another team
    assert client.post(url, {"decision": "endorse"}).status_code == 404
    client.force_login(team["manager"])
    assert client.post(url, {"decision": "endorse"}).status_code == 302
    assert Referral.objects.get().status == Referral.Status.SENT


def test_the_officer_is_refused_the_mappa_units_decision_on_their_own_referral(client, team):
    """The officer has an interest in the outcome: the decision page is not theirs (403), whatever they post."""
    referral = MappaReferralFactory(case=team["case"])
    client.force_login(team["officer"])
    response = client.post(
        reverse("mappa:referral-response", args=[referral.pk]), {"decision": "REJ1", "reason": "Sufficient."}
    )
    assert response.status_code == 403
    assert Referral.objects.get().status == Referral.Status.SENT


def test_posting_a_decision_again_cannot_accept_a_rejected_referral(client, team):
    """The bug as a user saw it: the decision form posted again on a rejected referral accepted it and raised
    the case to MAPPA level 2, past the line manager and the Head of Public Protection. Now the co-ordinator's
    form is refused the same way."""
    case = team["case"]
    case.mappa_category = case.mappa_level = None
    case.save()
    escalation = EscalationFactory(referral__case=case, assigned_to=team["manager"])
    referral = escalation.referral
    client.force_login(team["coordinator"])
    response = client.post(
        reverse("mappa:coordinator-decide", args=[referral.pk]), {"decision": "ACC2", "reason": "Changed our minds."}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and InvalidTransition.MESSAGE.replace("'", "&#x27;") in body
    referral.refresh_from_db()
    case.refresh_from_db()
    assert referral.status == Referral.Status.REJECTED
    assert case.mappa_level is None
    assert referral.events.count() == 0
    assert Escalation.objects.get().status == Escalation.Status.OPEN


def test_the_referral_page_offers_only_the_steps_the_user_may_take_now(client, team):
    referral = RejectedMappaReferralFactory(case=team["case"])
    client.force_login(team["officer"])
    body = client.get(reverse("mappa:referral-detail", args=[referral.pk])).content.decode()
    assert reverse("mappa:referral-response", args=[referral.pk]) not in body
    assert reverse("mappa:referral-withdraw", args=[referral.pk]) not in body
    sent = MappaReferralFactory(case=team["case"])
    body = client.get(reverse("mappa:referral-detail", args=[sent.pk])).content.decode()
    assert reverse("mappa:referral-withdraw", args=[sent.pk]) in body
    for url_name in ("mappa:referral-acknowledge", "mappa:referral-response", "mappa:referral-endorse"):
        assert reverse(url_name, args=[sent.pk]) not in body  # the unit's steps are the co-ordinator's
    other = AgencyFactory()
    answered_here = ReferralFactory(case=team["case"], agency=other)
    body = client.get(reverse("mappa:referral-detail", args=[answered_here.pk])).content.decode()
    for url_name in ("mappa:referral-acknowledge", "mappa:referral-response", "mappa:referral-withdraw"):
        assert reverse(url_name, args=[answered_here.pk]) in body


def test_a_step_page_for_a_referral_that_has_moved_on_says_so(client, team):
    referral = RejectedMappaReferralFactory(case=team["case"])
    client.force_login(team["officer"])
    response = client.get(reverse("mappa:referral-withdraw", args=[referral.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mappa:referral-detail", args=[referral.pk])
    assert InvalidTransition.MESSAGE in [str(m) for m in response.context["messages"]]


def test_a_step_the_users_role_may_not_take_is_403_whatever_the_state(client, team):
    referral = RejectedMappaReferralFactory(case=team["case"])
    client.force_login(team["head"])
    assert client.post(reverse("mappa:referral-withdraw", args=[referral.pk]), {"rationale": "x"}).status_code == 403
    client.force_login(team["officer"])
    assert client.get(reverse("mappa:referral-endorse", args=[referral.pk])).status_code == 403


def test_referral_pages_show_the_case_layout_with_the_acute_risk_banner(client, team):
    AcuteRiskFactorFactory(case=team["case"])
    referral = MappaReferralFactory(case=team["case"])
    client.force_login(team["officer"])
    for url in (
        reverse("mappa:referral-new", args=[team["case"].crn]),
        reverse("mappa:referral-detail", args=[referral.pk]),
        reverse("mappa:referral-withdraw", args=[referral.pk]),
    ):
        body = client.get(url).content.decode()
        assert "moj-identity-bar" in body and "app-acute-risk-banner" in body, url


def test_a_rule_the_service_checks_is_shown_on_its_field(client, team):
    referral = MappaReferralFactory(case=team["case"], status=Referral.Status.AWAITING_ENDORSEMENT)
    client.force_login(team["manager"])
    response = client.post(reverse("mappa:referral-endorse", args=[referral.pk]), {"decision": "return"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"rationale": [referrals.RETURN_NEEDS_A_REASON]}
    assert Referral.objects.get().status == Referral.Status.AWAITING_ENDORSEMENT
