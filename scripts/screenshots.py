"""`make screenshots`: the README's pictures (docs/screenshots/), one per role, from a freshly seeded demo.

A temporary var/ folder (SQLite) is migrated and seeded as `make run` does, the web app is started on a free
port, and Debian's Chromium (/usr/bin/chromium, through Playwright) signs in as each role with the sign-in
page's demo buttons and photographs the page that role works from.

    .venv/bin/python scripts/screenshots.py
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 1100}
# (file name, demo user's full name as on the button, the page to photograph after signing in; None: landing)
SHOTS = [
    ("responsible-officer.png", "Priya Shah", None),
    ("line-manager.png", "Helen Carter", None),
    ("head-of-public-protection.png", "David Okafor", None),
    ("administrator.png", "Sam Reid", None),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} seconds")


def photograph(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.goto(f"{base}/sign-in/")
        page.screenshot(path=OUT / "sign-in.png", full_page=True)
        print(f"  {OUT / 'sign-in.png'}")
        page.context.close()
        for name, person, path in SHOTS:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(f"{base}/sign-in/")
            page.get_by_role("button", name=f"Sign in as {person}").click()
            page.wait_for_load_state()
            if path:
                page.goto(base + path)
            page.screenshot(path=OUT / name)
            print(f"  {OUT / name}")
            page.context.close()
        browser.close()


def main() -> int:
    python = sys.executable
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "CASEWORKS_VAR_DIR": var,
            "DATABASE_URL": "",
            "CELERY_BROKER_URL": "",
            "DEBUG": "true",
            "DEMO_MODE": "true",
            "SECURE_COOKIES": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        for command in (["migrate", "--no-input"], ["seed_demo"]):
            subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/healthz")
            print("Screenshots:")
            photograph(base)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
