"""Session limits, no caching of signed-in pages, the Content-Security-Policy, and `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory
from django.urls import reverse

from caseworks import security
from supervision.tests.factories import TEST_PASSWORD, StaffFactory

BASE_DIR = Path(__file__).resolve().parents[2]
HOUR = 60 * 60


def _signed_in(client, *, signed_in_ago: float, last_seen_ago: float):
    officer = StaffFactory()
    client.post(reverse("login"), {"username": officer.username, "password": TEST_PASSWORD})
    session = client.session
    now = security.now()
    session[security.SIGNED_IN_AT] = now - signed_in_ago
    session[security.LAST_SEEN_AT] = now - last_seen_ago
    session.save()
    return officer


def test_a_session_is_over_after_thirty_minutes_idle_or_twelve_hours_in_all(settings):
    signed_in = {security.SIGNED_IN_AT: 0, security.LAST_SEEN_AT: 0}
    assert not security.session_has_expired(signed_in, at=29 * 60)
    assert security.session_has_expired(signed_in, at=30 * 60)
    busy = {security.SIGNED_IN_AT: 0, security.LAST_SEEN_AT: 12 * HOUR - 60}
    assert not security.session_has_expired({**busy, security.SIGNED_IN_AT: 60}, at=12 * HOUR)
    assert security.session_has_expired(busy, at=12 * HOUR)


@pytest.mark.django_db
def test_an_idle_session_is_signed_out_on_the_server_and_sent_to_sign_in(client):
    _signed_in(client, signed_in_ago=HOUR, last_seen_ago=31 * 60)
    response = client.get(reverse("supervision:caseload"))
    assert response.url.startswith(reverse("login") + "?next=")
    assert SESSION_KEY not in client.session
    assert "your session ended" in client.get(response.url).text


@pytest.mark.django_db
def test_a_busy_session_still_ends_twelve_hours_after_sign_in(client):
    _signed_in(client, signed_in_ago=12 * HOUR + 1, last_seen_ago=10)
    assert client.get(reverse("supervision:caseload")).url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_request_within_the_limits_keeps_the_session_and_notes_the_time(client):
    _signed_in(client, signed_in_ago=HOUR, last_seen_ago=29 * 60)
    assert client.get(reverse("supervision:caseload")).status_code == 200
    assert security.now() - client.session[security.LAST_SEEN_AT] < 5


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored(client):
    client.force_login(StaffFactory())
    cache_control = client.get(reverse("supervision:caseload"))["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.django_db
def test_the_content_security_policy_allows_only_the_pages_own_nonced_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    scripts = response.text.count("<script")
    assert scripts == response.text.count(f'nonce="{nonce}"') == 2


def test_the_lockout_counts_the_proxys_forwarded_address_only_behind_the_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    settings.SECURE_PROXY_SSL_HEADER = None
    assert security.client_ip(request) == "10.0.0.9"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert security.client_ip(request) == "192.0.2.7"


def test_production_settings_pass_check_deploy_with_no_warnings():
    keep = {"PATH", "HOME", "DATABASE_URL", "LANG"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="caseworks.settings",
        SECRET_KEY="a-production-secret-key-that-is-long-and-random-enough-0123456789",
        ALLOWED_HOSTS="caseworks.example",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_SSL_REDIRECT="true",
        BEHIND_TLS_PROXY="true",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_a_check_with_no_request_has_no_client_to_lock_out_and_falls_through_to_the_password():
    from django.contrib.auth import authenticate

    officer = StaffFactory()
    assert authenticate(username=officer.username, password=TEST_PASSWORD) == officer
    assert authenticate(username=officer.username, password="wrong") is None


@pytest.mark.django_db
def test_failed_sign_ins_are_forgotten_fifteen_minutes_after_the_last(client):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    officer = StaffFactory()
    for _ in range(9):
        client.post(reverse("login"), {"username": officer.username, "password": "guess"})
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    client.post(reverse("login"), {"username": officer.username, "password": "guess"})
    assert AccessAttempt.objects.get().failures_since_start == 1
    response = client.post(reverse("login"), {"username": officer.username, "password": TEST_PASSWORD})
    assert response.url == reverse("home")
