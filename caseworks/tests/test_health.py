"""/healthz and /readyz (caseworks/health.py): JSON, open without signing in, no personal data."""

import pytest
from django.db import OperationalError, connections

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_signing_in_or_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_says_ready_when_the_database_and_the_broker_answer(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/6"

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_readyz_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "broker": "unavailable"}}


def test_readyz_is_503_when_the_database_is_down(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/6"

    def refused(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed: Connection refused')

    monkeypatch.setattr(connections["default"], "cursor", refused)
    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "unavailable", "checks": {"database": "unavailable", "broker": "ok"}}
    assert "db.internal" not in response.content.decode()


def test_health_endpoints_take_no_post(client):
    assert client.post("/healthz").status_code == 405
