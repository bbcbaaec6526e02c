from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self):
        from supervision import permissions
        from supervision.case_record import allegations as allegations_record
        from supervision.case_record import allocation as allocation_record
        from supervision.case_record import enforcement as enforcement_record
        from supervision.case_record import oversight as oversight_record
        from supervision.case_record import programmes as programmes_record
        from supervision.case_record import recalls as recalls_record
        from supervision.case_record.case_changes import case_change_entries
        from supervision.case_record.chronology import SOURCES, Source
        from supervision.case_record.tabs import CASE_TABS, CaseTab
        from supervision.dashboards import figures as dashboard_figures
        from supervision.dashboards import trends as dashboard_trends
        from supervision.demo import DemoStep, register_demo
        from supervision.demo import absence_decisions as absence_decisions_demo
        from supervision.demo.access import build_access_demo
        from supervision.demo.allegations import build_allegation_demo
        from supervision.demo.case_changes import build_case_changes_demo
        from supervision.demo.contact_rules import build_contact_requirement_demo
        from supervision.demo.enforcement import build_enforcement_demo
        from supervision.demo.intake import build_intake_demo
        from supervision.demo.oversight import build_oversight_demo
        from supervision.demo.programmes import build_programme_demo
        from supervision.demo.recall import build_recall_demo
        from supervision.navigation import NavigationItem, register_navigation
        from supervision.reference_data import ReferenceDataLoader, register_reference_data
        from supervision.reference_data.bank_holidays import load_bank_holidays
        from supervision.reference_data.catalogue import load_catalogue
        from supervision.reference_data.contact_rules import load_default_contact_rules
        from supervision.reference_data.programmes import load_programmes
        from supervision.roles import ensure_role_groups, register_models
        from supervision.schedules import ensure_periodic_tasks
        from supervision.views.audit import may_read_audit
        from supervision.views.unrouted import may_see_unrouted_work
        from supervision.work import casework as casework_sources
        from supervision.work import sources as work_sources

        allocation_record.register()
        work_sources.register()
        casework_sources.register()
        allegations_record.register()
        programmes_record.register()
        absence_decisions_demo.register()
        dashboard_figures.register()
        dashboard_trends.register()
        recalls_record.register()
        oversight_record.register()
        enforcement_record.register()
        register_navigation(
            NavigationItem("Team dashboard", "supervision:dashboard", permissions.may_see_team_dashboard, order=3),
            NavigationItem("My work", "supervision:my-work", permissions.may_use_case_pages, order=5),
            NavigationItem("My caseload", "supervision:caseload", permissions.may_use_case_pages, order=10),
            NavigationItem(
                "Allocation queue", "supervision:allocation-queue", permissions.may_see_allocation_queue, order=40
            ),
            NavigationItem("Open a case", "supervision:case-open", permissions.may_open_cases, order=45),
            NavigationItem(
                "Recalls awaiting you", "supervision:recall-queue", permissions.may_see_recall_queue, order=42
            ),
            NavigationItem("Team case reviews", "supervision:team-case-reviews", permissions.may_manage_team, order=60),
            NavigationItem("Unrouted work", "supervision:unrouted", may_see_unrouted_work, order=80),
            NavigationItem("Audit", "supervision:user-audit", may_read_audit, order=85),
            NavigationItem("Administration", "admin:index", permissions.may_administer, order=90),
        )
        # Administrators watch the e-mail outbox (and retry failed e-mails) and the unrouted work in the admin.
        register_models(reference_data=["supervision.outboxemail", "supervision.unrouteditem", "supervision.programme"])
        register_reference_data(
            ReferenceDataLoader("Contact, licence condition and risk flag types", load_catalogue, order=10),
            ReferenceDataLoader("Bank holidays", load_bank_holidays, order=20),
            ReferenceDataLoader("Default contact-frequency rules", load_default_contact_rules, order=30),
            ReferenceDataLoader("Programmes and structured interventions", load_programmes, order=40),
        )
        # Changes to a case (address, RoSH, tier, MAPPA, supervision, closure): a tab and chronology entries.
        CASE_TABS.append(CaseTab("case-details", "Case details", "supervision:case-details"))
        SOURCES.append(Source("changes", "Changes to the case", case_change_entries))
        register_demo(DemoStep("The seed case's allegations of breach", build_allegation_demo, order=5))
        register_demo(DemoStep("The seed case's programme", build_programme_demo, order=6))
        register_demo(DemoStep("The seed case's warning and final warning", build_enforcement_demo, order=7))
        register_demo(DemoStep("The seed case's recall recommendation", build_recall_demo, order=8))
        register_demo(DemoStep("Contact requirements", build_contact_requirement_demo, order=50))
        register_demo(DemoStep("A restricted case", build_access_demo, order=60))
        register_demo(DemoStep("Cases opened, allocated, waiting and transferred", build_intake_demo, order=70))
        register_demo(DemoStep("Changes to cases", build_case_changes_demo, order=75))
        register_demo(DemoStep("The seed case's management oversight and case review", build_oversight_demo, order=80))
        # After the last app migrates, so that every model's permissions exist.
        post_migrate.connect(ensure_role_groups, dispatch_uid="supervision.ensure_role_groups")
        post_migrate.connect(ensure_periodic_tasks, dispatch_uid="supervision.ensure_periodic_tasks")
