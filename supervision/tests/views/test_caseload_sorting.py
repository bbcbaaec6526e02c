"""The caseload sorts and pages in the query: a column's order covers the whole caseload, not one page; only
the page's cases get their contact summary; the cost is the same at any size."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import Case
from supervision.tests.factories import CaseFactory, ContactFactory, StaffFactory
from supervision.views.caseload import PAGE_SIZE

pytestmark = pytest.mark.django_db


def _names(response):
    return [case.last_name for case in response.context["page"].object_list]


def _caseload(officer, size):
    ranks = list(Case.RoSH.values)
    return [
        CaseFactory(responsible_officer=officer, last_name=f"Person{n:03d}", rosh=ranks[n % len(ranks)])
        for n in range(size)
    ]


def test_sorting_by_rosh_orders_the_whole_caseload_before_paging(client):
    officer = StaffFactory()
    _caseload(officer, PAGE_SIZE + 10)
    client.force_login(officer)
    url = reverse("supervision:caseload")
    first = client.get(url, {"sort": "rosh", "order": "descending"})
    page = first.context["page"]
    assert page.paginator.count == PAGE_SIZE + 10
    # Very high RoSH first across the whole caseload: 15 very high cases, all on page 1, in name order.
    assert [case.rosh for case in page.object_list[:15]] == [Case.RoSH.VERY_HIGH] * 15
    assert _names(first)[:2] == ["Person003", "Person007"]
    last = client.get(url, {"sort": "rosh", "order": "descending", "page": 2})
    assert {case.rosh for case in last.context["page"].object_list} == {Case.RoSH.LOW}
    ascending = client.get(url, {"sort": "rosh"})
    assert {case.rosh for case in ascending.context["page"].object_list[:15]} == {Case.RoSH.LOW}


def test_the_headings_are_links_that_sort_and_say_which_column_is_sorted(client):
    officer = StaffFactory()
    _caseload(officer, 3)
    client.force_login(officer)
    response = client.get(reverse("supervision:caseload"), {"sort": "name", "order": "descending", "rosh": "HIGH"})
    headers = {header["key"]: header for header in response.context["sort_headers"]}
    assert headers["name"]["aria_sort"] == "descending"
    assert headers["name"]["url"] == "?rosh=HIGH&sort=name&order=ascending"  # the current column reverses
    assert headers["tier"]["aria_sort"] == "none"
    assert headers["tier"]["url"] == "?rosh=HIGH&sort=tier&order=ascending"
    assert "officer" not in headers  # an officer's own caseload has no officer column
    assert 'aria-sort="descending"><a class="govuk-link govuk-link--no-visited-state app-sort-link"' in response.text
    assert "moj-sortable-table" not in response.text  # nothing re-sorts one page in the browser
    assert _names(response) == ["Person002"]


def test_sorting_by_last_contact_puts_the_longest_unseen_first_and_never_seen_last(client):
    officer = StaffFactory()
    recent, old, never = _caseload(officer, 3)
    ContactFactory(case=recent, starts_at=timezone.now() - timedelta(days=1))
    ContactFactory(case=old, starts_at=timezone.now() - timedelta(days=20))
    client.force_login(officer)
    response = client.get(reverse("supervision:caseload"), {"sort": "last-contact"})
    assert [case.pk for case in response.context["page"].object_list] == [old.pk, recent.pk, never.pk]
    assert response.context["page"].object_list[0].last_contact_at is not None


def test_an_unknown_sort_falls_back_to_name_order(client):
    officer = StaffFactory()
    _caseload(officer, 3)
    client.force_login(officer)
    response = client.get(reverse("supervision:caseload"), {"sort": "password", "order": "sideways"})
    assert response.status_code == 200
    assert _names(response) == ["Person000", "Person001", "Person002"]


def test_the_page_links_keep_the_sort(client):
    officer = StaffFactory()
    _caseload(officer, PAGE_SIZE + 1)
    client.force_login(officer)
    response = client.get(reverse("supervision:caseload"), {"sort": "tier", "order": "descending"})
    assert 'href="?sort=tier&amp;order=descending&amp;page=2"' in response.text


@pytest.mark.parametrize("size", [5, PAGE_SIZE + 30])
def test_sorting_by_an_aggregate_costs_the_same_at_any_size(client, django_assert_max_num_queries, size):
    officer = StaffFactory()
    for case in _caseload(officer, size):
        ContactFactory(case=case)
    client.force_login(officer)
    # Sign-in and scope (4), count, ids, page rows, flags (4), notifications (1), past end date (1), the
    # contact requirement computation with no rules in force.
    with django_assert_max_num_queries(20):
        response = client.get(reverse("supervision:caseload"), {"sort": "last-home-visit", "order": "descending"})
    assert len(response.context["page"].object_list) == min(size, PAGE_SIZE)


def test_a_head_of_public_protection_sees_the_region_caseload_under_its_own_heading(client):
    case = CaseFactory()
    head = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=case.team.pdu.region)
    client.force_login(head)
    response = client.get(reverse("supervision:caseload"))
    assert response.context["heading"] == f"Region caseload: {case.team.pdu.region.name}"
    assert "Team caseload" not in response.text
    manager = StaffFactory(role=roles.LINE_MANAGER, profile__team=case.team)
    client.force_login(manager)
    assert client.get(reverse("supervision:caseload")).context["heading"] == "Team caseload"
