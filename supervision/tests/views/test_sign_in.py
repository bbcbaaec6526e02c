"""Sign-in: the second factor for managers, HoPP and administrators, the lockout, and the password pages."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision import roles
from supervision.services.outbox import drain_outbox
from supervision.tests.factories import TEST_PASSWORD, StaffFactory, UserFactory
from supervision.tests.two_factor import authenticator_for, code_from
from supervision.views.sign_in import PENDING, WRONG_CODE

pytestmark = pytest.mark.django_db

WRONG_PASSWORD_MESSAGE = "Enter a correct username and password. Both are case-sensitive."


def sign_in(client, user, password=TEST_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": user.get_username(), "password": password}, **extra)


def test_a_responsible_officer_signs_in_with_a_password_alone(client):
    officer = StaffFactory(role=roles.RESPONSIBLE_OFFICER)
    response = sign_in(client, officer)
    assert response.url == reverse("home")
    assert client.session[SESSION_KEY] == str(officer.pk)


@pytest.mark.parametrize("role", roles.TWO_FACTOR_ROLES)
def test_a_right_password_alone_does_not_sign_in_a_role_that_needs_a_second_factor(client, role):
    user = StaffFactory(role=role)
    authenticator_for(user)
    response = sign_in(client, user)
    assert response.url == reverse("two-factor")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_a_superuser_needs_the_second_factor_too(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert sign_in(client, superuser).url == reverse("two-factor-set-up")


def test_the_code_from_the_authenticator_completes_the_sign_in_and_goes_to_the_page_asked_for(client):
    manager = StaffFactory(role=roles.LINE_MANAGER)
    device = authenticator_for(manager)
    notifications = reverse("supervision:notifications")
    client.post(f"{reverse('login')}?next={notifications}", {"username": manager.username, "password": TEST_PASSWORD})
    response = client.post(reverse("two-factor"), {"code": code_from(device)})
    assert client.session[SESSION_KEY] == str(manager.pk)
    assert response.url == notifications
    assert client.get(notifications).status_code == 200


def test_a_next_address_on_another_site_is_ignored_after_the_second_factor(client):
    manager = StaffFactory(role=roles.LINE_MANAGER)
    device = authenticator_for(manager)
    client.post(
        f"{reverse('login')}?next=https://evil.example/", {"username": manager.username, "password": TEST_PASSWORD}
    )
    assert client.post(reverse("two-factor"), {"code": code_from(device)}).url == reverse("home")


def test_a_code_is_accepted_once_only(client):
    manager = StaffFactory(role=roles.LINE_MANAGER)
    device = authenticator_for(manager)
    code = code_from(device)
    sign_in(client, manager)
    client.post(reverse("two-factor"), {"code": code})
    client.post(reverse("logout"))
    sign_in(client, manager)
    assert WRONG_CODE in client.post(reverse("two-factor"), {"code": code}).text


def test_a_wrong_code_is_refused_with_an_error_against_the_field(client):
    manager = StaffFactory(role=roles.LINE_MANAGER)
    authenticator_for(manager)
    sign_in(client, manager)
    response = client.post(reverse("two-factor"), {"code": "000000"})
    assert response.status_code == 200
    assert WRONG_CODE in response.text
    assert 'href="#id_code"' in response.text  # the error summary links to the field
    assert SESSION_KEY not in client.session


def test_a_recovery_code_signs_in_once(client):
    manager = StaffFactory(role=roles.HEAD_OF_PUBLIC_PROTECTION)
    authenticator_for(manager)
    static = StaticDevice.objects.create(user=manager, name="Recovery codes")
    static.token_set.create(token="abcd2345")
    sign_in(client, manager)
    client.post(reverse("two-factor"), {"code": "ABCD 2345"})
    assert client.session[SESSION_KEY] == str(manager.pk)
    client.post(reverse("logout"))
    sign_in(client, manager)
    response = client.post(reverse("two-factor"), {"code": "abcd2345"})
    assert WRONG_CODE in response.text


def test_the_second_step_without_a_password_first_goes_back_to_the_sign_in(client):
    response = client.get(reverse("two-factor"))
    assert response.url == reverse("login")


def test_the_second_step_runs_out_after_five_minutes(client, settings):
    manager = StaffFactory(role=roles.LINE_MANAGER)
    device = authenticator_for(manager)
    sign_in(client, manager)
    session = client.session
    session[PENDING] = {**session[PENDING], "started_at": session[PENDING]["started_at"] - 301}
    session.save()
    response = client.post(reverse("two-factor"), {"code": code_from(device)})
    assert response.url == reverse("login")
    assert SESSION_KEY not in client.session


def test_first_sign_in_sets_up_the_authenticator_with_an_inline_qr_code_and_recovery_codes(client):
    manager = StaffFactory(role=roles.LINE_MANAGER)
    response = sign_in(client, manager)
    assert response.url == reverse("two-factor-set-up")
    page = client.get(response.url)
    assert '<svg role="img" aria-label="QR code' in page.text
    svg = page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<path" in svg and "href" not in svg  # drawn in the page: the secret goes to no image service
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    response = client.post(reverse("two-factor-set-up"), {"code": code_from(device)})
    assert response.url == reverse("recovery-codes")
    assert client.session[SESSION_KEY] == str(manager.pk)
    codes_page = client.get(response.url)
    codes = StaticDevice.objects.get(user=manager).token_set.values_list("token", flat=True)
    assert len(codes) == 10 and all(code in codes_page.text for code in codes)
    assert client.get(reverse("recovery-codes")).status_code == 302  # shown once only
    assert TOTPDevice.objects.get(user=manager).confirmed


def test_a_password_alone_cannot_replace_an_authenticator_that_is_set_up(client):
    manager = StaffFactory(role=roles.LINE_MANAGER)
    authenticator_for(manager)
    sign_in(client, manager)
    assert client.get(reverse("two-factor-set-up")).url == reverse("two-factor")
    assert TOTPDevice.objects.filter(user=manager).count() == 1


def test_demo_sign_ins_skip_the_second_factor_in_demo_mode_and_the_page_says_so(client, settings):
    settings.DEMO_MODE = True
    helen = StaffFactory(username="helen.carter", role=roles.LINE_MANAGER)
    assert "skip the security code" in client.get(reverse("login")).text
    assert sign_in(client, helen).url == reverse("home")
    assert client.session[SESSION_KEY] == str(helen.pk)


def test_demo_usernames_need_the_second_factor_when_demo_mode_is_off(client):
    helen = StaffFactory(username="helen.carter", role=roles.LINE_MANAGER)
    assert "skip the security code" not in client.get(reverse("login")).text
    assert sign_in(client, helen).url == reverse("two-factor-set-up")


def test_the_admin_has_no_password_only_sign_in_of_its_own(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_unknown_user_and_a_wrong_password_get_the_same_message(client):
    officer = StaffFactory()
    wrong_password = sign_in(client, officer, password="not-it")
    unknown = client.post(reverse("login"), {"username": "nobody-here", "password": "not-it"})
    assert WRONG_PASSWORD_MESSAGE in wrong_password.text
    assert WRONG_PASSWORD_MESSAGE in unknown.text
    assert wrong_password.status_code == unknown.status_code == 200


@pytest.mark.parametrize("exists", [True, False], ids=["known user", "unknown user"])
def test_ten_failures_lock_the_account_from_that_address_even_with_the_right_password(client, exists):
    officer = StaffFactory(username="priya") if exists else None
    for _ in range(10):
        client.post(reverse("login"), {"username": "priya", "password": "guess"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post(reverse("login"), {"username": "priya", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    assert "You have tried to sign in too many times" in locked.text
    assert SESSION_KEY not in client.session
    if officer:
        # Another address is not locked: an attacker cannot lock a colleague out from elsewhere.
        other = client.post(reverse("login"), {"username": "priya", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.2")
        assert other.url == reverse("home")


def test_nine_failures_then_the_right_password_signs_in(client):
    officer = StaffFactory()
    for _ in range(9):
        sign_in(client, officer, password="guess")
    assert sign_in(client, officer).url == reverse("home")


def test_an_administrator_unlocks_a_locked_out_sign_in(client):
    from axes.models import AccessAttempt

    officer = StaffFactory()
    for _ in range(10):
        sign_in(client, officer, password="guess")
    assert sign_in(client, officer).status_code == 429
    administrator = StaffFactory(role=roles.ADMINISTRATOR, is_staff=True)
    admin_client = type(client)()
    admin_client.force_login(administrator)
    attempt = AccessAttempt.objects.get(username=officer.username)
    response = admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert sign_in(client, officer).url == reverse("home")


def test_sign_out_is_post_only_and_ends_the_session_on_the_server(client):
    from django.contrib.sessions.models import Session

    officer = StaffFactory()
    sign_in(client, officer)
    session_key = client.session.session_key
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=session_key).exists()


def test_password_reset_sends_the_link_after_commit(client, mailoutbox, django_capture_on_commit_callbacks):
    officer = StaffFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("password_reset"), {"email": officer.email})
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert mailoutbox == []  # queued in the outbox, not sent from the request
    drain_outbox()  # what the outbox worker (or its sweep) does
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    assert "Choose a new password" in page.text
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    )
    assert response.url == reverse("password_reset_complete")
    officer.refresh_from_db()
    assert officer.check_password("a-new-long-passphrase")


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@probation.example"}, follow=True)
    assert "If that email address belongs to a Caseworks account" in response.text
    assert mailoutbox == []


def test_password_change_needs_the_current_password(client):
    officer = StaffFactory()
    client.force_login(officer)
    new = {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"}
    refused = client.post(reverse("password_change"), {"old_password": "wrong", **new})
    assert refused.status_code == 200 and "There is a problem" in refused.text
    done = client.post(reverse("password_change"), {"old_password": TEST_PASSWORD, **new})
    assert done.url == reverse("password_change_done")
