"""mappa's figures and trend on the line manager's dashboard: escalations awaiting the manager by due status, and
referrals awaiting a response or the manager's endorsement, on the team's cases only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.dashboard_figures import open_escalations_weekly
from mappa.models import Escalation, Referral
from mappa.tests.factories import EscalationFactory, ReferralFactory, RejectedMappaReferralFactory
from supervision.dashboards import FIGURES, count_figures
from supervision.dashboards.trends import week_ends
from supervision.tests.dashboards.world import build_team
from supervision.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _escalation(case, manager, *, due_in_days, **fields):
    return EscalationFactory(
        referral=RejectedMappaReferralFactory(case=case),
        assigned_to=manager,
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        **fields,
    )


@pytest.fixture
def world():
    world = build_team(officers=1, cases_each=3, with_work=False)
    manager, (first, second, third) = world["manager"], world["cases"]
    _escalation(first, manager, due_in_days=-2)
    _escalation(second, manager, due_in_days=0)
    _escalation(third, manager, due_in_days=7)
    _escalation(CaseFactory(responsible_officer=world["officers"][0]), manager, due_in_days=8)
    ReferralFactory(case=first)  # sent three days ago, due in eleven
    ReferralFactory(case=second, sent_on=timezone.localdate() - timedelta(days=30))  # late
    ReferralFactory(case=third, status=Referral.Status.RESPONDED)
    ReferralFactory(case=first, status=Referral.Status.AWAITING_ENDORSEMENT, sent_on=None)
    ReferralFactory(
        case=second, status=Referral.Status.AWAITING_ENDORSEMENT, sent_on=None, created_by=manager
    )  # their own: someone else endorses it
    # Another team's escalation and referral: not this manager's.
    elsewhere = build_team(officers=1, cases_each=1, with_work=False)
    _escalation(elsewhere["cases"][0], elsewhere["manager"], due_in_days=-1)
    ReferralFactory(case=elsewhere["cases"][0])
    return world


def test_escalations_awaiting_the_manager_are_counted_by_due_status(world):
    counts = count_figures(FIGURES, user=world["manager"], on=world["on"])
    assert counts["escalations-overdue"] == 1
    assert counts["escalations-due-soon"] == 2  # today and in 7 days
    assert counts["escalations-due-later"] == 1


def test_closed_escalations_are_not_awaiting_anyone(world):
    Escalation.objects.filter(due_on__lt=world["on"]).update(
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.REJECTION_ACCEPTED,
        resolved_at=timezone.now(),
        resolved_by=world["manager"],
        rationale="Accepted.",
    )
    counts = count_figures(FIGURES, user=world["manager"], on=world["on"])
    assert counts["escalations-overdue"] == 0


def test_referrals_awaiting_a_response_and_endorsement_are_counted(world):
    counts = count_figures(FIGURES, user=world["manager"], on=world["on"])
    assert counts["referrals-awaiting-response"] == 2
    assert counts["referrals-late"] == 1
    assert counts["referrals-awaiting-endorsement"] == 1


def test_each_mappa_figure_is_the_count_of_its_list_page(client, world):
    client.force_login(world["manager"])
    page = client.get(reverse("supervision:dashboard"))
    shown = {item["figure"].key: item for s in page.context["sections"] for item in s.figures}
    for key in ("escalations-overdue", "escalations-due-soon", "escalations-due-later", "referrals-late",
                "referrals-awaiting-response", "referrals-awaiting-endorsement"):  # fmt: skip
        listed = client.get(shown[key]["url"])
        assert listed.context["page"].paginator.count == shown[key]["count"] > 0, key
    response = client.get(shown["escalations-overdue"]["url"])
    row = response.context["table"][0]
    escalation = Escalation.objects.get(referral__case=world["cases"][0])
    assert row[0]["url"] == reverse("mappa:escalation-detail", kwargs={"pk": escalation.pk})


def test_open_escalations_week_by_week_count_those_open_at_each_weeks_end(world):
    on = world["on"]
    escalations = Escalation.objects.filter(referral__case__team=world["team"]).order_by("pk")
    # Made five weeks ago; one closed two weeks ago.
    escalations.update(created_at=timezone.now() - timedelta(days=35))
    closed = escalations.first()
    Escalation.objects.filter(pk=closed.pk).update(
        status=Escalation.Status.CLOSED,
        resolution=Escalation.Resolution.REJECTION_ACCEPTED,
        resolved_at=timezone.now() - timedelta(days=14),
        resolved_by=world["manager"],
        rationale="Accepted.",
    )
    days = week_ends(on)
    weekly = open_escalations_weekly(world["manager"], days)
    assert len(weekly) == 12
    # Weeks end 11, 10, ... 1 and 0 weeks ago: made in the week ending five weeks ago, one closed in the week
    # ending two weeks ago.
    assert weekly == [0] * 6 + [4, 4, 4] + [3, 3, 3]


@pytest.mark.parametrize("size", [1, 5])
def test_the_escalation_and_referral_lists_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    world = build_team(officers=1, cases_each=size, with_work=False)
    for case in world["cases"]:
        _escalation(case, world["manager"], due_in_days=-1)
        ReferralFactory(case=case)
    client.force_login(world["manager"])
    for key in ("escalations-overdue", "referrals-awaiting-response"):
        with django_assert_max_num_queries(7):
            response = client.get(reverse("supervision:dashboard-list", kwargs={"key": key}))
        assert response.context["page"].paginator.count == size
