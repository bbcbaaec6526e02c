"""Service navigation: only what the signed-in role may use."""

from django.urls import reverse

from . import permissions

# (label, url name, who may see it). Pages from later features add a line here.
NAVIGATION = [
    ("My caseload", "supervision:caseload", permissions.may_use_case_pages),
    ("Notifications", "supervision:notifications", permissions.may_use_case_pages),
    ("Administration", "admin:index", permissions.may_administer),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    from .models import Notification

    items = []
    unread = None
    for label, url_name, allowed in NAVIGATION:
        if not allowed(user):
            continue
        url = reverse(url_name)
        if url_name == "supervision:notifications":
            unread = Notification.objects.filter(recipient=user).unread().count()
            label = f"{label} ({unread} unread)" if unread else label
        is_current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "is_current": is_current})
    return {"nav_items": items, "unread_notification_count": unread}
