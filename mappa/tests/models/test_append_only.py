"""Referral events are the audit trail of a referral: on PostgreSQL the application's role cannot rewrite them."""

import pytest
from django.db import DatabaseError, connection, transaction

from mappa.models import ReferralEvent
from mappa.tests.factories import MappaReferralFactory
from supervision import roles
from supervision.tests.factories import StaffFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"),
]


def test_a_referral_event_cannot_be_deleted():
    referral = MappaReferralFactory()
    event = ReferralEvent.objects.create(
        referral=referral,
        to_status=referral.status,
        action=ReferralEvent.Action.CREATED,
        actor=StaffFactory(role=roles.RESPONSIBLE_OFFICER),
    )

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ReferralEvent.objects.filter(pk=event.pk).delete()
