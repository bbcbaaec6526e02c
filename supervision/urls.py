from django.urls import path

from supervision import views
from supervision.views import access, allegations, audit, contact_requirements, notifications, unrouted

app_name = "supervision"

case = "cases/<str:crn>/"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path(
        case + "contact-requirements/",
        contact_requirements.case_contact_requirements,
        name="case-contact-requirements",
    ),
    path(
        case + "contact-requirements/new/",
        contact_requirements.case_requirement_create,
        name="case-requirement-create",
    ),
    path(
        case + "contact-requirements/<int:pk>/end/",
        contact_requirements.case_requirement_end,
        name="case-requirement-end",
    ),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("notifications/mark-all-read/", notifications.notifications_mark_all_read, name="notifications-mark-all-read"),
    path("unrouted-work/", unrouted.unrouted_list, name="unrouted"),
    path("unrouted-work/<int:pk>/resolve/", unrouted.unrouted_resolve, name="unrouted-resolve"),
    path("audit/", audit.user_audit, name="user-audit"),
    path("audit/export.csv", audit.user_audit_csv, name="user-audit-csv"),
    path(case + "audit/", audit.case_audit, name="case-audit"),
    path(case + "audit/export.csv", audit.case_audit_csv, name="case-audit-csv"),
    path(case, views.case_detail, name="case-detail"),
    path(case + "access/", access.case_access, name="case-access"),
    path(case + "access/remove/", access.case_access_remove, name="case-access-remove"),
    path(case + "contacts/", views.case_contacts, name="case-contacts"),
    path(case + "contacts/new/", views.contact_create, name="contact-create"),
    path(case + "appointments/new/", views.appointment_create, name="appointment-create"),
    path(case + "contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
    path(case + "contacts/<int:pk>/outcome/", views.contact_outcome, name="contact-outcome"),
    path(case + "contacts/<int:pk>/amend/", views.contact_amend, name="contact-amend"),
    path(case + "chronology/", views.case_chronology, name="case-chronology"),
    path(case + "licence-conditions/", views.case_conditions, name="case-conditions"),
    path(case + "licence-conditions/new/", views.condition_create, name="condition-create"),
    path(case + "licence-conditions/standard/", views.standard_conditions_create, name="standard-conditions-create"),
    path(case + "licence-conditions/<int:pk>/vary/", views.condition_vary, name="condition-vary"),
    path(case + "licence-conditions/<int:pk>/end/", views.condition_end, name="condition-end"),
    path(case + "key-individuals/", views.case_key_individuals, name="case-key-individuals"),
    path(case + "key-individuals/new/", views.key_individual_create, name="key-individual-create"),
    path(case + "key-individuals/<int:pk>/edit/", views.key_individual_edit, name="key-individual-edit"),
    path(case + "relationship-disclosures/new/", views.disclosure_create, name="disclosure-create"),
    path(case + "acute-risk-factors/new/", views.acute_risk_factor_create, name="acute-risk-factor-create"),
    path(case + "acute-risk-factors/<int:pk>/review/", views.acute_risk_factor_review, name="acute-risk-factor-review"),
    path(case + "risk-flags/", views.case_risk_flags, name="case-risk-flags"),
    path(case + "risk-flags/new/", views.risk_flag_create, name="risk-flag-create"),
    path(case + "risk-flags/<int:pk>/review/", views.risk_flag_review, name="risk-flag-review"),
    path(case + "risk-flags/<int:pk>/end/", views.risk_flag_end, name="risk-flag-end"),
    path(case + "allegations/", allegations.case_allegations, name="case-allegations"),
    path(case + "allegations/new/", allegations.allegation_create, name="allegation-create"),
    path(case + "allegations/<int:pk>/", allegations.allegation_detail, name="allegation-detail"),
    path(case + "allegations/<int:pk>/accounts/", allegations.allegation_accounts, name="allegation-accounts"),
    path(case + "allegations/<int:pk>/accounts/new/", allegations.account_create, name="allegation-account-create"),
    path(
        case + "allegations/<int:pk>/checks/new/",
        allegations.verification_step_create,
        name="allegation-check-create",
    ),
    path(case + "allegations/<int:pk>/finding/", allegations.finding_create, name="allegation-finding"),
    path(case + "allegations/<int:pk>/finding/revisit/", allegations.finding_revisit, name="allegation-revisit"),
    path(case + "allegations/<int:pk>/withdraw/", allegations.allegation_withdraw, name="allegation-withdraw"),
    path(
        case + "police-intelligence/new/",
        allegations.police_intelligence_create,
        name="police-intelligence-create",
    ),
]
