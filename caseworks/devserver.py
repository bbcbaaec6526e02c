"""`make run`: the web app, a Celery worker and Celery beat in one foreground command.

Ctrl-C (SIGINT) and SIGTERM both stop all three, and so does the death of whatever started this runner (`make`,
an IDE, `timeout`): the children run in sessions of their own, so a signal sent to `make` alone would otherwise
leave them running and holding the port. On Linux the kernel tells each process when its parent dies
(PR_SET_PDEATHSIG); elsewhere the runner notices its parent has changed. The filesystem broker's worker
sometimes ignores SIGTERM, so anything still running a few seconds after SIGTERM gets SIGQUIT, then SIGKILL.

Once the web app answers, it prints one short block: the address, the demo sign-ins, where e-mail goes and how
to stop. `SITE_URL` (the base of links in e-mails) follows `RUN_HOST` and `RUN_PORT` unless it is set.
"""

import ctypes
import ctypes.util
import os
import signal
import socket
import subprocess
import sys
import time

HOST = os.environ.get("RUN_HOST", "127.0.0.1")
PORT = os.environ.get("RUN_PORT", "8000")
PR_SET_PDEATHSIG = 1
STARTUP_SECONDS = 90  # a first run on a slow machine migrates nothing here, but imports take a while


LIBC = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True) if sys.platform.startswith("linux") else None


def die_with_parent() -> None:
    """Ask the kernel to send SIGTERM to this process when its parent exits (Linux only; a no-op elsewhere).
    Also run in each child between fork and exec, so libc is loaded once, before any fork."""
    if LIBC is not None:
        LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def child_environment(environ: dict, host: str, port: str) -> dict:
    """The children's environment: links in e-mails (SITE_URL) point at the port served, unless set."""
    env = dict(environ)
    if not env.get("SITE_URL"):
        env["SITE_URL"] = f"http://{host}:{port}"
    return env


def commands(python: str) -> dict[str, list[str]]:
    return {
        "web": [python, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
        "worker": [python, "-m", "celery", "-A", "caseworks", "worker", "--loglevel=INFO", "--concurrency=1"],
        "beat": [python, "-m", "celery", "-A", "caseworks", "beat", "--loglevel=INFO"],
    }


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def where_mail_goes(env: dict) -> str:
    backend = env.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    if backend.endswith("console.EmailBackend"):
        return "printed in this terminal by the worker (console backend)"
    if backend.endswith("filebased.EmailBackend"):
        return f"written to files in {env.get('EMAIL_FILE_PATH', 'var/sent-mail')}"
    return f"sent by SMTP to {env.get('EMAIL_HOST', 'localhost')}:{env.get('EMAIL_PORT', '25')}"


def demo_sign_ins(python: str, env: dict) -> list[str]:
    """The demo sign-ins that exist in this database, from `seed_demo --sign-ins` (caseworks imports no app)."""
    result = subprocess.run(
        [python, "manage.py", "seed_demo", "--sign-ins"], env=env, capture_output=True, text=True, timeout=60
    )
    return [line for line in result.stdout.splitlines() if line.strip()] if result.returncode == 0 else []


def banner(url: str, sign_ins: list[str], env: dict) -> str:
    lines = ["", "=" * 72, f"Caseworks is running at {url}/", ""]
    if sign_ins:
        lines += ["Demo sign-ins (all fictional):", *sign_ins, ""]
    lines += [
        f"E-mail: {where_mail_goes(env)}.",
        "Stop: Ctrl-C here, or SIGTERM to make: the web app, worker and beat all stop.",
        "=" * 72,
        "",
    ]
    return "\n".join(lines)


def stop_all(processes: dict) -> None:
    # SIGTERM to each main process lets it stop its own children (Celery's pool) cleanly; what is left
    # after the grace period gets SIGQUIT, then SIGKILL, as a whole process group.
    for sig, grace in ((signal.SIGTERM, 8), (signal.SIGQUIT, 3), (signal.SIGKILL, 1)):
        alive = [p for p in processes.values() if p.poll() is None]
        for p in alive:
            try:
                if sig == signal.SIGTERM:
                    p.send_signal(sig)
                else:
                    os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while any(p.poll() is None for p in alive) and time.monotonic() < deadline:
            time.sleep(0.2)


def main() -> int:
    parent = os.getppid()
    die_with_parent()
    python = sys.executable
    env = child_environment(os.environ, HOST, PORT)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    # Handlers first: a signal during start-up must still stop whatever has started.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if os.getppid() != parent:  # the parent died before PR_SET_PDEATHSIG was in place
        return 0
    if answers(HOST, int(PORT)):
        # Otherwise the worker and beat would start beside someone else's server and the page would be theirs.
        taken = f"Something is already serving {HOST}:{PORT} (another `make run`?). Stop it, or choose another port"
        print(f"{taken}: RUN_PORT=8001 make run", file=sys.stderr)
        return 1
    # Each child also dies with this runner, even if it is killed with SIGKILL and cannot stop them itself.
    processes = {
        name: subprocess.Popen(cmd, env=env, start_new_session=True, preexec_fn=die_with_parent)
        for name, cmd in commands(python).items()
    }
    announced, started = False, time.monotonic()
    while not stopping:
        exited = [name for name, p in processes.items() if p.poll() is not None]
        if exited:
            print(f"{', '.join(exited)} stopped unexpectedly; stopping the rest.", file=sys.stderr)
            break
        if os.getppid() != parent:  # what started us has gone (non-Linux, or PDEATHSIG not delivered)
            break
        if not announced and answers(HOST, int(PORT)):
            print(banner(env["SITE_URL"], demo_sign_ins(python, env), env), flush=True)
            announced = True
        elif not announced and time.monotonic() - started > STARTUP_SECONDS:
            print(f"The web app did not answer on {HOST}:{PORT}; stopping.", file=sys.stderr)
            break
        time.sleep(0.5)
    stop_all(processes)
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
