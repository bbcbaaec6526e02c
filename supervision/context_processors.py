"""Service navigation: only what the signed-in role may use."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from supervision.navigation import NAVIGATION
from supervision.permissions import may_use_case_pages


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in NAVIGATION:
        if not item.is_allowed(user):
            continue
        url = reverse(item.url_name)
        is_current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": item.label, "url": url, "is_current": is_current})
    return {
        "nav_items": items,
        "unread_notification_count": _unread_notification_count(user),
        "show_case_search": may_use_case_pages(user),
    }


def _unread_notification_count(user):
    """For templates/includes/notifications_link.html. Lazy: counted only on pages that show it."""
    from supervision.models import Notification
    from supervision.permissions import available_notifications_q

    # Only notifications the user may still read: one about a case now out of their access is not counted.
    return SimpleLazyObject(
        lambda: Notification.objects.filter(available_notifications_q(user), recipient=user).unread().count()
    )
