"""Issue 15: `make run` from a fresh checkout, as CI would try it, and how it stops.

The stack runs as `make run` runs it (migrate, seed_demo, the runner) in a temporary var/ folder with SQLite and
the filesystem broker, on a free port. It must serve the sign-in page with the demo users, print its start-up
block, and leave nothing running or listening after SIGTERM, or after whatever started it dies.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from caseworks import devserver

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
STOP_SECONDS = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc (children of children too: Celery's pool)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has stopped; only its parent's wait is missing


def listening(port: int) -> bool:
    return devserver.answers("127.0.0.1", port)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return condition()


def sign_in_page(port: int) -> str | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2) as response:
            return response.read().decode() if response.status == 200 else None
    except OSError:
        return None


@pytest.fixture(scope="module")
def fresh_checkout(tmp_path_factory):
    """A first run's environment: nothing configured but what `make run` sets; migrated and seeded."""
    var = tmp_path_factory.mktemp("var")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CELERY_", "SITE_URL", "EMAIL_", "DJANGO_", "PYTEST", "TEST_"))
    }
    env.update(
        CASEWORKS_VAR_DIR=str(var),
        DEBUG="true",
        DEMO_MODE="true",
        SECURE_COOKIES="false",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        RUN_HOST="127.0.0.1",
    )
    for command in (["migrate", "--no-input"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
        )
    return env, var


def start(env: dict, var: Path, *, via_parent: bool = False):
    port = free_port()
    log = open(var / f"run-{port}.log", "w")  # noqa: SIM115 - closed by the caller's stop
    runner = [sys.executable, "-m", "caseworks.devserver"]
    if via_parent:
        # Stands in for `make`: starts the runner, says its pid, and waits to be killed.
        runner = [
            sys.executable,
            "-c",
            "import subprocess, sys, time; p = subprocess.Popen(sys.argv[1:], stdout=sys.stderr); "
            "print(p.pid, flush=True); "
            "time.sleep(600)",
            *runner,
        ]
    process = subprocess.Popen(
        runner, cwd=ROOT, env={**env, "RUN_PORT": str(port)}, stdout=subprocess.PIPE if via_parent else log,
        stderr=subprocess.STDOUT if not via_parent else log, start_new_session=True, text=True,
    )  # fmt: skip
    return process, port, log


def kill_everything(pids):
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_a_fresh_checkout_serves_the_sign_in_page_and_sigterm_stops_all_three(fresh_checkout):
    env, var = fresh_checkout
    process, port, log = start(env, var)
    below = set()
    try:
        assert wait_for(lambda: sign_in_page(port) is not None, STARTUP_SECONDS), "the sign-in page never answered"
        page = sign_in_page(port)
        assert "Sign in to Caseworks" in page and 'id="demo-users"' in page and "priya.shah" in page
        assert wait_for(lambda: "Caseworks is running at" in (var / f"run-{port}.log").read_text(), 30)
        below = descendants(process.pid)
        assert len(below) >= 3  # the web app, the worker (and its pool) and beat

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=STOP_SECONDS) == 0
        assert wait_for(lambda: not any(running(pid) for pid in below), 5), [p for p in below if running(p)]
        assert not listening(port)
    finally:
        kill_everything(below | {process.pid})
        log.close()

    printed = (var / f"run-{port}.log").read_text()
    block = printed[printed.index("Caseworks is running at") :]
    assert f"Caseworks is running at http://127.0.0.1:{port}/" in block
    assert "priya.shah" in block and "Line manager" in block and "caseworks-demo" in block
    assert "E-mail: printed in this terminal by the worker" in block
    assert "Stop: Ctrl-C" in block and "SIGTERM" in block
    assert "Stopped." in printed


def test_when_what_started_it_dies_the_runner_and_all_three_stop(fresh_checkout):
    env, var = fresh_checkout
    parent, port, log = start(env, var, via_parent=True)
    runner = int(parent.stdout.readline())
    below = set()
    try:
        assert wait_for(lambda: sign_in_page(port) is not None, STARTUP_SECONDS)
        below = descendants(runner)
        parent.kill()  # as `make` killed with SIGKILL, or an IDE that vanished
        parent.wait(timeout=5)
        assert wait_for(lambda: not any(running(pid) for pid in below | {runner}), STOP_SECONDS)
        assert not listening(port)
    finally:
        kill_everything(below | {runner, parent.pid})
        log.close()


def test_a_port_already_in_use_is_said_plainly_and_nothing_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "RUN_PORT": str(port), "RUN_HOST": "127.0.0.1", "CASEWORKS_VAR_DIR": str(tmp_path)}
        result = subprocess.run(
            [sys.executable, "-m", "caseworks.devserver"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
        )
    assert result.returncode == 1
    assert f"Something is already serving 127.0.0.1:{port}" in result.stderr and "RUN_PORT=" in result.stderr
    assert "Caseworks is running" not in result.stdout


def test_links_in_e_mails_follow_the_port_unless_site_url_is_set():
    assert devserver.child_environment({}, "127.0.0.1", "8123")["SITE_URL"] == "http://127.0.0.1:8123"
    given = {"SITE_URL": "https://caseworks.example"}
    assert devserver.child_environment(given, "127.0.0.1", "8123")["SITE_URL"] == "https://caseworks.example"


def test_the_start_up_block_says_where_mail_goes():
    assert "printed in this terminal" in devserver.where_mail_goes(
        {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
    assert devserver.where_mail_goes({"EMAIL_HOST": "mail.example", "EMAIL_PORT": "587"}) == (
        "sent by SMTP to mail.example:587"
    )
