"""`manage.py flag_outstanding_absence_decisions [--on DATE]`: the beat job, run by hand."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from supervision.management.commands.flag_overdue_contacts import iso_date
from supervision.services.absence_decisions import flag_outstanding_absence_decisions


class Command(BaseCommand):
    help = "Flag unacceptable absences whose enforcement decision is overdue, and notify officers and line managers."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=iso_date, help="The day to check, as YYYY-MM-DD (default: today, UK time).")

    def handle(self, *args, on=None, **options):
        run = flag_outstanding_absence_decisions(on=on or timezone.localdate())
        self.stdout.write(
            f"{run.on}: {run.opened} flag(s) opened, {run.closed} closed; notified {run.officers_notified} "
            f"officer(s) and {run.line_managers_notified} line manager(s)."
        )
