"""The unrouted-work page: administrators see every item, a Head of Public Protection their region's; others
may not open it. Marking an item dealt with records who did it."""

from datetime import date

import pytest
from django.urls import reverse

from supervision import roles
from supervision.models import UnroutedItem
from supervision.services.routing import route
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    case = CaseFactory()  # its officer has no line manager and the region no Head of Public Protection
    route(case, on=date(2026, 3, 4), kind=UnroutedItem.Kind.REJECTED_REFERRAL, object_key="referral:7", url="/x/")
    return UnroutedItem.objects.get()


def test_administrators_see_the_unrouted_item_in_a_table_and_in_the_navigation(client, item):
    client.force_login(StaffFactory(role=roles.ADMINISTRATOR))
    response = client.get(reverse("supervision:unrouted"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-table" in body and "Rejected MAPPA referral to escalate" in body and item.case.crn in body
    assert f'href="{reverse("supervision:unrouted")}"' in body  # the navigation link


def test_a_head_of_public_protection_sees_their_regions_items_only(client, item):
    own = StaffFactory(
        role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=item.case.team.pdu.region
    )
    other = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None)
    client.force_login(own)
    assert item.case.crn in client.get(reverse("supervision:unrouted")).content.decode()
    client.force_login(other)
    assert item.case.crn not in client.get(reverse("supervision:unrouted")).content.decode()
    assert client.post(reverse("supervision:unrouted-resolve", args=[item.pk])).status_code == 404


def test_officers_and_line_managers_may_not_open_it(client, item):
    for role in (roles.RESPONSIBLE_OFFICER, roles.LINE_MANAGER):
        client.force_login(StaffFactory(role=role))
        assert client.get(reverse("supervision:unrouted")).status_code == 403


def test_marking_an_item_dealt_with(client, item):
    admin = StaffFactory(role=roles.ADMINISTRATOR)
    client.force_login(admin)
    response = client.post(reverse("supervision:unrouted-resolve", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.resolved_by == admin and item.resolved_at is not None
    assert "All work has reached someone." in client.get(reverse("supervision:unrouted")).content.decode()
