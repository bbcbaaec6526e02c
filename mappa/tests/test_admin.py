"""Referrals, escalations and meetings are case records: read-only in the admin, workflow fields for everyone; the
co-ordinators' decisions are append-only, read-only for everyone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mappa.models import MappaDecision, Referral
from mappa.tests.factories import EscalationFactory, MappaReferralFactory, ReferralFactory
from supervision.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_escalation_cannot_be_reassigned_in_the_admin_by_a_case_role_with_staff_status(client):
    escalation = EscalationFactory()
    officer = StaffFactory(is_staff=True)
    client.force_login(officer)
    url = reverse("admin:mappa_escalation_change", args=[escalation.pk])
    assert client.post(url, {"assigned_to": officer.pk}).status_code == 403
    escalation.refresh_from_db()
    assert escalation.assigned_to != officer


def test_a_referrals_status_and_decision_are_never_edited_in_the_admin_even_by_a_superuser(client):
    referral = ReferralFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:mappa_referral_change", args=[referral.pk])).text
    assert 'name="status"' not in page and 'name="decision"' not in page


def test_a_coordinators_decision_is_append_only_so_even_a_superuser_only_reads_it(client):
    referral = MappaReferralFactory()
    decision = MappaDecision.objects.create(
        referral=referral,
        stage=MappaDecision.Stage.FIRST,
        decision=Referral.Decision.REJECTED_REMAIN_LEVEL_1,
        reason="Level 1 management is sufficient.",
        decided_by=StaffFactory(),
        decided_at=timezone.now(),
    )
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:mappa_mappadecision_change", args=[decision.pk])).text
    assert 'name="reason"' not in page
    assert client.get(reverse("admin:mappa_mappadecision_add")).status_code == 403
    assert (
        client.post(reverse("admin:mappa_mappadecision_delete", args=[decision.pk]), {"post": "yes"}).status_code == 403
    )
