"""Sign-in with a second factor for the roles that need one.

Line managers, Heads of Public Protection, administrators and anyone who can reach the admin sign in with their
password and then a code from an authenticator app (or a recovery code). The password alone makes no session:
it is remembered for five minutes as "waiting for the second factor", and only the right code signs the person
in. So every signed-in session of these roles has passed both factors; the admin site has no sign-in form of its
own (caseworks/admin_site.py). Someone without an authenticator yet sets one up on their first sign-in.

With DEMO_MODE on (`make run`), the published demo sign-ins skip the second factor, and the sign-in page lists
them with a "sign in as" button each (`demo_sign_in`), so a newcomer needs nothing from the terminal.
"""

import time
from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from supervision import roles
from supervision.demo.users import DEMO_USERS
from supervision.forms.sign_in import SecurityCodeForm, SignInForm
from supervision.services.accounts import confirm_authenticator, start_authenticator_enrolment

PENDING = "caseworks_two_factor_pending"
RECOVERY_CODES = "caseworks_recovery_codes"
WRONG_CODE = "The security code is not right. Enter the code your authenticator app shows now, or a recovery code"
START_AGAIN = "Sign in again: the time to enter the security code ran out."


def two_factor_required(user) -> bool:
    if settings.DEMO_MODE and user.get_username() in {demo.username for demo in DEMO_USERS}:
        return False
    return roles.needs_two_factor(user)


class SignInView(LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), "demo_mode": settings.DEMO_MODE}
        if settings.DEMO_MODE:
            context["demo_users"] = _demo_users()
        return context

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor_required(user):
            return super().form_valid(form)
        # A new session key, so a session id planted before the password cannot ride on the sign-in.
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user_id": user.pk,
            "backend": user.backend,
            "started_at": time.time(),
            "next": self.get_redirect_url(),
        }
        return redirect("two-factor" if user_has_device(user) else "two-factor-set-up")


def _demo_users() -> list[dict]:
    """The demo sign-ins that exist here, in DEMO_USERS' order, with their names and roles."""
    present = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=[d.username for d in DEMO_USERS], is_active=True)
    }
    return [
        {"username": d.username, "name": present[d.username].get_full_name() or d.username, "role": d.role}
        for d in DEMO_USERS
        if d.username in present
    ]


@login_not_required
@require_POST
def demo_sign_in(request):
    """DEMO_MODE only: sign in as one of the published demo users without their password. Anywhere else the
    address does not exist (404), so it cannot be found, let alone used, on a real service."""
    if not settings.DEMO_MODE:
        raise Http404
    username = request.POST.get("username", "")
    if username not in {demo.username for demo in DEMO_USERS}:
        raise Http404
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise Http404
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    next_url = request.POST.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect(settings.LOGIN_REDIRECT_URL)


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["started_at"] > settings.TWO_FACTOR_PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    return user, pending


def _complete_sign_in(request, user, pending, device):
    del request.session[PENDING]
    user.otp_device = device  # django_otp keeps it in the session on sign-in: request.user.is_verified()
    auth_login(request, user, backend=pending["backend"])
    next_url = pending.get("next")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect(settings.LOGIN_REDIRECT_URL)


def _start_again(request):
    request.session.pop(PENDING, None)
    messages.info(request, START_AGAIN)
    return redirect("login")


@login_not_required
def two_factor(request):
    """The second step of sign-in: the code from the authenticator app, or a recovery code."""
    user, pending = _pending_user(request)
    if user is None:
        return _start_again(request)
    if not user_has_device(user):
        return redirect("two-factor-set-up")
    form = SecurityCodeForm(
        request.POST or None,
        help_text="The 6-digit code your authenticator app shows for Caseworks, or one of your recovery codes.",
    )
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"You used a recovery code. You have {left} left.")
            return _complete_sign_in(request, user, pending, device)
        form.add_error("code", WRONG_CODE)
    return render(request, "registration/two_factor.html", {"form": form})


@login_not_required
def two_factor_set_up(request):
    """First sign-in of a role that needs a second factor: scan the QR code, then type the code it shows."""
    user, pending = _pending_user(request)
    if user is None:
        return _start_again(request)
    if user_has_device(user):
        # Once set up, the authenticator is changed only by someone who has it: never from a password alone.
        return redirect("two-factor")
    device = start_authenticator_enrolment(user)
    form = SecurityCodeForm(
        request.POST or None,
        help_text="The 6-digit code your authenticator app shows for Caseworks after you add it.",
        submit="Set up and sign in",
    )
    if request.method == "POST" and form.is_valid():
        codes = confirm_authenticator(device, form.cleaned_data["code"])
        if codes is not None:
            _complete_sign_in(request, user, pending, device)
            request.session[RECOVERY_CODES] = codes
            return redirect("recovery-codes")
        form.add_error("code", WRONG_CODE)
    context = {"form": form, "qr_code": qr_code_svg(device.config_url), "secret": _grouped_secret(device)}
    return render(request, "registration/two_factor_set_up.html", context)


def recovery_codes(request):
    """The recovery codes, shown once, straight after the authenticator is set up."""
    codes = request.session.pop(RECOVERY_CODES, None)
    if not codes:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/recovery_codes.html", {"codes": codes})


def qr_code_svg(data: str) -> str:
    """The QR code as inline SVG markup: no image request, no third-party service sees the secret."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration: the markup goes inside an HTML page
    return mark_safe(  # noqa: S308 - markup generated here from the device's own URL, nothing typed by a user
        svg.replace(
            "<svg", '<svg role="img" aria-label="QR code to scan with your authenticator app" class="app-qr-code"', 1
        )
    )


def _grouped_secret(device) -> str:
    """The key to type in by hand when the camera cannot scan, in groups of four as authenticator apps show it."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
