from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from caseworks.celery import app
from supervision.demo import build_demo
from supervision.demo.users import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Load fictional demo data: organisation, one sign-in per role and a caseload. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow on a server that is not in DEMO_MODE.")

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or settings.DEMO_MODE or force):
            raise CommandError("seed_demo creates sign-ins with a published password: use DEMO_MODE=true or --force.")
        # The demo's steps notify people and enqueue their e-mails (and the fresh rejection's escalation) by
        # task name; outside a worker nothing has imported the task modules, so register them first.
        app.loader.import_default_modules()
        build_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these (password below):"))
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<16} {user.role}")
        self.stdout.write(f"  password: {DEMO_PASSWORD}")
