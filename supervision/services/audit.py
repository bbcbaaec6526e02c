"""Writing the audit: which request saw, changed, exported or was refused which case.

The case lookups (`supervision.views.base.case_page`, mappa's `referral_for`, ...) mark the request with what
they are about to fetch (`mark_attempt`) and with what they fetched (`mark`); `supervision.middleware.AuditMiddleware`
writes one row once the response is known:

- a 2xx answer to GET or HEAD is a view (an `export` when the view said so with `mark_export`);
- a redirect after a POST is a change (not when the post repeated one already saved: `mark_unchanged`);
- a 403 or 404 on a marked request is a refused access, with the CRN or id taken from the URL.

A request nobody marked (the caseload, the sign-in page) writes nothing. Auditing never turns a page into a 500:
a row that cannot be written is logged and the page is sent, except for a case whose access is limited, where
the row is written in the lookup, before the view runs, and the request is refused if it cannot be.
"""

import ipaddress
import logging

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from caseworks.security import client_ip
from supervision.models import AuditEvent, Case

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
REFUSED_STATUSES = (403, 404)


def client_address(request) -> str | None:
    """The address the lockout counts by (`caseworks.security.client_ip`): REMOTE_ADDR, or behind the TLS proxy the
    proxy's own X-Forwarded-For entry. Not the first hop: a client writes that itself, and the audit would record
    whatever address it chose."""
    address = client_ip(request)
    return address if _is_ip(address) else None


def _is_ip(address) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def object_reference(obj) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def mark_attempt(request, *, crn: str = "", object_type: str = "", object_id="") -> None:
    """Called before a lookup: what the request asks for, so a refusal (403 or 404) is recorded against it."""
    request.audit_target = {"crn": (crn or "").upper()[:20], "object_type": object_type, "object_id": str(object_id)}


def mark(request, case, obj=None) -> None:
    """Called when a lookup has fetched the case (and the record on it) the page is about.

    For a case whose access is limited, the row is written now, before anything of the case is shown; if it
    cannot be written the request is refused (403) and the page never runs."""
    request.audit_case = case
    if obj is not None:
        request.audit_object = object_reference(obj)
    if getattr(case, "is_access_limited", False) and request.method in SAFE_METHODS:
        if not record(event_for(request, status_code=200)):
            request.audit_failed = True
            raise PermissionDenied
        request.audit_recorded = True


def mark_export(request) -> None:
    request.audit_action = AuditEvent.Action.EXPORT


def mark_unchanged(request) -> None:
    """The post repeated a submission already saved: it redirects as the first did, but changed nothing."""
    request.audit_unchanged = True


def _action(request, status_code: int) -> str | None:
    if status_code in REFUSED_STATUSES:
        return AuditEvent.Action.REFUSED
    if request.method in SAFE_METHODS and 200 <= status_code < 300:
        return getattr(request, "audit_action", AuditEvent.Action.VIEW)
    if request.method == "POST" and 300 <= status_code < 400 and not getattr(request, "audit_unchanged", False):
        return AuditEvent.Action.CHANGE
    return None


def event_for(request, *, status_code: int) -> AuditEvent | None:
    """The row this request's answer calls for, unsaved; None when it calls for none."""
    if getattr(request, "audit_recorded", False) or getattr(request, "audit_failed", False):
        return None
    case = getattr(request, "audit_case", None)
    target = getattr(request, "audit_target", None)
    if case is None and target is None:
        return None
    action = _action(request, status_code)
    if action is None:
        return None
    target = target or {}
    match = request.resolver_match
    object_type, object_id = getattr(request, "audit_object", None) or _object_in_url(match, target)
    user = request.user if request.user.is_authenticated else None
    return AuditEvent(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        is_allowed=action != AuditEvent.Action.REFUSED,
        case=case,
        case_crn=case.crn if case is not None else target.get("crn", ""),
        object_type=object_type,
        object_id=object_id,
        url_name=(match.view_name if match else "")[:200],
        path=request.path[:2000],
        method=request.method[:10],
        status_code=status_code,
        address=client_address(request),
        request_id=getattr(request, "request_id", ""),
    )


def _object_in_url(match, target: dict) -> tuple[str, str]:
    """The record a case page is about when its lookup did not say: the URL's `pk`, named by the path segment
    before it ("contacts" in cases/<crn>/contacts/<pk>/)."""
    if target.get("object_type"):
        return target["object_type"], target.get("object_id", "")
    if match is None or "pk" not in match.kwargs:
        return "", ""
    segments = match.route.split("/")
    named = next((segments[i - 1] for i, part in enumerate(segments) if part.endswith(":pk>") and i), "")
    return named[:100], str(match.kwargs["pk"])[:40]


def record(event: AuditEvent | None) -> bool:
    """Insert the row (one INSERT; a SELECT first only for a refusal that names a CRN). False if it failed: the
    caller decides whether the page may still be sent."""
    if event is None:
        return True
    try:
        if event.case_id is None and event.case_crn:
            # A refused request never fetched the case; the row still belongs on that case's audit page.
            event.case_id = Case.objects.filter(crn=event.case_crn).values_list("pk", flat=True).first()
        if connection.in_atomic_block:
            # A savepoint: a failed insert inside a caller's transaction must not break the rest of it.
            with transaction.atomic():
                event.save(force_insert=True)
        else:
            event.save(force_insert=True)
    except DatabaseError:
        logger.exception("Audit row not written for %s %s", event.method, event.path)
        return False
    return True
