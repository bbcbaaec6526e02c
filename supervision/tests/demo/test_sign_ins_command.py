"""`seed_demo --sign-ins` gives `make run`'s start-up block its demo users: only in DEMO_MODE, only those that
exist here."""

from io import StringIO

import pytest
from django.core.management import call_command

from supervision.demo.users import DEMO_PASSWORD, DEMO_USERS
from supervision.models import Case
from supervision.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_ins() -> str:
    out = StringIO()
    call_command("seed_demo", "--sign-ins", stdout=out)
    return out.getvalue()


def test_prints_each_demo_user_with_role_and_password_and_loads_nothing(settings):
    settings.DEMO_MODE = True
    for spec in DEMO_USERS[:2]:
        UserFactory(username=spec.username)
    lines = sign_ins().splitlines()
    assert [line.split() for line in lines] == [
        [DEMO_USERS[0].username, *DEMO_USERS[0].role.split(), DEMO_PASSWORD],
        [DEMO_USERS[1].username, *DEMO_USERS[1].role.split(), DEMO_PASSWORD],
    ]
    assert not Case.objects.exists()


def test_prints_nothing_without_demo_mode(settings):
    settings.DEMO_MODE = False
    UserFactory(username=DEMO_USERS[0].username)
    assert sign_ins().strip() == ""
