"""The signed-in user's notifications, newest first, and marking them read."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from supervision.models import Notification
from supervision.services.notifications import mark_read


def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user).select_related("case")
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/notifications.html",
        {"page": page, "unread_count": notifications.unread().count()},
    )


@require_POST
def notification_open(request, pk):
    """Mark one notification read and go to the page it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(notification, by=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("supervision:notifications")


@require_POST
def notifications_mark_all_read(request):
    Notification.objects.filter(recipient=request.user).unread().update(read_at=timezone.now())
    return redirect("supervision:notifications")
