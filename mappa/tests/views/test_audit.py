"""The audit of MAPPA pages: a referral, an escalation or a meeting page writes one row naming its record."""

import pytest
from django.urls import reverse

from mappa.tests.factories import MappaMeetingFactory, MappaReferralFactory
from supervision import roles
from supervision.models import AuditEvent
from supervision.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def _only_row():
    rows = list(AuditEvent.objects.all())
    assert len(rows) == 1, rows
    return rows[0]


def test_a_mappa_referral_page_writes_one_view_row_naming_the_referral(client):
    referral = MappaReferralFactory()
    client.force_login(referral.case.responsible_officer)

    assert client.get(reverse("mappa:referral-detail", kwargs={"pk": referral.pk})).status_code == 200

    row = _only_row()
    assert (row.action, row.case_id, row.url_name) == (Action.VIEW, referral.case_id, "mappa:referral-detail")
    assert (row.object_type, row.object_id) == ("mappa.referral", str(referral.pk))


def test_a_mappa_referral_outside_scope_is_recorded_as_refused(client):
    referral = MappaReferralFactory()
    client.force_login(StaffFactory(role=roles.RESPONSIBLE_OFFICER))

    assert client.get(reverse("mappa:referral-detail", kwargs={"pk": referral.pk})).status_code == 404

    row = _only_row()
    assert (row.action, row.object_type, row.object_id) == (Action.REFUSED, "mappa.referral", str(referral.pk))


def test_a_meeting_page_writes_one_view_row_naming_the_meeting(client):
    meeting = MappaMeetingFactory()
    client.force_login(meeting.case.responsible_officer)

    assert client.get(reverse("mappa:meeting-detail", kwargs={"pk": meeting.pk})).status_code == 200

    row = _only_row()
    assert (row.case_id, row.object_type, row.object_id) == (meeting.case_id, "mappa.mappameeting", str(meeting.pk))
