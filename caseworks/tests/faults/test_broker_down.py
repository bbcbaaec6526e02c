"""With the broker down, users' work is saved and answered with a redirect, never a 500 after commit; the
e-mails wait in the outbox and the sweeps catch up once the broker is back."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from caseworks.celery import app
from caseworks.tests.form_client import guards
from mappa.models import Escalation, Referral
from mappa.services.escalations import escalate_rejected_referrals
from mappa.tests.factories import MappaUnitFactory, managed_team
from supervision.models import Contact, OutboxEmail
from supervision.services.outbox import drain_outbox
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory

DEAD_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens, the connection is refused


@pytest.fixture
def broker_down():
    """Point this process's Celery app at a port where no broker answers, then restore it."""
    saved = app.conf.broker_write_url

    def point_at(url):
        app.conf.broker_write_url = url
        app._pool = None
        app.amqp._producer_pool = None

    point_at(DEAD_BROKER)
    yield
    point_at(saved)


def _contact(case):
    when = timezone.localtime() - timedelta(hours=2)
    return {
        "contact_type": HomeVisitTypeFactory().pk,
        "on_0": when.day,
        "on_1": when.month,
        "on_2": when.year,
        "at": when.strftime("%H:%M"),
        "made_by": "RO",
        "police_name": "",
        "made_by_identifier": "",
        "made_by_agency": "",
        "location": "",
        "outcome": "ATTC",
        "notes": "Home visit: present, no concerns.",
        "submission_token": "6b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a12",
    }


@pytest.mark.django_db(transaction=True)
def test_work_recorded_while_the_broker_is_down_is_saved_answered_302_and_its_emails_are_sent_later(
    client, broker_down, caplog
):
    """Before: making, endorsing or rejecting a MAPPA referral answered 500 after the change had committed."""
    team = managed_team()
    case = CaseFactory(responsible_officer=team["officer"], team=team["team"])
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="caseworks.queue"):
        client.force_login(team["officer"])
        url = reverse("mappa:referral-new", args=[case.crn])
        token = client.get(url).context["form"].initial["submission_token"]
        made = client.post(
            url,
            {
                "kind": "MAPPA2",
                "agency": MappaUnitFactory().pk,
                "reason": "Complex risk.",
                "mappa_category": "2",
                "submission_token": token,
            },
        )
        assert made.status_code == 302
        referral = Referral.objects.get()
        assert referral.status == Referral.Status.AWAITING_ENDORSEMENT

        client.force_login(team["manager"])
        endorse = reverse("mappa:referral-endorse", args=[referral.pk])
        endorsed = client.post(endorse, {**guards(client, endorse), "decision": "endorse"})
        assert endorsed.status_code == 302
        referral.refresh_from_db()
        assert referral.status == Referral.Status.SENT

        client.force_login(team["coordinator"])
        decide = reverse("mappa:coordinator-decide", args=[referral.pk])
        rejected = client.post(
            decide, {**guards(client, decide), "decision": "REJ1", "reason": "Communication sufficient."}
        )
        assert rejected.status_code == 302
        referral.refresh_from_db()
        assert referral.status == Referral.Status.REJECTED

        client.force_login(team["officer"])

        recorded = client.post(reverse("supervision:contact-create", kwargs={"crn": case.crn}), _contact(case))
        assert recorded.status_code == 302
        assert Contact.objects.filter(case=case, notes="Home visit: present, no concerns.").count() == 1
    assert "Could not enqueue" in caplog.text  # the failure is logged, not shown to the user

    # Nothing was lost: the e-mails wait in the outbox, the rejection waits for the sweep.
    waiting = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).count()
    assert waiting >= 2 and not Escalation.objects.exists()
    assert escalate_rejected_referrals(on=timezone.localdate()) == 1  # the beat sweep, once the broker is back
    assert drain_outbox()["sent"] == waiting + 1  # and the escalation's own e-mail
    assert len(mail.outbox) == waiting + 1
    assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).exists()
