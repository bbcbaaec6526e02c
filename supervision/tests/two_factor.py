"""Test helpers for two-factor sign-in: a confirmed authenticator for a user, and the code it shows now.

The same objects a person's phone would hold: the sign-in still checks the code the production way.
"""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision.services.accounts import AUTHENTICATOR_NAME


def authenticator_for(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)


def code_from(device: TOTPDevice) -> str:
    """The code the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
