"""Issue 15: after `seed_demo`, each role's first page already shows real work, because the demo ran the
scheduled jobs (overdue contacts, the MAPPA escalation sweep and its step-up) through their services."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mappa.models import Escalation
from supervision.demo.users import DEMO_USERS
from supervision.models import Notification, OutboxEmail, OverdueFlag

pytestmark = pytest.mark.django_db

TAGS = re.compile(r"<[^>]+>")


def page_text(client: Client, url: str) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", TAGS.sub(" ", response.content.decode()))


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def first_of(role: str) -> str:
    return next(user.username for user in DEMO_USERS if user.role == role)


def test_after_seed_demo_the_jobs_have_run_and_each_roles_first_page_shows_live_work(settings):
    # One seeding for every check: seed_demo takes seconds, and each check reads only.
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())

    # The overdue job flagged and told officers; the sweep queued the fresh rejection; the step-up moved the
    # escalation nobody acted on to the Head of Public Protection. All before any worker or beat has started.
    assert OverdueFlag.objects.filter(resolved_at__isnull=True).exists()
    assert Notification.objects.filter(recipient__username="helen.carter", subject__contains="escalation queue")
    stepped_up = Escalation.objects.get(level=Escalation.Level.HEAD_OF_PUBLIC_PROTECTION, status=Escalation.Status.OPEN)
    assert stepped_up.assigned_to.username == "david.okafor"
    assert stepped_up.previous.assigned_to.username == "ruth.penhaligon"
    assert OutboxEmail.objects.exists()  # their e-mails wait in the outbox for the worker

    officer_client = signed_in(first_of("Responsible officer"))
    assert "What needs doing across your caseload" in page_text(officer_client, "/")  # officers land on My work
    officer = page_text(officer_client, reverse("supervision:caseload"))
    assert "My caseload" in officer
    assert re.search(r"Overdue .* overdue by \d+ days?", officer)  # an overdue requirement
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}", officer)  # a booked appointment
    assert re.search(r"Notifications \(\d+\) unread", officer)  # the overdue job told them

    manager = signed_in(first_of("Line manager"))
    assert "Overdue" in page_text(manager, "/")
    queue = page_text(manager, reverse("mappa:queue"))
    assert "Aaron Fenwick" in queue  # the fresh rejection, put in the queue by the sweep

    head = signed_in(first_of("Head of Public Protection"))
    assert re.search(r"Notifications \(\d+\) unread", page_text(head, "/"))
    hopp_queue = page_text(head, reverse("mappa:hopp-queue"))
    assert stepped_up.referral.case.full_name in hopp_queue

    admin = signed_in(first_of("Administrator"))
    index = page_text(admin, "/")
    assert "Outbox e-mails" in index and "Unrouted items" in index
    outbox = page_text(admin, reverse("admin:supervision_outboxemail_changelist"))
    assert re.search(r"\d+ outbox e-mails?", outbox, re.IGNORECASE)

    # The jobs are safe to repeat: seeding again adds no flag, notification or e-mail.
    counts = (OverdueFlag.objects.count(), Notification.objects.count(), OutboxEmail.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (OverdueFlag.objects.count(), Notification.objects.count(), OutboxEmail.objects.count()) == counts
