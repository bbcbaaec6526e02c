"""`seed_demo` gives a newcomer a working organisation, and running it twice adds nothing."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from supervision import roles
from supervision.demo.users import DEMO_PASSWORD, DEMO_USERS, SEED_CASE_CRN
from supervision.models import Case, Contact, KeyIndividual, LicenceCondition, RiskFlag
from supervision.permissions import cases_visible_to
from supervision.services.routing import holder_of

pytestmark = pytest.mark.django_db


def counts():
    return Case.objects.count(), Contact.objects.count(), KeyIndividual.objects.count()


def test_seed_demo_is_safe_to_run_twice(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first[0] > 30


def test_every_demo_sign_in_works_and_sees_cases_for_its_role(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    for spec in DEMO_USERS:
        user = authenticate(username=spec.username, password=DEMO_PASSWORD)
        assert user is not None, spec.username
        visible = cases_visible_to(user)
        # A MAPPA co-ordinator sees the MAPPA referrals of their area (mappa's own scope), not case records.
        if spec.role in (roles.ADMINISTRATOR, roles.AUDITOR, roles.MAPPA_COORDINATOR):
            assert not visible.exists()
        else:
            assert visible.exists()


def test_the_seed_case_follows_the_case_study(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    case = Case.objects.get(crn=SEED_CASE_CRN)
    assert case.first_name == "Damien"
    assert case.key_individuals.filter(is_pregnant=True, is_vulnerable=True).exists()
    assert case.licence_conditions.filter(condition_type__code="EXZ1").exists()
    assert case.contacts.filter(made_by=Contact.MadeBy.POLICE, contact_type__is_home_visit=True).exists()


def test_seed_demo_refuses_to_run_on_a_production_configuration(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)


def test_the_demo_holds_no_state_the_services_would_refuse(settings):
    """Beyond the database's CHECK constraints (which refuse e.g. a failure to attend without an evidence
    date while the demo loads): the rules only a service can check, against the clock or other rows."""
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    now = timezone.now()
    contacts = Contact.objects.all()
    assert not contacts.filter(is_appointment=False, starts_at__gt=now).exists()  # only appointments ahead
    assert not contacts.filter(is_appointment=True, starts_at__gt=now).exclude(outcome="").exists()
    assert not contacts.filter(outcome=Contact.Outcome.FAILED_TO_ATTEND, evidence_due_on__isnull=True).exists()
    assert not contacts.filter(starts_at__date__lt=F("case__started_on")).exists()
    assert not contacts.filter(recorded_by__isnull=True).exists()
    for case in Case.objects.all():
        open_flags = case.risk_flags.open().values_list("flag_type", flat=True)
        assert len(open_flags) == len(set(open_flags)), case.crn
    assert not RiskFlag.objects.filter(created_by__isnull=True).exists()  # every flag was added by someone
    assert not LicenceCondition.objects.filter(created_by__isnull=True).exists()
    assert not KeyIndividual.objects.filter(created_by__isnull=True).exists()


def test_every_team_has_a_line_manager_who_can_see_its_cases(settings):
    """Kingsbridge once had none: its MAPPA referrals waited for an endorsement nobody was told about."""
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    for case in Case.objects.select_related("responsible_officer__profile__line_manager"):
        if case.responsible_officer is None:
            # Waiting in the allocation queue: the team's line managers hold it (routing.holder_of).
            manager = holder_of(case, on=timezone.localdate())
        else:
            manager = case.responsible_officer.profile.line_manager
        assert manager is not None and roles.has_role(manager, roles.LINE_MANAGER), case.crn
        assert cases_visible_to(manager).filter(pk=case.pk).exists(), case.crn
    assert Case.objects.awaiting_allocation().exists()  # the demo's allocation queue has a case in it
