"""The audit: exactly one row per case-page view, per change and per refused access, with who, where and what."""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from supervision import roles
from supervision.models import AuditEvent, Contact
from supervision.services import audit
from supervision.tests.factories import CaseFactory, HomeVisitTypeFactory, StaffFactory

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def _only_row():
    rows = list(AuditEvent.objects.all())
    assert len(rows) == 1, rows
    return rows[0]


def test_opening_the_case_overview_writes_one_view_row_naming_the_user_page_and_address(client, case):
    officer = case.responsible_officer
    client.force_login(officer)

    response = client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn}) + "?from=caseload")

    assert response.status_code == 200
    row = _only_row()
    assert (row.action, row.is_allowed, row.user_id, row.username) == (Action.VIEW, True, officer.pk, officer.username)
    assert (row.case_id, row.case_crn, row.url_name) == (case.pk, case.crn, "supervision:case-detail")
    assert row.path == f"/cases/{case.crn}/"  # no query string
    assert (row.method, row.status_code, row.address) == ("GET", 200, "127.0.0.1")
    assert row.request_id == response["X-Request-ID"]
    assert timezone.now() - row.at < timedelta(seconds=5)


def test_a_tab_and_a_record_on_it_each_write_one_row_naming_the_record(client, case):
    client.force_login(case.responsible_officer)
    contact = case.contacts.get()

    client.get(reverse("supervision:case-contacts", kwargs={"crn": case.crn}))
    client.get(reverse("supervision:contact-detail", kwargs={"crn": case.crn, "pk": contact.pk}))

    tab, record = AuditEvent.objects.order_by("pk")
    assert (tab.action, tab.url_name, tab.object_type) == (Action.VIEW, "supervision:case-contacts", "")
    assert (record.url_name, record.object_type, record.object_id) == (
        "supervision:contact-detail",
        "contacts",
        str(contact.pk),
    )


def _contact_post():
    when = timezone.localtime() - timedelta(hours=2)
    return {
        "contact_type": HomeVisitTypeFactory().pk,
        "on_0": when.day,
        "on_1": when.month,
        "on_2": when.year,
        "at": when.strftime("%H:%M"),
        "made_by": "POLICE",
        "police_name": "PC Rachel Jones",
        "made_by_identifier": "4471",
        "made_by_agency": "",
        "location": "",
        "outcome": "ATTC",
        "notes": "Police home visit: present, no concerns.",
    }


def test_recording_a_contact_writes_one_change_row_and_a_repeated_post_none(client, case):
    client.force_login(case.responsible_officer)
    url = reverse("supervision:contact-create", kwargs={"crn": case.crn})
    data = {**_contact_post(), "submission_token": "5b1c1f3a-7d0e-4a43-9a3e-1f0c0d1b2a11"}

    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click: the same submission, saved once

    assert Contact.objects.filter(case=case).count() == 2  # the fixture's contact and the new one
    change = AuditEvent.objects.get(action=Action.CHANGE)
    assert (change.method, change.status_code, change.url_name) == ("POST", 302, "supervision:contact-create")
    assert AuditEvent.objects.count() == 1


def test_a_post_with_bad_input_changes_nothing_and_writes_no_change_row(client, case):
    client.force_login(case.responsible_officer)
    url = reverse("supervision:contact-create", kwargs={"crn": case.crn})

    response = client.post(url, {**_contact_post(), "notes": "", "outcome": ""})

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action=Action.CHANGE).exists()


def test_a_case_outside_the_officers_team_is_refused_and_recorded_against_that_case(client, case):
    stranger = StaffFactory(role=roles.RESPONSIBLE_OFFICER)
    client.force_login(stranger)

    response = client.get(reverse("supervision:case-key-individuals", kwargs={"crn": case.crn.lower()}))

    assert response.status_code == 404
    row = _only_row()
    assert (row.action, row.is_allowed, row.username) == (Action.REFUSED, False, stranger.username)
    assert (row.case_id, row.case_crn, row.status_code) == (case.pk, case.crn, 404)


def test_a_user_without_a_case_role_is_refused_and_recorded(client, case):
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    client.force_login(administrator)

    assert client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn})).status_code == 403
    row = _only_row()
    assert (row.action, row.status_code, row.case_id) == (Action.REFUSED, 403, case.pk)


