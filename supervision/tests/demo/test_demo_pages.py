"""Every page a demo user can reach answers without a server error.

The product as a newcomer first meets it: `seed_demo`, then each demo user signs in and follows every link
from the home page (case pages, tabs, forms, queues, notifications). Unit tests of parts once all passed
while most demo case pages answered 500; this walks the whole demo instead.

To stay well under a minute: every user opens every page outside the cases and the overview of every case
they can see (where the 500s were); each case's tabs and forms, and one page of each kind per case for its
records (a contact, its outcome and amendment forms, a flag's review, ...), are opened by the first user who
reaches them.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from supervision.demo.users import DEMO_USERS
from supervision.models import Case
from supervision.permissions import cases_visible_to

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#?]*)"')
NOT_PAGES = re.compile(r"sign-?out|logout|/static/|/admin/")  # sign-out ends the walk; the admin has its own tests
CASE_SUB_PAGE = re.compile(r"^(/mappa)?/cases/[A-Z]\d{6}/.+")  # a case's tab, form or record, not its overview
RECORD_ID = re.compile(r"/\d+/")
PAGES_PER_USER = 2000  # a guard against a walk that never ends, well above what any demo user reaches
CASE_TABS = (
    "",
    "contacts/",
    "chronology/",
    "licence-conditions/",
    "key-individuals/",
    "risk-flags/",
    "referrals/",
    "oversight/",
)


def reachable_pages(client: Client, opened_by_someone: set, start: list[str]):
    """Yield (url, response) for every page reachable from `start` by following links, breadth first; a case's
    sub-pages of a kind already opened by another user are not opened again."""
    seen, to_visit = set(), list(start)
    while to_visit and len(seen) < PAGES_PER_USER:
        url = to_visit.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if CASE_SUB_PAGE.match(url):
            kind = RECORD_ID.sub("/<id>/", url)
            if kind in opened_by_someone:
                continue
            opened_by_someone.add(kind)
        response = client.get(url, follow=True)
        yield url, response
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            to_visit += [link for link in LINK.findall(response.content.decode()) if not NOT_PAGES.search(link)]


def case_page_url(crn: str, tab: str) -> str:
    return f"/cases/{crn}/{tab}" if tab != "referrals/" else f"/mappa/cases/{crn}/referrals/"


def test_no_page_a_demo_user_can_reach_answers_with_a_server_error(settings, django_user_model):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    # What the worker does first after `make run`: the fresh rejection reaches a queue, with its decision forms.
    call_command("escalate_rejected_referrals", stdout=StringIO())
    failures, missed, opened_by_someone, opened = [], [], set(), set()
    for spec in DEMO_USERS:
        user = django_user_model.objects.get(username=spec.username)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        # Home first, then every case they can see (the caseload pages its list with query strings).
        start = ["/", *(case_page_url(crn, "") for crn in cases_visible_to(user).values_list("crn", flat=True))]
        visited = set()
        for url, response in reachable_pages(client, opened_by_someone, start):
            visited.add(url)
            opened.add(url)
            if response.status_code >= 500:
                failures.append(f"{spec.username} {url} {response.status_code}")
    for crn in Case.objects.values_list("crn", flat=True):
        missed += [f"nobody {case_page_url(crn, tab)}" for tab in CASE_TABS if case_page_url(crn, tab) not in opened]
    assert failures == []
    # Following links from the case pages, someone reached every tab of every case.
    assert missed == []
