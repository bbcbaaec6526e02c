"""Top-level routes: sign-in, the admin, each app's pages, and the error pages (caseworks/views.py)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from caseworks import health
from caseworks import views as caseworks_views
from supervision import views as supervision_views
from supervision.forms.sign_in import SignInForm

admin.site.site_header = "Caseworks administration"
admin.site.site_title = "Caseworks administration"
admin.site.index_title = "Reference data, rules and schedules"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
            extra_context={"demo_mode": settings.DEMO_MODE},
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("mappa/", include("mappa.urls")),
    path("", supervision_views.home, name="home"),
    path("", include("supervision.urls")),
]

handler400 = caseworks_views.bad_request
handler403 = caseworks_views.permission_denied
handler404 = caseworks_views.page_not_found
handler500 = caseworks_views.server_error
