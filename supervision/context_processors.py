"""Service navigation: only what the signed-in role may use."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from mappa import permissions as mappa_permissions
from supervision import permissions

# (label, url name, who may see it). Pages from later features add a line here.
NAVIGATION = [
    ("My caseload", "supervision:caseload", permissions.may_use_case_pages),
    ("MAPPA escalations", "mappa:queue", mappa_permissions.has_escalation_queue),
    ("Head of Public Protection queue", "mappa:hopp-queue", mappa_permissions.has_hopp_queue),
    ("Administration", "admin:index", permissions.may_administer),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, allowed in NAVIGATION:
        if not allowed(user):
            continue
        url = reverse(url_name)
        is_current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "is_current": is_current})
    return {"nav_items": items, "unread_notification_count": _unread_notification_count(user)}


def _unread_notification_count(user):
    """For templates/includes/notifications_link.html. Lazy: counted only on pages that show it."""
    from supervision.models import Notification

    return SimpleLazyObject(lambda: Notification.objects.filter(recipient=user).unread().count())
