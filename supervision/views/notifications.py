"""The signed-in user's notifications, newest first, and marking them read.

Each notification's case is checked against the access policy when it is shown, not only when it was made:
one about a case now outside the user's access keeps no subject or body on the page, and cannot be opened.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from supervision.models import Notification
from supervision.permissions import available_notifications_q, notifications_still_available
from supervision.services.notifications import mark_read

NO_LONGER_AVAILABLE = "This notification is no longer available to you"


def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    available = notifications_still_available(request.user, page.object_list)
    for notification in page.object_list:
        notification.is_available = notification.pk in available
    unread = notifications.filter(available_notifications_q(request.user)).unread().count()
    return render(
        request,
        "supervision/notifications.html",
        {"page": page, "unread_count": unread, "no_longer_available": NO_LONGER_AVAILABLE},
    )


@require_POST
def notification_open(request, pk):
    """Mark one notification read and go to the page it is about, if its case is still the user's to see."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(notification, by=request.user)
    if not notifications_still_available(request.user, [notification]):
        return redirect("supervision:notifications")
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("supervision:notifications")


@require_POST
def notifications_mark_all_read(request):
    Notification.objects.filter(recipient=request.user).unread().update(read_at=timezone.now())
    return redirect("supervision:notifications")
