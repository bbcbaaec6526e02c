"""Fictional demo data: an organisation, one sign-in per role, and a realistic caseload.

Every name, address and CRN here is invented. Dates are relative to the day the data is loaded, so the
caseload always looks current. `build_demo()` is safe to run twice: it adds nothing the second time.
The organisation and caseload come first; then each registered demo step adds its feature's history
(apps register theirs from AppConfig.ready(), so supervision never imports the apps built on it).
Every step records its history through the services users call, so the demo holds only states they allow.

Last, after the data has committed, the demo runs the scheduled jobs once, through the same services beat
runs (the overdue-contacts sweep here; mappa registers its escalation sweep and step-ups), so each role's
first page already shows their work instead of waiting for the hourly or 15-minute run.
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
from supervision.services.sweeps import flag_overdue_contacts_in_chunks


@dataclass(frozen=True)
class DemoStep:
    name: str
    build: Callable[[DemoBuilder], None]  # gets the builder: `.users` by username, `.today`
    order: int  # steps run in this order after the caseload exists


@dataclass(frozen=True)
class DemoJob:
    name: str
    run: Callable[[date], object]  # gets the demo's day; calls the service the scheduled task calls
    order: int  # jobs run in this order after every step has committed


def _overdue_contacts(on: date) -> dict:
    return flag_overdue_contacts_in_chunks(on=on)


DEMO_STEPS: list[DemoStep] = []
DEMO_JOBS: list[DemoJob] = [DemoJob("Overdue contacts", _overdue_contacts, order=10)]


def register_demo(*steps: DemoStep) -> None:
    DEMO_STEPS.extend(step for step in steps if step not in DEMO_STEPS)
    DEMO_STEPS.sort(key=lambda step: step.order)


def register_demo_jobs(*jobs: DemoJob) -> None:
    DEMO_JOBS.extend(job for job in jobs if job not in DEMO_JOBS)
    DEMO_JOBS.sort(key=lambda job: job.order)


def build_demo(today: date | None = None) -> dict[str, User]:
    """Create the demo organisation, sign-ins and caseload, then run the scheduled jobs once. Returns the demo
    users by username. The jobs run after the data commits, each in its own transactions as under beat; each
    is safe to repeat, so running `seed_demo` again adds nothing."""
    day = today or timezone.localdate()
    users = _build_data(day)
    for job in DEMO_JOBS:
        job.run(day)
    return users


@transaction.atomic
def _build_data(day: date) -> dict[str, User]:
    load_reference_data()
    builder = DemoBuilder(day)
    builder.contact_types = {t.code: t for t in ContactType.objects.all()}
    builder.organisation()
    if not Case.objects.filter(crn=SEED_CASE_CRN).exists():
        build_seed_case(builder)
        builder.other_cases()
    for step in DEMO_STEPS:
        step.build(builder)
    return builder.users
