"""Caseworks' Django admin site: configuration for administrators and superusers only.

Two differences from Django's own site. Only a superuser, or a staff user holding the Administrator role, may
use it (a case role given `is_staff` by mistake sees nothing). And it has no sign-in form of its own: Django's
admin login checks only a password, so it sends people to the service's sign-in, which asks for the second
factor (supervision/views/sign_in.py).
"""

from functools import update_wrapper

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from supervision import roles


class CaseworksAdminSite(AdminSite):
    site_header = "Caseworks administration"
    site_title = "Caseworks administration"
    index_title = "Reference data, rules and schedules"

    def has_permission(self, request):
        return roles.may_use_admin(request.user)

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)

        def refuse_signed_in_non_administrators(request, *args, **kwargs):
            # Django would send them to the admin's sign-in page, which has nothing to offer a signed-in user.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return wrapped(request, *args, **kwargs)

        return update_wrapper(refuse_signed_in_non_administrators, wrapped)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in without the admin role: sending them to the sign-in page would bounce straight back.
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or self.index_url())

    def password_change(self, request, extra_context=None):
        # One password-change page, the service's (it asks for the current password).
        return redirect("password_change")

    def index_url(self) -> str:
        from django.urls import reverse

        return reverse("admin:index", current_app=self.name)
