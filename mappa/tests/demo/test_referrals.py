"""Demo data: the seed case's multi-agency history, and a fresh rejection the job picks up."""

import pytest
from django.core.management import call_command

from mappa.models import Escalation, MappaMeeting, Referral
from mappa.services.escalations import escalate_rejected_referrals
from supervision.demo.users import SEED_CASE_CRN

pytestmark = pytest.mark.django_db


def test_seed_case_history_and_a_fresh_rejection_for_the_job(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    seed = Referral.objects.filter(case__crn=SEED_CASE_CRN)
    assert sorted(seed.values_list("kind", flat=True)) == ["CSC", "MAPPA2", "MARAC"]
    mappa = seed.get(kind="MAPPA2")
    assert mappa.status == Referral.Status.ACCEPTED
    assert [e.resolution for e in mappa.escalations.order_by("pk")] == ["ESCALATED", "DISPUTED"]
    # The MAPPA co-ordinator decided, first and after the dispute meeting; never the officer.
    decisions = mappa.mappa_decisions.order_by("decided_at")
    assert [(d.stage, d.decision, d.decided_by.username) for d in decisions] == [
        ("FIRST", "REJ1", "nadia.ferreira"),
        ("REVISED", "ACC2", "nadia.ferreira"),
    ]
    assert mappa.dispute_meeting.coordinator.username == "nadia.ferreira"
    decided = Referral.objects.filter(status__in=["ACCEPTED", "REJECTED"], kind__in=Referral.MAPPA_KINDS)
    assert set(decided.values_list("mappa_decisions__decided_by__username", flat=True)) == {"nadia.ferreira"}
    # One waits in the co-ordinator's queue, on a case the co-ordinator may see.
    from django.contrib.auth.models import User

    from mappa.permissions import coordinator_queue

    assert coordinator_queue(User.objects.get(username="nadia.ferreira")).count() == 1
    meeting = MappaMeeting.objects.get(case__crn=SEED_CASE_CRN)
    assert meeting.enforcement_decision == MappaMeeting.EnforcementDecision.FINAL_WARNING
    assert meeting.actions.count() == 4
    # seed_demo ran the escalation sweep (issue 15): the fresh rejection is in its manager's queue already,
    # and the sweep has nothing left to do.
    from django.utils import timezone

    assert not Referral.objects.rejected_without_escalation().exists()
    fresh = Referral.objects.get(case__responsible_officer__username="tom.hughes", kind__in=Referral.MAPPA_KINDS)
    assert Escalation.objects.get(referral=fresh).assigned_to.username == "helen.carter"
    assert escalate_rejected_referrals(on=timezone.localdate()) == 0


def test_the_seed_case_history_is_dated_when_each_step_was_taken(settings):
    """The demo passes each step's moment to the services, so the chronology reads as the case study did."""
    from datetime import timedelta

    from django.utils import timezone

    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    mappa = Referral.objects.get(case__crn=SEED_CASE_CRN, kind="MAPPA2")
    released = mappa.case.started_on
    days = [timezone.localdate(e.happened_at) - released for e in mappa.events.all()]
    assert days == sorted(days)
    assert (days[0], days[-1]) == (timedelta(days=71), timedelta(days=85))
    first, revised = mappa.mappa_decisions.order_by("decided_at")
    assert timezone.localdate(first.decided_at) - released == timedelta(days=80)
    assert timezone.localdate(revised.decided_at) - released == timedelta(days=85)
    assert mappa.dispute_meeting.held_on - released == timedelta(days=84)
    assert timezone.localdate(mappa.endorsed_at) - released == timedelta(days=72)
    resolved = [timezone.localdate(e.resolved_at) - released for e in mappa.escalations.order_by("pk")]
    assert resolved == [timedelta(days=82), timedelta(days=84)]
    assert mappa.case.mappa_level == 2  # raised from level 1 by the co-ordinator's revised decision
