from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from mappa.services import escalations


class Command(BaseCommand):
    help = (
        "Put every rejected MAPPA referral not yet escalated in its line manager's queue (what the beat sweep runs),"
        " and with --step-up move overdue escalations to the Head of Public Protection. Safe to run any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", type=date.fromisoformat, help="The day to count due dates from (YYYY-MM-DD).")
        parser.add_argument("--step-up", action="store_true", help="Also step up overdue escalations.")

    def handle(self, *args, on=None, step_up=False, **options):
        day = on or timezone.localdate()
        added = escalations.escalate_rejected_referrals(on=day)
        self.stdout.write(f"{added} rejected MAPPA referral(s) added to a line manager's queue.")
        if step_up:
            stepped = escalations.step_up_overdue_escalations(on=day)
            self.stdout.write(f"{stepped} overdue escalation(s) stepped up to the Head of Public Protection.")
