"""Top-level routes: sign-in, the admin, each app's pages, and the error pages (caseworks/views.py)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from caseworks import health
from caseworks import views as caseworks_views
from supervision import views as supervision_views
from supervision.forms.sign_in import ChangePasswordForm, ChooseNewPasswordForm, PasswordResetByEmailForm
from supervision.views import sign_in

# Django's own password views, with GOV.UK forms and templates (templates/registration/).
password_urls = [
    path(
        "reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetByEmailForm,
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path("reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=ChooseNewPasswordForm),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("change/", auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm), name="password_change"),
    path("change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sign-in/", sign_in.SignInView.as_view(), name="login"),
    path("sign-in/security-code/", sign_in.two_factor, name="two-factor"),
    path("sign-in/set-up-authenticator/", sign_in.two_factor_set_up, name="two-factor-set-up"),
    path("sign-in/recovery-codes/", sign_in.recovery_codes, name="recovery-codes"),
    path("sign-in/demo/", sign_in.demo_sign_in, name="demo-sign-in"),  # 404 unless DEMO_MODE
    # POST only (Django's LogoutView): the session is flushed on the server, not just forgotten by the browser.
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", include(password_urls)),
    path("admin/", admin.site.urls),
    path("mappa/", include("mappa.urls")),
    path("", supervision_views.home, name="home"),
    path("", include("supervision.urls")),
]

handler400 = caseworks_views.bad_request
handler403 = caseworks_views.permission_denied
handler404 = caseworks_views.page_not_found
handler500 = caseworks_views.server_error
