"""Administrators watch the e-mail outbox and the unrouted work in the admin, and send failed e-mails again."""

import pytest
from django.urls import reverse

from supervision import roles
from supervision.models import OutboxEmail
from supervision.services.outbox import queue_email
from supervision.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)
    client.force_login(user)
    return user


def test_administrators_see_the_outbox_and_the_unrouted_work(client, administrator):
    queue_email("a@example.org", "Caseworks: Home visit overdue", "Body")
    response = client.get(reverse("admin:supervision_outboxemail_changelist"))
    assert response.status_code == 200 and "Caseworks: Home visit overdue" in response.content.decode()
    assert client.get(reverse("admin:supervision_unrouteditem_changelist")).status_code == 200
    assert client.get(reverse("admin:supervision_outboxemail_add")).status_code == 403  # written by services only


def test_a_failed_email_goes_back_to_pending_for_the_next_sweep(client, administrator):
    failed = queue_email("a@example.org", "Subject", "Body")
    OutboxEmail.objects.filter(pk=failed.pk).update(status=OutboxEmail.Status.FAILED, attempts=8)
    sent = queue_email("b@example.org", "Subject", "Body")
    response = client.post(
        reverse("admin:supervision_outboxemail_changelist"),
        {"action": "try_again", "_selected_action": [failed.pk, sent.pk]},
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxEmail.Status.PENDING, 0)
