"""The audit middleware: after each request, the one audit row its answer calls for (see services/audit.py)."""

from caseworks import views
from supervision.services import audit


class AuditMiddleware:
    """After AuthenticationMiddleware (the row names the user). The view has run, and its response is known, but
    nothing has been sent: a limited-access case whose row cannot be written gets the 403 page instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        event = audit.event_for(request, status_code=response.status_code)
        if event is not None and not audit.record(event):
            case = getattr(request, "audit_case", None)
            if getattr(case, "is_access_limited", False):
                return views.permission_denied(request)
        return response
