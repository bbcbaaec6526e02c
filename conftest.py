"""Fixtures every app's tests share: Chromium pages against pytest-django's live server, axe checks, screenshots.

A browser test looks like this::

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True)
    def test_caseload_is_accessible(signed_in_page, assert_accessible, screenshot):
        page = signed_in_page(officer, TEST_PASSWORD)  # or signed_in_page(..., phone=True) for 375 px
        expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
        assert_accessible(page)
        screenshot(page, "caseload")  # var/screenshots/caseload.png

Pages open relative URLs against the live server (`page.goto("/caseload/")`). Every page also watches for broken
front-end assets: a font, image, stylesheet or script that fails to load, or an uncaught JavaScript error, fails
the test when it finishes, so a missing `python -m caseworks.assets` or a bad path never passes unnoticed.

Chromium is Debian's /usr/bin/chromium driven by plain Playwright (`playwright install` cannot download here).
Without it browser tests are skipped, unless CI=true, where they fail. `DJANGO_ALLOW_ASYNC_UNSAFE` is set by
caseworks/testenv.py: Playwright's sync API runs an event loop in the test's thread.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

BASE_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
SCREENSHOT_DIR = BASE_DIR / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# Fixtures that drive Chromium; a test using any of them is marked `browser` even if its author forgot.
BROWSER_FIXTURES = {"browser", "new_page", "page", "phone_page", "signed_in_page"}
# Resource types whose failure to load is always a bug. Documents are left out: a test may mean to get a 403.
ASSET_TYPES = {"stylesheet", "script", "font", "image", "manifest", "media"}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with stray sessions ended before it is dropped.

    Once Playwright's session-wide browser is running, Django can open a test's connection in a context the
    final teardown cannot reach (the sync API switches greenlets, each with its own context variables), and
    PostgreSQL then refuses to drop a database that still has a session. Ending the test database's other
    sessions at the very end lets every run clean up after itself.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connection.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """MD5 instead of full-strength PBKDF2 in tests: hashing every test user's password took about half the
    unit suite's time. Production keeps Django's default hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    """Serve static files from the source folders in tests.

    Outside DEBUG the settings use whitenoise's manifest storage, whose `{% static %}` needs the manifest that
    collectstatic writes; tests run without collectstatic, so every page would fail to render. The manifest
    storage itself is exercised by supervision/tests/browser/test_page_template.py, which runs collectstatic.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test gets its own context (cookies, storage)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if _in_ci():
            pytest.fail(f"CI=true but {reason}.", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class _AssetProblems:
    """What went wrong loading a page's front end, gathered from Playwright's events."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error on {page.url}: {error}"))

    def _on_response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type in ASSET_TYPES:
            self.problems.append(f"{response.status} for {response.request.resource_type} {response.url}")

    def _on_request_failed(self, request) -> None:
        # Leaving a page cancels what it was still loading; that is not a broken asset.
        failure = request.failure or ""
        if request.resource_type in ASSET_TYPES and "ERR_ABORTED" not in failure:
            self.problems.append(f"{request.resource_type} {request.url} failed: {failure}")


def _require_transactional_db(request) -> None:
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction"))
    if not transactional:
        pytest.fail(
            "Browser tests need @pytest.mark.django_db(transaction=True): the live server runs in another "
            "thread and cannot see data from a test's unfinished transaction.",
            pytrace=False,
        )


@pytest.fixture
def new_page(request, browser, live_server) -> Iterator[Callable[..., Page]]:
    """Factory: `new_page(phone=False)` opens a fresh browser context and page on the live server.

    `phone=True` gives a 375 × 812 touch viewport; `viewport={"width": ..., "height": ...}` any other size.
    """
    _require_transactional_db(request)
    contexts: list[BrowserContext] = []
    watcher = _AssetProblems()

    def open_page(*, phone: bool = False, viewport: dict | None = None) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or (PHONE if phone else DESKTOP),
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watcher.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    if watcher.problems:
        pytest.fail("The page's front end did not load cleanly:\n  " + "\n  ".join(watcher.problems), pytrace=False)


@pytest.fixture
def page(new_page) -> Page:
    """A desktop-sized (1280 × 900) page on the live server."""
    return new_page()


@pytest.fixture
def phone_page(new_page) -> Page:
    """A phone-sized (375 × 812) page on the live server."""
    return new_page(phone=True)


@pytest.fixture
def signed_in_page(new_page) -> Callable[..., Page]:
    """Factory: `signed_in_page(user, password, phone=False)` signs in through the real sign-in form.

    Returns the page where the sign-in landed (the user's home page). Fails, quoting the page's error summary,
    if the sign-in form is still showing. For a role that needs a second factor (line managers, Heads of Public
    Protection, administrators), the user gets a confirmed authenticator, as if set up on their phone, and the
    fixture types the code it shows now into the real security-code page: production's check, nothing skipped.
    """
    from django.urls import reverse

    from supervision.tests.two_factor import authenticator_for, code_from
    from supervision.views.sign_in import two_factor_required

    def sign_in(user, password: str, *, phone: bool = False) -> Page:
        page = new_page(phone=phone)
        sign_in_url = reverse("login")
        device = None
        if two_factor_required(user):
            device = authenticator_for(user)
            # A code is accepted once; a second sign-in in the same 30 seconds would otherwise be a replay.
            type(device).objects.filter(pk=device.pk).update(last_t=-1)
        page.goto(sign_in_url)
        page.locator("#id_username").fill(user.get_username())
        page.locator("#id_password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if device is not None and page.url.split("?")[0].endswith(reverse("two-factor")):
            page.locator("#id_code").fill(code_from(device))
            with page.expect_navigation():
                page.get_by_role("button", name="Continue").click()
        if page.url.split("?")[0].endswith((sign_in_url, reverse("two-factor"))):
            summary = page.locator(".govuk-error-summary")
            problem = summary.inner_text() if summary.count() else "no error summary shown"
            pytest.fail(f"Could not sign in as {user.get_username()!r}: {problem}", pytrace=False)
        return page

    return sign_in


def _describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}  <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(str(target) for target in node['target'])}: {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible() -> Callable[..., None]:
    """`assert_accessible(page)` runs axe-core (WCAG 2.2 A and AA rules) on the page as it is now.

    Fails listing each violation's rule id, impact, help text and the elements at fault. Pass
    `disable_rules=["rule-id"]` only with a comment saying why the rule does not apply.
    """

    def check(page: Page, *, disable_rules: tuple[str, ...] | list[str] = ()) -> None:
        if not AXE_SCRIPT.is_file():
            pytest.fail(f"{AXE_SCRIPT} is missing: run npm ci.", pytrace=False)
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the browser's debugging protocol rather than added as a <script>: the page's
            # Content-Security-Policy rightly refuses an inline script without its nonce.
            page.evaluate(AXE_SCRIPT.read_text())
        options = {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "rules": {rule: {"enabled": False} for rule in disable_rules},
            "resultTypes": ["violations"],
        }
        results = page.evaluate("async (options) => await window.axe.run(document, options)", options)
        violations = results["violations"]
        if violations:
            pytest.fail(
                f"{len(violations)} accessibility violation(s) on {page.url}:\n{_describe_violations(violations)}",
                pytrace=False,
            )

    return check


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """`screenshot(page, name)` saves var/screenshots/<name>.png (full page) for a person to look at."""

    def save(page: Page, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save
