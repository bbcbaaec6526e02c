from django.urls import path

from mappa.dashboard import views as dashboard
from mappa.views import coordinator, escalations, meetings, referrals

app_name = "mappa"

urlpatterns = [
    path("cases/<str:crn>/referrals/", referrals.case_referrals, name="case-referrals"),
    path("cases/<str:crn>/referrals/new/", referrals.referral_new, name="referral-new"),
    path("cases/<str:crn>/meetings/new/", meetings.meeting_new, name="meeting-new"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral-detail"),
    path("referrals/<int:pk>/endorse/", referrals.referral_endorse, name="referral-endorse"),
    path("referrals/<int:pk>/resubmit/", referrals.referral_resubmit, name="referral-resubmit"),
    path("referrals/<int:pk>/acknowledge/", referrals.referral_acknowledge, name="referral-acknowledge"),
    path("referrals/<int:pk>/response/", referrals.referral_response, name="referral-response"),
    path("referrals/<int:pk>/withdraw/", referrals.referral_withdraw, name="referral-withdraw"),
    path("referrals/<int:pk>/answer/", referrals.referral_answer, name="referral-answer"),
    path("coordinator/", coordinator.coordinator_queue, name="coordinator-queue"),
    path("coordinator/referrals/<int:pk>/", coordinator.coordinator_referral, name="coordinator-referral"),
    path(
        "coordinator/referrals/<int:pk>/acknowledge/",
        coordinator.coordinator_acknowledge,
        name="coordinator-acknowledge",
    ),
    path("coordinator/referrals/<int:pk>/ask/", coordinator.coordinator_ask, name="coordinator-ask"),
    path("coordinator/referrals/<int:pk>/decide/", coordinator.coordinator_decide, name="coordinator-decide"),
    path("coordinator/referrals/<int:pk>/revise/", coordinator.coordinator_revise, name="coordinator-revise"),
    path("queue/", escalations.escalation_queue, name="queue"),
    path("head-of-public-protection/queue/", escalations.hopp_queue, name="hopp-queue"),
    path("escalations/<int:pk>/", escalations.escalation_detail, name="escalation-detail"),
    path("escalations/<int:pk>/answer/", escalations.escalation_answer, name="escalation-answer"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/amend/", meetings.meeting_amend, name="meeting-amend"),
    path("actions/<int:pk>/done/", meetings.action_done, name="action-done"),
    path("region-dashboard/", dashboard.region_dashboard, name="region-dashboard"),
    path("region-dashboard/<slug:figure>/", dashboard.region_dashboard_list, name="region-dashboard-list"),
    path("region-dashboard/<slug:figure>/export.csv", dashboard.region_dashboard_csv, name="region-dashboard-csv"),
]
