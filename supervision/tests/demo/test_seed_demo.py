"""`seed_demo` gives a newcomer a working organisation, and running it twice adds nothing."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from supervision import roles
from supervision.demo.users import DEMO_PASSWORD, DEMO_USERS, SEED_CASE_CRN
from supervision.models import Case, Contact, KeyIndividual
from supervision.permissions import cases_visible_to

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
        if spec.role == roles.ADMINISTRATOR:
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
