from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from caseworks.celery import app
from supervision.demo import build_demo
from supervision.demo.users import DEMO_PASSWORD, DEMO_USERS


def demo_sign_in_lines() -> list[str]:
    """One line per demo sign-in that exists and is active here: username, role, password."""
    present = set(
        get_user_model()
        .objects.filter(username__in=[u.username for u in DEMO_USERS], is_active=True)
        .values_list("username", flat=True)
    )
    return [f"  {u.username:<16} {u.role:<28} {DEMO_PASSWORD}" for u in DEMO_USERS if u.username in present]


class Command(BaseCommand):
    help = (
        "Load fictional demo data (organisation, one sign-in per role, a caseload), then run the overdue-contacts "
        "and MAPPA escalation jobs once. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow on a server that is not in DEMO_MODE.")
        parser.add_argument(
            "--sign-ins", action="store_true", help="Only print the demo sign-ins (for `make run`'s start-up block)."
        )

    def handle(self, *args, force=False, sign_ins=False, **options):
        if sign_ins:
            # Printed only in DEMO_MODE: elsewhere the published password must not be advertised.
            if settings.DEMO_MODE:
                self.stdout.write("\n".join(demo_sign_in_lines()))
            return
        if not (settings.DEBUG or settings.DEMO_MODE or force):
            raise CommandError("seed_demo creates sign-ins with a published password: use DEMO_MODE=true or --force.")
        # The demo's steps notify people and enqueue their e-mails (and the fresh rejection's escalation) by
        # task name; outside a worker nothing has imported the task modules, so register them first.
        app.loader.import_default_modules()
        build_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these:"))
        self.stdout.write("\n".join(demo_sign_in_lines()))
