"""`manage.py flag_overdue_contacts [--on DATE]`: the beat job, run by hand."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervision.services.overdue_contacts import flag_overdue_contacts


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--on must be a date like 2026-11-26, not {value!r}") from error


class Command(BaseCommand):
    help = "Flag overdue contacts and home visits, clear flags that have been met, and notify officers."

    def add_arguments(self, parser):
        parser.add_argument("--on", type=iso_date, help="The day to check, as YYYY-MM-DD (default: today, UK time).")

    def handle(self, *args, on=None, **options):
        run = flag_overdue_contacts(on=on or timezone.localdate())
        if not run.is_written:
            self.stdout.write(
                f"{run.on}: {run.overdue} requirement(s) overdue that day. Nothing written: the job has already "
                f"run for {run.latest_run_on}, and a run for an earlier day must not close or reopen flags."
            )
            return
        self.stdout.write(
            f"{run.on}: {run.opened} flag(s) opened, {run.closed} closed; notified {run.officers_notified} "
            f"officer(s) and {run.line_managers_notified} line manager(s)."
        )
