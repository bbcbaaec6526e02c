from django.urls import path

from . import views
from .views import contact_requirements, notifications

app_name = "supervision"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path(
        "cases/<str:crn>/contact-requirements/",
        contact_requirements.case_contact_requirements,
        name="case-contact-requirements",
    ),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("notifications/mark-all-read/", notifications.notifications_mark_all_read, name="notifications-mark-all-read"),
]
