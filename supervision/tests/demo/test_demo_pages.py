"""Every page a demo user can reach answers without a server error.

The product as a newcomer first meets it: `seed_demo`, then each demo user signs in and follows every link
from the home page (case pages, tabs, forms, queues, notifications). Unit tests of parts once all passed
while most demo case pages answered 500; this walks the whole demo instead.
"""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from supervision.demo.users import DEMO_USERS

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#?]*)"')
NOT_PAGES = re.compile(r"sign-?out|logout|/static/|/admin/")  # sign-out ends the walk; the admin has its own tests
PAGES_PER_USER = 250


def reachable_pages(client: Client):
    """Yield (url, response) for every page reachable from "/" by following links, breadth first."""
    seen, to_visit = set(), ["/"]
    while to_visit and len(seen) < PAGES_PER_USER:
        url = to_visit.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        yield url, response
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            to_visit += [link for link in LINK.findall(response.content.decode()) if not NOT_PAGES.search(link)]


def test_no_page_a_demo_user_can_reach_answers_with_a_server_error(settings, django_user_model):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    failures, visited = [], 0
    for spec in DEMO_USERS:
        client = Client(raise_request_exception=False)
        client.force_login(django_user_model.objects.get(username=spec.username))
        for url, response in reachable_pages(client):
            visited += 1
            if response.status_code >= 500:
                failures.append(f"{spec.username} {url} {response.status_code}")
    assert failures == []
    assert visited > 100 * len([spec for spec in DEMO_USERS if spec.team])  # the walk really reached case pages
