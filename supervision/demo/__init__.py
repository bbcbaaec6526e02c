"""Fictional demo data: an organisation, one sign-in per role, and a realistic caseload.

Every name, address and CRN here is invented. Dates are relative to the day the data is loaded, so the
caseload always looks current. `build_demo()` is safe to run twice: it adds nothing the second time.
The organisation and caseload come first; then each registered demo step adds its feature's history
(apps register theirs from AppConfig.ready(), so supervision never imports the apps built on it).
Every step records its history through the services users call, so the demo holds only states they allow.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from supervision.demo.caseload import DemoBuilder
from supervision.demo.seed_case import build_seed_case
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, ContactType
from supervision.reference_data import load_reference_data


@dataclass(frozen=True)
class DemoStep:
    name: str
    build: Callable[[DemoBuilder], None]  # gets the builder: `.users` by username, `.today`
    order: int  # steps run in this order after the caseload exists


DEMO_STEPS: list[DemoStep] = []


def register_demo(*steps: DemoStep) -> None:
    DEMO_STEPS.extend(step for step in steps if step not in DEMO_STEPS)
    DEMO_STEPS.sort(key=lambda step: step.order)


@transaction.atomic
def build_demo(today: date | None = None) -> dict[str, User]:
    """Create the demo organisation, sign-ins and caseload. Returns the demo users by username."""
    load_reference_data()
    builder = DemoBuilder(today or timezone.localdate())
    builder.contact_types = {t.code: t for t in ContactType.objects.all()}
    builder.organisation()
    if not Case.objects.filter(crn=SEED_CASE_CRN).exists():
        build_seed_case(builder)
        builder.other_cases()
    for step in DEMO_STEPS:
        step.build(builder)
    return builder.users
