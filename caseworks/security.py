"""Session limits, caching of personal data, and the client address for the sign-in lockout.

A session ends on the server after `SESSION_IDLE_SECONDS` without a request (30 minutes) and
`SESSION_ABSOLUTE_SECONDS` after sign-in (12 hours), however busy it has been: a workstation left signed in,
or a stolen session cookie, stops working on its own. The times are kept in the session as epoch seconds;
`session_has_expired` takes the current time as a parameter so tests pass it in.
"""

import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

SIGNED_IN_AT = "caseworks_signed_in_at"
LAST_SEEN_AT = "caseworks_last_seen_at"
# Writing the session on every request would be a database write per page; a minute's precision is plenty.
LAST_SEEN_PRECISION_SECONDS = 60
EXPIRED_MESSAGE = "You were signed out because your session ended. Sign in again to continue."


def now() -> float:
    return time.time()


@receiver(user_logged_in, dispatch_uid="caseworks.security.start_session_clock")
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = int(now())


def session_has_expired(session, *, at: float) -> bool:
    """True when the session has been idle too long or has lasted too long since sign-in."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is not None and at - signed_in_at >= settings.SESSION_ABSOLUTE_SECONDS:
        return True
    return last_seen_at is not None and at - last_seen_at >= settings.SESSION_IDLE_SECONDS


class SessionExpiryMiddleware:
    """Sign out a session past its idle or absolute limit, and note each request's time otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            current = now()
            if session_has_expired(request.session, at=current):
                logout(request)  # flushes the session row on the server, not only the cookie
                messages.info(request, EXPIRED_MESSAGE)
                return redirect_to_login(request.get_full_path())
            self._touch(request.session, int(current))
        return self.get_response(request)

    @staticmethod
    def _touch(session, current: int) -> None:
        # A session made without the sign-in page (force_login in tests, or one from before this check) starts
        # its clock now.
        session.setdefault(SIGNED_IN_AT, current)
        if current - session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_PRECISION_SECONDS:
            session[LAST_SEEN_AT] = current


class NoStoreMiddleware:
    """Every response to a signed-in user may show personal data: no browser or proxy may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins made through a web request.

    Every web sign-in passes its request (the sign-in form does), so each is counted and checked. A check with no
    request at all (a management command, `Client.login` in a test) has no address to count, and django-axes
    would raise; here it is left to the next backend instead, as there is no client to lock out.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The address the sign-in lockout counts by. Behind the TLS proxy (`BEHIND_TLS_PROXY`), the proxy's own
    X-Forwarded-For entry, the last one, which a client cannot forge; otherwise the connection's address."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")
