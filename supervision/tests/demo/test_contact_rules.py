"""The demo gives the job something to find: cases overdue, due soon and met under the default rules."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from supervision.contact_requirements import Status, by_case, contact_requirements
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, ContactRule, OverdueFlag
from supervision.services.overdue_contacts import flag_overdue_contacts

pytestmark = pytest.mark.django_db


def test_default_rules_express_the_home_visits_policy_framework_and_probation_reset():
    call_command("load_reference_data", verbosity=0)
    first = ContactRule.objects.get(name__startswith="First home visit: high risk")
    assert first.first_due_days == 15 and first.every_days is None
    assert sorted(first.risk_flag_types.values_list("code", flat=True)) == ["CSEX", "RSOF"]
    assert ContactRule.objects.get(name="First home visit: medium RoSH").first_due_days == 42
    assert ContactRule.objects.get(name="First home visit: low RoSH").first_due_days == 84
    reset = ContactRule.objects.get(name="Routine appointments (Probation Reset)")
    assert reset.stage == ContactRule.Stage.NOT_FINAL_THIRD and reset.final_third_exception_mappa
    # An administrator's change survives reloading the reference data.
    ContactRule.objects.filter(pk=first.pk).update(first_due_days=10)
    call_command("load_reference_data", verbosity=0)
    first.refresh_from_db()
    assert first.first_due_days == 10


def test_the_first_run_after_seeding_flags_some_cases_and_not_others(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    statuses = by_case(contact_requirements(on=today, cases=Case.objects.filter(crn__startswith="P1044")))
    worst = {Case.objects.get(pk=pk).crn: group.worst.status for pk, group in statuses.items()}
    assert worst == {"P104411": Status.OVERDUE, "P104412": Status.DUE_SOON, "P104413": Status.MET}

    seed = Case.objects.get(crn=SEED_CASE_CRN)
    assert seed.contact_requirements.count() == 2  # twice a week: once at the office, once at home

    # seed_demo ran the job already (issue 15: the first look shows flags); running it again opens nothing more.
    opened_by_the_demo = OverdueFlag.objects.count()
    run = flag_overdue_contacts(on=today)
    flagged = set(OverdueFlag.objects.values_list("case__crn", flat=True))
    assert opened_by_the_demo > 0 and run.opened == 0 and OverdueFlag.objects.count() == opened_by_the_demo
    assert "P104411" in flagged and "P104412" not in flagged and "P104413" not in flagged
    assert flagged < set(Case.objects.active().values_list("crn", flat=True))
