"""Case records are read-only in the admin for everyone but superusers; workflow fields for everyone."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from supervision import roles
from supervision.tests.factories import CaseFactory, StaffFactory

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


def test_a_superusers_repair_in_the_admin_makes_a_case_page_form_opened_before_it_stale(rf):
    """Before: an admin save left the version alone, so a stale case-page form silently undid the repair."""
    from django.contrib.admin.sites import site

    from caseworks.submissions import StaleEdit
    from supervision.models import KeyIndividual
    from supervision.services.risk import update_key_individual
    from supervision.tests.factories import KeyIndividualFactory

    individual = KeyIndividualFactory(phone="07700 900001")
    opened_at = individual.version
    superuser = StaffFactory(is_superuser=True, is_staff=True)
    request = rf.post("/admin/")
    request.user = superuser
    repaired = KeyIndividual.objects.get(pk=individual.pk)
    repaired.phone = "07700 900002"
    site._registry[KeyIndividual].save_model(request, repaired, form=None, change=True)
    with pytest.raises(StaleEdit):
        update_key_individual(individual, by=StaffFactory(), expected_version=opened_at, phone="07700 900003")
    assert KeyIndividual.objects.get(pk=individual.pk).phone == "07700 900002"
