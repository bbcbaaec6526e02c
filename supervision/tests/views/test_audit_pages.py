"""The audit pages: who may read them, what each reader sees, the date filter, and the audited CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import AuditEvent
from supervision.tests.factories import CaseFactory, StaffFactory

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def _head_of(case):
    return StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION, profile__team=None, profile__region=case.team.pdu.region)


def _event(case, *, username="anna.officer", at=None, **fields):
    return AuditEvent.objects.create(
        username=username,
        action=Action.VIEW,
        is_allowed=True,
        case=case,
        case_crn=case.crn,
        path=f"/cases/{case.crn}/",
        method="GET",
        status_code=200,
        at=at or timezone.now(),
        **fields,
    )


def _case_audit(crn, **query):
    return reverse("supervision:case-audit", kwargs={"crn": crn}) + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def test_an_officer_is_refused_both_pages_and_the_refusal_is_recorded(client, case):
    client.force_login(case.responsible_officer)

    assert client.get(_case_audit(case.crn)).status_code == 403
    assert client.get(reverse("supervision:user-audit") + "?username=anyone").status_code == 403

    assert list(AuditEvent.objects.order_by("pk").values_list("action", "case_id")) == [
        (Action.REFUSED, case.pk),
        (Action.REFUSED, None),
    ]


def test_the_head_of_public_protection_sees_who_has_seen_a_case_in_their_region(client, case):
    _event(case, username="nosy.colleague")
    client.force_login(_head_of(case))

    response = client.get(_case_audit(case.crn))

    assert response.status_code == 200
    assert "nosy.colleague" in response.content.decode()
    seen_at = AuditEvent.objects.get(username="nosy.colleague").at
    assert f"{seen_at:%H:%M:%S}.{seen_at.microsecond // 1000:03d}" in response.content.decode()  # UTC, milliseconds
    assert AuditEvent.objects.filter(action=Action.VIEW, url_name="supervision:case-audit", case=case).count() == 1


def test_the_head_of_public_protection_is_refused_a_case_in_another_region(client, case):
    other_region_case = CaseFactory()
    client.force_login(_head_of(case))

    assert client.get(_case_audit(other_region_case.crn)).status_code == 404
    assert AuditEvent.objects.get(case=other_region_case).action == Action.REFUSED


def test_the_head_of_public_protection_sees_only_their_regions_events_of_a_user(client, case):
    other_region_case = CaseFactory()
    _event(case, username="roaming.officer")
    _event(other_region_case, username="roaming.officer")
    client.force_login(_head_of(case))

    page = client.get(reverse("supervision:user-audit") + "?username=ROAMING.officer").content.decode()

    assert case.crn in page and other_region_case.crn not in page


def test_an_auditor_sees_any_case_nationally_but_no_case_page(client, case):
    _event(case, username="nosy.colleague")
    auditor = StaffFactory(role=roles.AUDITOR, profile__team=None)
    client.force_login(auditor)

    assert "nosy.colleague" in client.get(_case_audit(case.crn)).content.decode()
    assert client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn})).status_code == 403
    page = client.get(reverse("supervision:user-audit") + "?username=nosy.colleague").content.decode()
    assert case.crn in page


def test_the_date_filter_keeps_the_events_of_the_days_asked_for(client, case):
    today = timezone.localdate()
    _event(case, username="old.visit", at=timezone.now() - timedelta(days=40))
    _event(case, username="recent.visit")
    client.force_login(_head_of(case))

    page = client.get(
        _case_audit(case.crn, from_date_0=today.day, from_date_1=today.month, from_date_2=today.year)
    ).content.decode()

    assert "recent.visit" in page and "old.visit" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"from_date_0": 1, "from_date_1": 1, "from_date_2": 1800},
            "The ‘from’ date must be on or after 1 January 1900",
        ),
        ({"to_date_0": 31, "to_date_1": 2, "to_date_2": 2026}, "The ‘to’ date must be a real date"),
        (
            {
                "from_date_0": 2,
                "from_date_1": 1,
                "from_date_2": 2026,
                "to_date_0": 1,
                "to_date_1": 1,
                "to_date_2": 2026,
            },
            "The ‘from’ date must be the same as or before the ‘to’ date",
        ),
    ],
)
def test_a_bad_date_shows_the_error_summary_and_no_events(client, case, query, message):
    _event(case, username="nosy.colleague")
    client.force_login(_head_of(case))

    response = client.get(_case_audit(case.crn, **query))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert "nosy.colleague" not in page


def test_the_pages_are_paginated(client, case):
    for number in range(55):
        _event(case, username=f"reader{number:02d}", at=timezone.now() - timedelta(minutes=number))
    client.force_login(_head_of(case))

    first = client.get(_case_audit(case.crn)).content.decode()
    second = client.get(_case_audit(case.crn, page=2)).content.decode()

    assert "reader00" in first and "reader54" not in first
    assert "reader54" in second and "reader00" not in second


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_case_export_is_audited_and_no_cell_can_be_a_formula(client, case):
    _event(case, username='=HYPERLINK("http://evil.example")', object_type="@SUM(A1)", object_id="-1+1")
    _event(case, username="+cmd")
    head = _head_of(case)
    client.force_login(head)

    response = client.get(reverse("supervision:case-audit-csv", kwargs={"crn": case.crn}))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, *rows = _rows(response)
    assert header[:3] == ["When (UTC)", "Username", "Action"]
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells and "'@SUM(A1)" in cells and "'-1+1" in cells
    assert "'+cmd" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    export = AuditEvent.objects.get(action=Action.EXPORT)
    assert (export.username, export.case_id, export.url_name) == (head.username, case.pk, "supervision:case-audit-csv")


def test_the_user_export_is_audited_and_holds_that_users_events_only(client, case):
    _event(case, username="anna.officer")
    _event(case, username="bob.officer")
    auditor = StaffFactory(role=roles.AUDITOR, profile__team=None)
    client.force_login(auditor)

    response = client.get(reverse("supervision:user-audit-csv") + "?username=anna.officer")

    assert [row[1] for row in _rows(response)[1:]] == ["anna.officer"]
    assert 'filename="audit-anna.officer-' in response["Content-Disposition"]
    export = AuditEvent.objects.get(action=Action.EXPORT)
    assert (export.username, export.object_type, export.object_id) == (auditor.username, "auth.user", "anna.officer")


def test_the_case_overview_links_to_the_audit_only_for_its_readers(client, case):
    url = reverse("supervision:case-detail", kwargs={"crn": case.crn})
    client.force_login(case.responsible_officer)
    assert "Who has seen this case" not in client.get(url).content.decode()
    client.force_login(_head_of(case))
    assert "Who has seen this case" in client.get(url).content.decode()


def test_the_crn_search_goes_to_that_cases_audit(client, case):
    client.force_login(_head_of(case))

    response = client.get(reverse("supervision:user-audit") + f"?crn= {case.crn.lower()} ")

    assert response.status_code == 302 and response["Location"] == _case_audit(case.crn)
