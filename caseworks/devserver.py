"""`make run`: the web app, a Celery worker and Celery beat in one foreground command.

Ctrl-C stops all three. The filesystem broker's worker sometimes ignores SIGTERM, so anything still
running a few seconds after SIGTERM gets SIGQUIT, then SIGKILL.
"""

import os
import signal
import subprocess
import sys
import time

HOST = os.environ.get("RUN_HOST", "127.0.0.1")
PORT = os.environ.get("RUN_PORT", "8000")


def main() -> int:
    python = sys.executable
    commands = {
        "web": [python, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
        "worker": [python, "-m", "celery", "-A", "caseworks", "worker", "--loglevel=INFO", "--concurrency=1"],
        "beat": [python, "-m", "celery", "-A", "caseworks", "beat", "--loglevel=INFO"],
    }
    processes = {name: subprocess.Popen(cmd, start_new_session=True) for name, cmd in commands.items()}
    print(f"\nCaseworks is running at http://{HOST}:{PORT}/  (Ctrl-C stops the web app, worker and beat)\n", flush=True)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping:
        exited = [name for name, p in processes.items() if p.poll() is not None]
        if exited:
            print(f"{', '.join(exited)} stopped unexpectedly; stopping the rest.", file=sys.stderr)
            break
        time.sleep(0.5)

    # SIGTERM to each main process lets it stop its own children (Celery's pool) cleanly; what is left
    # after the grace period gets SIGQUIT, then SIGKILL, as a whole process group.
    for sig, grace in ((signal.SIGTERM, 8), (signal.SIGQUIT, 3), (signal.SIGKILL, 1)):
        alive = [p for p in processes.values() if p.poll() is None]
        for p in alive:
            if sig == signal.SIGTERM:
                p.send_signal(sig)
            else:
                os.killpg(p.pid, sig)
        deadline = time.monotonic() + grace
        while any(p.poll() is None for p in alive) and time.monotonic() < deadline:
            time.sleep(0.2)
    print("Stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
