from django.core.management.base import BaseCommand

from supervision.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load or update contact types, licence condition types, risk flag types and agencies."

    def handle(self, *args, **options):
        load_reference_data()
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
