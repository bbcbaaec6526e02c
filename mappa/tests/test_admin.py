"""Referrals, escalations and meetings are case records: read-only in the admin, workflow fields for everyone."""

import pytest
from django.urls import reverse

from mappa.tests.factories import EscalationFactory, ReferralFactory
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
