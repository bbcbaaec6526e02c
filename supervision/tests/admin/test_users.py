"""No role can raise its own privileges through the admin (issue 11: an administrator made themself superuser
and set the Head of Public Protection's password)."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from supervision import roles
from supervision.services.outbox import drain_outbox
from supervision.tests.factories import TEST_PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)
    client.force_login(user)
    return user


def _change(client, user, **fields):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "roles": [group.pk for group in user.groups.all()],
        **fields,
    }
    return client.post(reverse("admin:auth_user_change", args=[user.pk]), data)


def _group(name):
    return Group.objects.get(name=name)


def test_the_user_form_offers_roles_only_never_superuser_or_permissions(client, administrator):
    page = client.get(reverse("admin:auth_user_change", args=[StaffFactory().pk])).text
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="is_staff"' not in page
    assert 'name="password' not in page
    assert roles.RESPONSIBLE_OFFICER in page and roles.LINE_MANAGER in page


def test_an_administrator_cannot_make_themself_or_anyone_superuser(client, administrator):
    officer = StaffFactory()
    _change(client, administrator, is_superuser="on", is_staff="on")
    _change(client, officer, is_superuser="on", is_staff="on", user_permissions=[1, 2, 3])
    assert not User.objects.filter(is_superuser=True).exists()
    officer.refresh_from_db()
    assert not officer.is_staff and not officer.user_permissions.exists()


def test_an_administrator_cannot_add_themself_to_head_of_public_protection(client, administrator):
    _change(client, administrator, roles=[_group(roles.HEAD_OF_PUBLIC_PROTECTION).pk])
    assert not administrator.groups.filter(name=roles.HEAD_OF_PUBLIC_PROTECTION).exists()


def test_an_administrator_cannot_change_their_own_roles(client, administrator):
    _change(client, administrator, roles=[_group(roles.LINE_MANAGER).pk])
    assert set(administrator.groups.values_list("name", flat=True)) == {roles.ADMINISTRATOR}


def test_an_administrator_cannot_grant_the_administrator_or_hopp_role(client, administrator):
    officer = StaffFactory()
    for role in roles.PRIVILEGED_ROLES:
        response = _change(client, officer, roles=[_group(role).pk])
        assert response.status_code == 200 and "Select a valid choice" in response.text
    assert set(officer.groups.values_list("name", flat=True)) == {roles.RESPONSIBLE_OFFICER}
    officer.refresh_from_db()
    assert not officer.is_staff


def test_an_administrator_gives_case_roles_and_keeps_roles_they_cannot_see(client, administrator, settings):
    officer = StaffFactory()
    response = _change(client, officer, roles=[_group(roles.LINE_MANAGER).pk])
    assert response.status_code == 302
    assert set(officer.groups.values_list("name", flat=True)) == {roles.LINE_MANAGER}


def test_an_administrator_cannot_change_the_head_of_public_protection_or_another_administrator(client, administrator):
    hopp = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION)
    other_administrator = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)
    for user in (hopp, other_administrator):
        assert _change(client, user, email="attacker@example.com").status_code == 403
        user.refresh_from_db()
        assert user.email != "attacker@example.com"


def test_an_administrator_cannot_see_or_change_a_superuser(client, administrator):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert superuser.username not in client.get(reverse("admin:auth_user_changelist")).text
    assert _change(client, superuser, email="attacker@example.com").status_code == 302  # "does not exist"
    superuser.refresh_from_db()
    assert superuser.email != "attacker@example.com"


def test_nobody_sets_another_users_password_in_the_admin(client, administrator):
    hopp = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION)
    url = f"/admin/auth/user/{hopp.pk}/password/"  # Django's own user admin has this page; Caseworks' has none
    response = client.post(url, {"password1": "taken-over-123", "password2": "taken-over-123"}, follow=True)
    assert "taken-over-123" not in response.text and 'name="password1"' not in response.text
    hopp.refresh_from_db()
    assert hopp.check_password(TEST_PASSWORD)


def test_a_superuser_grants_the_administrator_role_and_staff_access_follows_it(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    officer = StaffFactory()
    _change(client, officer, roles=[_group(roles.ADMINISTRATOR).pk])
    officer.refresh_from_db()
    assert officer.is_staff and officer.groups.filter(name=roles.ADMINISTRATOR).exists()
    _change(client, officer, roles=[_group(roles.RESPONSIBLE_OFFICER).pk])
    officer.refresh_from_db()
    assert not officer.is_staff


def test_a_new_user_chooses_their_own_password_from_an_emailed_link(
    client, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:auth_user_add"),
            {
                "username": "new.officer",
                "first_name": "New",
                "last_name": "Officer",
                "email": "new.officer@probation.example",
                "is_active": "on",
                "roles": [_group(roles.RESPONSIBLE_OFFICER).pk],
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="new.officer")
    assert not user.has_usable_password() and not user.is_staff
    drain_outbox()  # what the outbox worker (or its sweep) does
    assert [message.to for message in mailoutbox] == [["new.officer@probation.example"]]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    page = client.get(link.split("127.0.0.1:8000", 1)[1], follow=True)
    assert "Choose a new password" in page.text


def test_the_set_password_action_emails_each_selected_user_after_commit(
    client, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    officer = StaffFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "send_set_password_links", "_selected_action": [officer.pk]},
        )
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert mailoutbox == []  # queued in the outbox, not sent from the request
    drain_outbox()  # what the outbox worker (or its sweep) does
    assert [message.to for message in mailoutbox] == [[officer.email]]
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)  # the link lets them choose; nothing was set for them


def test_case_roles_hold_no_admin_permissions_and_administrators_no_case_permissions():
    for role in roles.CASE_ROLES:
        assert not _group(role).permissions.exists(), role
    administrator_codenames = set(_group(roles.ADMINISTRATOR).permissions.values_list("codename", flat=True))
    assert "delete_accessattempt" in administrator_codenames
    assert not {f"change_{model.split('.')[1]}" for model in roles.CASE_RECORD_MODELS} & administrator_codenames
    assert "change_group" not in administrator_codenames and "add_permission" not in administrator_codenames


def test_the_admins_password_change_link_goes_to_the_services_own_page(client, administrator):
    assert client.get(reverse("admin:password_change")).url == reverse("password_change")
