"""Sign-in accounts: set-password links and two-factor devices.

Nobody sets another person's password, administrators included: they send a link to the person's own e-mail
address, and the person chooses the password. The message goes through the e-mail outbox (written in the
same transaction, sent by a worker after commit): a change that rolls back sends nothing, no mail server is
waited on while rows are locked, and a mail server outage delays the link but does not lose it.

A second factor is an authenticator app (TOTP) plus ten single-use recovery codes for when the phone is lost.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision.services.outbox import queue_email

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


def set_password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def send_set_password_link(user) -> bool:
    """E-mail the user a link to choose their own password. False when they have no e-mail address."""
    if not user.email:
        return False
    context = {"user": user, "link": set_password_link(user), "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    subject = render_to_string("registration/set_password_subject.txt", context).strip()
    body = render_to_string("registration/set_password_email.txt", context)
    queue_email(user.email, subject, body)
    return True


@transaction.atomic
def start_authenticator_enrolment(user) -> TOTPDevice:
    """The user's unconfirmed authenticator, made once and kept until confirmed, so the QR code a person has
    already scanned stays valid if they reload the page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR_NAME).first()
    return device or TOTPDevice.objects.create(user=user, confirmed=False, name=AUTHENTICATOR_NAME)


@transaction.atomic
def confirm_authenticator(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator when the code it shows is right, and issue fresh recovery codes.

    Returns the recovery codes (shown once, never stored in the clear anywhere else), or None for a wrong code.
    Any earlier authenticator or recovery codes the user had stop working.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_recovery_codes(device.user)


@transaction.atomic
def issue_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes
