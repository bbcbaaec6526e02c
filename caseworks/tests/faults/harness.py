"""Real processes for the fault tests: Celery workers and beats on Redis and the test database, a tiny SMTP
server that can accept, refuse or hang, and the tallies the soak prints.

`SOAK_ROUNDS` (default 1) sets how many randomised rounds each fault test runs: `make test` runs one,
`make soak` many. `SOAK_SEED` replays a run.
"""

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from supervision.services.outbox import OUTBOX_HEADER

BASE_DIR = Path(__file__).resolve().parents[3]
WORKER_APPLICATION_NAME = "caseworks-fault-worker"


def rounds() -> int:
    return max(1, int(os.environ.get("SOAK_ROUNDS", "1")))


def rng() -> random.Random:
    seed = int(os.environ.get("SOAK_SEED", str(random.randrange(1_000_000))))
    print(f"fault tests: SOAK_SEED={seed}")
    return random.Random(seed)


@dataclass
class Tally:
    """What the soak proves, summed over rounds: every effect checked, none lost, none doubled. E-mails
    re-sent inside the outbox's documented window (a sender killed after the server accepted the message and
    before it was marked sent) are counted apart; any other second copy is a duplicate."""

    rounds: int = 0
    effects_checked: int = 0
    lost: int = 0
    duplicated: int = 0
    resent_in_window: int = 0
    faults: Counter = field(default_factory=Counter)

    def line(self, name: str) -> str:
        faults = ", ".join(f"{k}={v}" for k, v in sorted(self.faults.items()))
        return (
            f"SOAK {name}: rounds={self.rounds} effects_checked={self.effects_checked} lost={self.lost} "
            f"duplicated={self.duplicated} resent_in_at_least_once_window={self.resent_in_window} faults[{faults}]"
        )


def report(tally: Tally, name: str, capsys) -> None:
    line = tally.line(name)
    with capsys.disabled():
        print("\n" + line)
    out = BASE_DIR / "var" / "soak-summary.txt"
    out.parent.mkdir(exist_ok=True)
    with out.open("a") as summary:
        summary.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {line}\n")


def wait_until(condition, *, timeout: float, interval: float = 0.1, message: str = "condition", logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    tails = "\n".join(f"--- {path}\n{Path(path).read_text()[-3000:]}" for path in logs)
    pytest.fail(f"Timed out waiting for {message}.\n{tails}")


# SMTP ------------------------------------------------------------------------------------------------------


class SmtpServer:
    """Just enough SMTP for Django's backend. `mode` is "accept", "refuse" (421 and hang up) or "hang" (take
    the connection and never answer). Records the outbox id of every message it accepts."""

    def __init__(self):
        self.mode = "accept"
        self.received: list[int] = []
        self._lock = threading.Lock()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self._sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn, self.mode), daemon=True).start()

    def _session(self, conn, mode):
        with conn:
            if mode == "hang":
                while not self._stop:
                    time.sleep(0.1)
                return
            if mode == "refuse":
                conn.sendall(b"421 Service not available, closing channel\r\n")
                return
            self._converse(conn)

    def _converse(self, conn):
        conn.sendall(b"220 test ESMTP\r\n")
        reader = conn.makefile("rb")
        while True:
            line = reader.readline()
            if not line:
                return
            command = line.strip().upper()
            if command.startswith(b"EHLO") or command.startswith(b"HELO"):
                conn.sendall(b"250 test\r\n")
            elif command.startswith(b"DATA"):
                conn.sendall(b"354 go ahead\r\n")
                data = []
                while (chunk := reader.readline()) not in (b".\r\n", b""):
                    data.append(chunk)
                self._record(b"".join(data))
                conn.sendall(b"250 OK queued\r\n")
            elif command.startswith(b"QUIT"):
                conn.sendall(b"221 bye\r\n")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                conn.sendall(b"250 OK\r\n")

    def _record(self, data: bytes):
        for line in data.decode(errors="replace").splitlines():
            if line.lower().startswith(OUTBOX_HEADER.lower() + ":"):
                with self._lock:
                    self.received.append(int(line.split(":", 1)[1].strip()))

    def counts(self) -> Counter:
        with self._lock:
            return Counter(self.received)

    def close(self):
        self._stop = True
        self._sock.close()


# Celery processes --------------------------------------------------------------------------------------------


class Cluster:
    """Workers and beats as real processes, each in its own process group so SIGKILL takes all of it."""

    def __init__(self, *, database_url: str, redis_url: str, smtp_port: int):
        self.dir = Path(tempfile.mkdtemp(prefix="caseworks-faults-"))
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "0",
            # libpq's application name: the database fault ends only these processes' sessions, never the tests'.
            "PGAPPNAME": WORKER_APPLICATION_NAME,
            "CELERY_BROKER_URL": redis_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "1",
            "OUTBOX_RETRY_BASE_SECONDS": "1",
            "OUTBOX_CLAIM_SECONDS": "4",
            # Redis hands a dead worker's message to another after this; production waits 15 minutes.
            "CELERY_VISIBILITY_TIMEOUT": "6",
            "CELERY_TASK_TIME_LIMIT": "60",
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log_path = self.dir / f"{name}.log"
        self.logs[name] = log_path
        with log_path.open("a") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "caseworks", *args],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    def start_worker(self, name: str = "worker", *, pool: str = "prefork", wait: bool = True):
        offset = self.logs[name].stat().st_size if name in self.logs else 0
        args = ["worker", f"--pool={pool}", "--loglevel=INFO", "--without-gossip", "--without-mingle"]
        args += ["--without-heartbeat", f"--hostname={name}@%h"]
        if pool == "prefork":
            args.append("--concurrency=1")
        self._start(name, args)
        if wait:
            self.wait_ready(name, offset)

    def wait_ready(self, name: str, offset: int = 0):
        wait_until(
            lambda: "ready." in self.logs[name].read_text()[offset:],
            timeout=90,
            message=f"{name} to start",
            logs=[self.logs[name]],
        )

    def start_beat(self, name: str = "beat"):
        self._start(name, ["beat", "--loglevel=INFO", "--max-interval=1"])

    def kill(self, name: str) -> None:
        """SIGKILL the whole process group: no chance to acknowledge, requeue or clean up."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def kill_pool_child(self, name: str) -> bool:
        """SIGKILL the prefork pool's child running the task; the parent survives and requeues the message."""
        process = self.processes[name]
        children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        for pid in children:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                continue
            return True
        return False

    def log_text(self) -> str:
        return "\n".join(path.read_text() for path in self.logs.values())

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for name, process in self.processes.items():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill(name)
