from django.urls import path

from . import views

app_name = "mappa"

urlpatterns = [
    path("cases/<str:crn>/referrals/", views.case_referrals, name="case-referrals"),
    path("cases/<str:crn>/referrals/new/", views.referral_new, name="referral-new"),
    path("cases/<str:crn>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral-detail"),
    path("referrals/<int:pk>/endorse/", views.referral_endorse, name="referral-endorse"),
    path("referrals/<int:pk>/resubmit/", views.referral_resubmit, name="referral-resubmit"),
    path("referrals/<int:pk>/acknowledge/", views.referral_acknowledge, name="referral-acknowledge"),
    path("referrals/<int:pk>/response/", views.referral_response, name="referral-response"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral-withdraw"),
    path("queue/", views.escalation_queue, name="queue"),
    path("head-of-public-protection/queue/", views.hopp_queue, name="hopp-queue"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation-detail"),
    path("escalations/<int:pk>/answer/", views.escalation_answer, name="escalation-answer"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("actions/<int:pk>/done/", views.action_done, name="action-done"),
]
