"""Django's admin app with Caseworks' admin site (caseworks/admin_site.py). Kept apart from the site itself: an
app config is imported before the models are ready, and the site imports auth views that need them."""

from django.contrib.admin.apps import AdminConfig


class CaseworksAdminConfig(AdminConfig):
    default_site = "caseworks.admin_site.CaseworksAdminSite"

    def ready(self):
        super().ready()
        # Connects the sign-in signal that starts each session's clock.
        import caseworks.security  # noqa: F401