def test_a_crn_that_does_not_exist_is_recorded_as_refused_with_the_crn_asked_for(client, case):
    client.force_login(case.responsible_officer)

    assert client.get("/cases/Z999999/").status_code == 404
    row = _only_row()
    assert (row.action, row.case_id, row.case_crn) == (Action.REFUSED, None, "Z999999")


def test_pages_that_are_not_about_a_case_write_nothing(client, case):
    client.force_login(case.responsible_officer)

    assert client.get(reverse("supervision:caseload")).status_code == 200
    assert client.get(reverse("supervision:notifications")).status_code == 200

    assert not AuditEvent.objects.exists()


def test_the_address_is_the_proxys_forwarded_entry_only_behind_the_tls_proxy(client, case, settings):
    client.force_login(case.responsible_officer)
    url = reverse("supervision:case-detail", kwargs={"crn": case.crn})
    # The client wrote 198.51.100.7 itself; the proxy appended the address it saw, 203.0.113.9.
    forwarded = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9", "REMOTE_ADDR": "10.0.0.2"}

    settings.SECURE_PROXY_SSL_HEADER = None  # BEHIND_TLS_PROXY off
    client.get(url, **forwarded)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # BEHIND_TLS_PROXY on
    client.get(url, **forwarded)

    assert list(AuditEvent.objects.order_by("pk").values_list("address", flat=True)) == ["10.0.0.2", "203.0.113.9"]


def _failing_save(*args, **kwargs):
    raise DatabaseError("the audit table is unavailable")


def test_an_audit_row_that_cannot_be_written_is_logged_and_the_page_still_shown(client, case, monkeypatch, caplog):
    client.force_login(case.responsible_officer)
    monkeypatch.setattr(AuditEvent, "save", _failing_save)

    response = client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn}))

    assert response.status_code == 200
    assert case.last_name in response.content.decode()
    assert "Audit row not written" in caplog.text


def test_a_limited_access_case_is_refused_when_its_audit_row_cannot_be_written(client, case, monkeypatch):
    client.force_login(case.responsible_officer)
    monkeypatch.setattr(type(case), "is_access_limited", True, raising=False)
    monkeypatch.setattr(AuditEvent, "save", _failing_save)

    response = client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn}))

    assert response.status_code == 403
    page = response.content.decode()
    assert case.last_name not in page and case.crn not in page and case.postcode not in page


def test_a_limited_access_case_writes_its_row_before_the_page_runs_and_only_once(client, case, monkeypatch):
    client.force_login(case.responsible_officer)
    monkeypatch.setattr(type(case), "is_access_limited", True, raising=False)
    written_before_the_page = []
    view = audit.mark

    def mark(request, case, obj=None):
        view(request, case, obj)
        written_before_the_page.append(AuditEvent.objects.count())

    monkeypatch.setattr(audit, "mark", mark)

    assert client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn})).status_code == 200

    assert written_before_the_page == [1]
    assert _only_row().action == Action.VIEW


def test_a_case_of_another_team_has_nothing_to_do_with_the_officers_own_rows(client, case):
    other = CaseFactory()
    client.force_login(case.responsible_officer)
    client.get(reverse("supervision:case-detail", kwargs={"crn": case.crn}))
    client.get(reverse("supervision:case-detail", kwargs={"crn": other.crn}))

    rows = dict(AuditEvent.objects.values_list("case_crn", "action"))
    assert rows == {case.crn: Action.VIEW, other.crn: Action.REFUSED}


def test_a_change_to_a_limited_access_case_whose_row_cannot_be_written_answers_with_the_403_page(
    client, case, monkeypatch
):
    client.force_login(case.responsible_officer)
    url = reverse("supervision:contact-create", kwargs={"crn": case.crn})
    data = {**_contact_post(), "submission_token": "0d4f3c52-5c56-4f6e-9a49-0d3c2b1a0f11"}
    monkeypatch.setattr(type(case), "is_access_limited", True, raising=False)
    monkeypatch.setattr(AuditEvent, "save", _failing_save)

    response = client.post(url, data)

    # The post was saved before its row could be written; the answer still names nothing of the case.
    assert response.status_code == 403
    assert case.crn not in response.content.decode() and "Location" not in response
