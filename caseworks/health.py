"""Health endpoints for the load balancer and the orchestrator, as JSON, open without signing in.

`/healthz` says the process is up and answering: no database or broker, so a database outage does not get every
web process restarted. `/readyz` says whether this process can serve users: the database answers a query and
the Celery broker accepts a connection; 503 when either does not, so traffic goes elsewhere until it does.
Neither says anything about people, cases or configuration: only "ok" or "unavailable" per dependency.
"""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger(__name__)

# Seconds to wait for the broker. A probe that hangs is worse than one that fails: the orchestrator's own timeout
# would mark the process dead rather than not ready.
BROKER_TIMEOUT = 2


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_broker() -> None:
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    with Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=BROKER_TIMEOUT) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)


CHECKS = {"database": check_database, "broker": check_broker}


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # whatever the failure (refused, timed out, bad credentials), it is "not ready"
            # The exception's class only: its text can name hosts and users of the database.
            logger.warning("Not ready: the %s check failed (%s)", name, type(error).__name__)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else 503)
