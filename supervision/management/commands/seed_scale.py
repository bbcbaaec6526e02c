from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from supervision.scale.generator import DatabaseNotEmpty, generate
from supervision.scale.run import SCALE_PASSWORD
from supervision.scale.sizes import SIZES


class Command(BaseCommand):
    help = (
        "Generate fictional data at scale for benchmarks (set-based SQL, one transaction): test, ci (2,000 active "
        "cases), region (20,000) or national (250,000). Refuses a database with data in it unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="ci")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty the database first: every case, contact, sign-in and record; reference data stays.",
        )
        parser.add_argument("--force", action="store_true", help="Allow on a server that is not in DEMO_MODE.")

    def handle(self, *args, size="ci", replace=False, force=False, **options):
        if not (settings.DEBUG or settings.DEMO_MODE or force):
            raise CommandError("seed_scale creates sign-ins with a published password: use DEMO_MODE=true or --force.")
        try:
            result = generate(size, replace=replace, stream=self.stderr._out)
        except DatabaseNotEmpty as error:
            raise CommandError(str(error)) from error
        for name, count in result.counts.items():
            self.stdout.write(f"  {name:<14} {count:>12,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated size {size} in {result.seconds:.1f} s. Every sign-in's password: {SCALE_PASSWORD}"
            )
        )
