"""Test-only routes: the product's URLs, plus views that fail in each way the error pages handle.

Used with `@pytest.mark.urls("caseworks.tests.urls")`. Django looks up handler403/404/500 on the root URLconf, so
this module re-exports the product's.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.http import HttpResponse
from django.urls import path
from kombu.exceptions import OperationalError as BrokerOperationalError

from caseworks.urls import handler403, handler404, handler500
from caseworks.urls import urlpatterns as product_urlpatterns

# Text that must never reach a page: what a real exception's message might hold.
SECRET = "FATAL: password authentication failed for user caseworks_secret at db.internal SELECT * FROM supervision_case"


def _raises(exception_class):
    @login_not_required
    def view(request):
        raise exception_class(SECRET)

    return view


@login_not_required
def count_users(request):
    return HttpResponse(str(User.objects.count()))


urlpatterns = [
    path("test/permission-denied/", _raises(PermissionDenied)),
    path("test/crash/", _raises(RuntimeError)),
    path("test/database-down/", _raises(DatabaseOperationalError)),
    path("test/database-connection-lost/", _raises(InterfaceError)),
    path("test/broker-down/", _raises(BrokerOperationalError)),
    path("test/count-users/", count_users),
    *product_urlpatterns,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
