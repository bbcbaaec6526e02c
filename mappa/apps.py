from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _build_seed_case_mappa_history(demo) -> None:
    from mappa.demo.referrals import build_mappa_demo
    from supervision.demo.users import SEED_CASE_CRN
    from supervision.models import Case

    build_mappa_demo(Case.objects.get(crn=SEED_CASE_CRN), demo.users, demo.today)


def _build_coordinator_seat(demo) -> None:
    from mappa.demo.referrals import build_coordinator_seat

    build_coordinator_seat(demo.users, demo.today)


def _build_awaiting_coordinator(demo) -> None:
    from mappa.demo.referrals import build_awaiting_coordinator

    build_awaiting_coordinator(demo.users, demo.today)


def _build_fresh_rejection(demo) -> None:
    from mappa.demo.referrals import build_fresh_rejection

    build_fresh_rejection(demo.users, demo.today)


def _run_mappa_sweeps(on) -> None:
    # What beat runs every 15 minutes and daily, run once at the end of seed_demo (supervision/demo).
    from mappa.services.escalations import escalate_rejected_referrals, step_up_overdue_escalations

    escalate_rejected_referrals(on=on)
    step_up_overdue_escalations(on=on)


def _build_overdue_escalation(demo) -> None:
    from mappa.demo.referrals import build_overdue_escalation

    build_overdue_escalation(demo.users, demo.today)


def _build_scale_referrals(run) -> None:
    from mappa.scale import build_referrals

    build_referrals(run)


class MappaConfig(AppConfig):
    """mappa builds on supervision and plugs into it here: its case-record tab, open work and chronology,
    navigation, reference data, demo history and role permissions. supervision never imports mappa."""

    name = "mappa"
    verbose_name = "Multi-agency work and MAPPA"

    def ready(self):
        from mappa import case_record, dashboard_figures, permissions, work_items
        from mappa.reference_data.agencies import load_agencies
        from mappa.schedules import ensure_periodic_tasks
        from supervision import roles
        from supervision.demo import DemoJob, DemoStep, register_demo, register_demo_jobs
        from supervision.navigation import NavigationItem, register_navigation
        from supervision.reference_data import ReferenceDataLoader, register_reference_data
        from supervision.scale import ScaleStep, register_scale_step

        case_record.register()
        # Referrals and MAPPA meetings as evidence for the "keeping people safe" case review.
        from mappa import case_review_evidence

        case_review_evidence.register()
        from mappa.services.transfers import move_mappa_work
        from supervision.services.allocation import register_transfer_step

        register_transfer_step(move_mappa_work)
        work_items.register()
        dashboard_figures.register()
        register_navigation(
            NavigationItem(
                "MAPPA referrals", "mappa:coordinator-queue", permissions.is_mappa_coordinator, order=15, is_home=True
            ),
            NavigationItem("MAPPA escalations", "mappa:queue", permissions.has_escalation_queue, order=20),
            NavigationItem("Head of Public Protection queue", "mappa:hopp-queue", permissions.has_hopp_queue, order=30),
            NavigationItem(
                "Region dashboard",
                "mappa:region-dashboard",
                permissions.may_see_region_dashboard,
                order=3,
                is_home=True,
            ),
        )
        register_reference_data(ReferenceDataLoader("Agencies", load_agencies, order=40))
        register_demo(
            DemoStep("The Wessex region's MAPPA co-ordinator", _build_coordinator_seat, order=5),
            DemoStep(
                "The seed case's referrals, escalation and MAPPA meeting", _build_seed_case_mappa_history, order=10
            ),
            DemoStep("A fresh MAPPA rejection for the escalation sweep", _build_fresh_rejection, order=20),
            DemoStep("An escalation past its due date, for the step-up", _build_overdue_escalation, order=30),
            DemoStep("A MAPPA referral waiting for the co-ordinator", _build_awaiting_coordinator, order=70),
        )
        register_demo_jobs(DemoJob("MAPPA escalation sweep and step-ups", _run_mappa_sweeps, order=20))
        register_scale_step(ScaleStep("Referrals and MAPPA referrals", _build_scale_referrals, order=10, weight=3))
        roles.register_models(
            reference_data=["mappa.agency", "mappa.mappacoordinator"],
            case_records=[
                "mappa.referral",
                "mappa.escalation",
                "mappa.mappameeting",
                "mappa.mappaaction",
                "mappa.disputemeeting",
                "mappa.mappadecision",
            ],
        )
        post_migrate.connect(ensure_periodic_tasks, sender=self, dispatch_uid="mappa.ensure_periodic_tasks")
