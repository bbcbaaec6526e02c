"""Case records are read-only in the admin for everyone but superusers; workflow fields for everyone."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from mappa.tests.factories import EscalationFactory, ReferralFactory
from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", roles.CASE_ROLES)
def test_a_case_role_given_staff_status_cannot_use_the_admin(client, role):
    case = CaseFactory()
    user = StaffFactory(role=role, is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 403
    assert client.get(reverse("admin:supervision_case_change", args=[case.pk])).status_code == 403
    response = client.post(reverse("admin:supervision_case_change", args=[case.pk]), {"first_name": "Changed"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.first_name != "Changed"


def test_an_escalation_cannot_be_reassigned_in_the_admin_by_a_case_role_with_staff_status(client):
    escalation = EscalationFactory()
    officer = StaffFactory(is_staff=True)
    client.force_login(officer)
    url = reverse("admin:mappa_escalation_change", args=[escalation.pk])
    assert client.post(url, {"assigned_to": officer.pk}).status_code == 403
    escalation.refresh_from_db()
    assert escalation.assigned_to != officer


def test_even_a_model_permission_granted_by_hand_does_not_let_an_administrator_edit_case_records(client):
    administrator = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)
    administrator.user_permissions.add(*Permission.objects.filter(codename__in=["view_case", "change_case"]))
    case = CaseFactory()
    client.force_login(administrator)
    page = client.get(reverse("admin:supervision_case_change", args=[case.pk]))
    assert page.status_code == 200 and 'name="first_name"' not in page.text  # view only
    client.post(reverse("admin:supervision_case_change", args=[case.pk]), {"first_name": "Changed"})
    case.refresh_from_db()
    assert case.first_name != "Changed"


def test_a_referrals_status_and_decision_are_never_edited_in_the_admin_even_by_a_superuser(client):
    referral = ReferralFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:mappa_referral_change", args=[referral.pk])).text
    assert 'name="status"' not in page and 'name="decision"' not in page
