"""Issue 15: with DEMO_MODE on, the sign-in page lists the demo users and signs in as one with a button;
without DEMO_MODE neither the list nor the address exists."""

import pytest
from django.test import Client
from django.urls import reverse

from supervision.demo.users import DEMO_USERS
from supervision.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users():
    made = {}
    for spec in DEMO_USERS[:4]:
        made[spec.username] = UserFactory(username=spec.username, first_name=spec.first_name, last_name=spec.last_name)
    return made


def test_in_demo_mode_the_sign_in_page_lists_each_demo_user_with_their_role_and_a_button(settings, demo_users):
    settings.DEMO_MODE = True
    page = Client().get(reverse("login")).content.decode()
    assert '<table class="govuk-table" id="demo-users">' in page
    for spec in DEMO_USERS[:4]:
        assert f'<td class="govuk-table__cell">{spec.username}</td>' in page
        assert f'<td class="govuk-table__cell">{spec.role}</td>' in page
        assert f'<input type="hidden" name="username" value="{spec.username}">' in page
        assert f"Sign in as {spec.first_name} {spec.last_name}</button>" in page
    assert DEMO_USERS[5].username not in page  # only demo users that exist here
    assert "printed in the terminal" not in page


def test_the_button_signs_in_as_that_demo_user_and_goes_to_their_work(settings, demo_users):
    settings.DEMO_MODE = True
    client = Client()
    response = client.post(reverse("demo-sign-in"), {"username": "priya.shah", "next": ""})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(demo_users["priya.shah"].pk)


def test_the_button_keeps_a_safe_next_address_and_ignores_another_sites(settings, demo_users):
    settings.DEMO_MODE = True
    kept = Client().post(reverse("demo-sign-in"), {"username": "tom.hughes", "next": "/notifications/"})
    assert kept.url == "/notifications/"
    ignored = Client().post(reverse("demo-sign-in"), {"username": "tom.hughes", "next": "https://evil.example/"})
    assert ignored.url == reverse("home")


def test_the_demo_sign_in_is_csrf_protected_and_post_only(settings, demo_users):
    settings.DEMO_MODE = True
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("demo-sign-in"), {"username": "priya.shah"}).status_code == 403
    assert "_auth_user_id" not in strict.session
    assert Client().get(reverse("demo-sign-in")).status_code == 405


def test_only_demo_users_can_be_signed_in_as(settings, demo_users):
    settings.DEMO_MODE = True
    someone = UserFactory(username="real.person")
    for username in (someone.username, "", "ruth.penhaligon"):  # a real user, nobody, a demo user not created
        client = Client()
        assert client.post(reverse("demo-sign-in"), {"username": username}).status_code == 404
        assert "_auth_user_id" not in client.session
    demo_users["helen.carter"].is_active = False
    demo_users["helen.carter"].save()
    assert Client().post(reverse("demo-sign-in"), {"username": "helen.carter"}).status_code == 404


def test_without_demo_mode_there_is_no_list_and_no_way_in(settings, demo_users):
    settings.DEMO_MODE = False
    page = Client().get(reverse("login")).content.decode()
    assert "demo-users" not in page and "Sign in as" not in page and "caseworks-demo" not in page
    client = Client()
    response = client.post(reverse("demo-sign-in"), {"username": "priya.shah"})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session
