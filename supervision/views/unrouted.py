"""Work Caseworks could not route to anyone, for administrators and Heads of Public Protection to sort out
(set up cover, then tell a manager), and mark dealt with."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from supervision import roles
from supervision.models import UnroutedItem
from supervision.permissions import cases_visible_to, may_administer
from supervision.services.routing import resolve_unrouted_item


def may_see_unrouted_work(user) -> bool:
    return may_administer(user) or roles.has_role(user, roles.HEAD_OF_PUBLIC_PROTECTION)


def _items_for(user):
    """Administrators see every item; a Head of Public Protection the items about cases in their region."""
    items = UnroutedItem.objects.select_related("case", "resolved_by")
    if may_administer(user):
        return items
    return items.filter(case__in=cases_visible_to(user))


def unrouted_list(request):
    if not may_see_unrouted_work(request.user):
        raise PermissionDenied
    items = _items_for(request.user)
    return render(
        request,
        "supervision/unrouted.html",
        {"open_items": items.open()[:200], "resolved_items": items.filter(resolved_at__isnull=False)[:50]},
    )


@require_POST
def unrouted_resolve(request, pk):
    if not may_see_unrouted_work(request.user):
        raise PermissionDenied
    item = get_object_or_404(_items_for(request.user), pk=pk)
    resolve_unrouted_item(item, by=request.user)
    return redirect("supervision:unrouted")
