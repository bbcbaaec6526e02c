"""Fictional demo data: an organisation, one sign-in per role, and a realistic caseload.

Every name, address and CRN here is invented. Dates are relative to the day the data is loaded, so the
caseload always looks current. `build_demo()` is safe to run twice: it adds nothing the second time.
"""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from supervision.demo.caseload import DemoBuilder
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import (
    Case,
    ContactType,
)
from supervision.reference_data import load_reference_data


@transaction.atomic
def build_demo(today: date | None = None) -> dict[str, User]:
    """Create the demo organisation, sign-ins and caseload. Returns the demo users by username."""
    load_reference_data()
    builder = DemoBuilder(today or timezone.localdate())
    builder.contact_types = {t.code: t for t in ContactType.objects.all()}
    builder.organisation()
    if not Case.objects.filter(crn=SEED_CASE_CRN).exists():
        builder.seed_case()
        builder.other_cases()
    from mappa.demo.referrals import build_fresh_rejection, build_mappa_demo

    build_mappa_demo(Case.objects.get(crn=SEED_CASE_CRN), builder.users, builder.today)
    build_fresh_rejection(builder.users, builder.today)
    from supervision.demo.contact_rules import build_contact_requirement_demo

    build_contact_requirement_demo(builder)
    return builder.users
