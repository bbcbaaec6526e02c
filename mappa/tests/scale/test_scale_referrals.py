"""mappa's step of `seed_scale` (mappa/scale): referrals valid as the services leave them, with their events."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mappa.models import Referral, ReferralEvent
from mappa.services.escalations import escalate_rejected_referrals
from supervision.scale.sizes import SIZES

pytestmark = pytest.mark.django_db


def test_referrals_follow_their_workflow_and_the_rejections_reach_the_escalation_sweep(settings):
    settings.DEMO_MODE = True
    call_command("seed_scale", size="test", stdout=StringIO(), stderr=StringIO())
    rejected = Referral.objects.mappa().filter(status=Referral.Status.REJECTED)
    assert rejected.count() == SIZES["test"].rejected_mappa_referrals
    assert Referral.objects.exclude(kind__in=Referral.MAPPA_KINDS).exists()
    assert Referral.objects.mappa().filter(status=Referral.Status.ACCEPTED).exists()
    ids = list(Referral.objects.values_list("pk", flat=True))
    for referral in Referral.objects.filter(pk__in=random.Random(2).sample(ids, min(30, len(ids)))):
        referral.full_clean()
    for referral in Referral.objects.prefetch_related("events"):
        events = sorted(referral.events.all(), key=lambda e: (e.happened_at, e.pk))
        assert events[0].action == ReferralEvent.Action.CREATED
        assert events[-1].to_status == referral.status
        assert all(a.to_status == b.from_status for a, b in zip(events, events[1:], strict=False))
    assert Referral.history.count() == Referral.objects.count()
    escalate_rejected_referrals(on=timezone.localdate())
    assert not Referral.objects.rejected_without_escalation().exists()
