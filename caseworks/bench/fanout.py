"""`python -m caseworks.bench.fanout` (part of `make bench`): the overdue sweep spread over Celery workers, one
worker process and then two, beside the single-process sweep on the same data (BENCH_SIZE, default region).
Writes docs/performance-<size>-fanout.md.

Every run gets a copy of the bench database of its own (caseworks/bench/copies.py), so each finds the same work:
- the reference: `flag_overdue_contacts_in_chunks`, the sweep beat's task runs without a result backend, in this
  process;
- through Celery: `celery worker --pool=prefork --concurrency N` (N = 1, then 2) on Redis databases
  BENCH_BROKER_URL and BENCH_RESULT_BACKEND (6 and 7 by default: both are flushed before and after), sent
  `supervision.tasks.flag_overdue_contacts` and timed from that message to the chord's summary result.
The open flags (case, rule, case requirement, due day) and the notifications written must equal the reference's
exactly, or the run fails. The CPU time of the sweep's processes, of the PostgreSQL server and of the whole machine
is read from /proc over the same interval, to show where the time goes. BENCH_FANOUT_REPETITIONS (default 3) runs
of each, alternated; medians. OVERDUE_SCAN_CHUNK_SIZE sets the chunks (default the setting's 2,000, and 200 at
size ci, so that it too has about ten chunks to share).
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/6")
RESULT_BACKEND = os.environ.get("BENCH_RESULT_BACKEND", "redis://127.0.0.1:6379/7")
CI_CHUNK_SIZE = 200
SWEEP_TASK = "supervision.tasks.flag_overdue_contacts"
WAIT_SECONDS = 1800
TASK_SUCCEEDED = re.compile(r"Task supervision\.tasks\.(\w+)\[[^\]]+\] succeeded in ([0-9.]+)s")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Written:
    """What a sweep leaves behind, by natural keys (ids of rows it created differ from copy to copy)."""

    flags: frozenset
    notifications: frozenset


@dataclass
class Run:
    label: str
    processes: int  # 0: the reference, in this process
    seconds: float
    summary: dict
    written: Written
    # CPU seconds: "sweep" (this process, or the worker and its pool), "database" (the whole PostgreSQL server),
    # "machine" (every core, everyone's)
    cpu: dict = field(default_factory=dict)
    task_seconds: dict = field(default_factory=dict)  # task name: seconds its runs took in the worker, in total
    shares: str = ""  # messages each pool process was given
    emails: int = 0  # e-mail messages the chunks queued (on a queue the bench's workers do not read)


# CPU time from /proc (Linux), for this process, a worker and its pool, PostgreSQL backends and the machine.


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far (0 once it is gone)."""
    fields = _stat(Path(f"/proc/{pid}/stat"))
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def with_children(pid: int) -> list[int]:
    """`pid` and the processes it started (a prefork worker's pool)."""
    found = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat(stat)
        if fields is not None and int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def machine_busy_seconds() -> float:
    """CPU time every core has spent on anything but waiting, so far (all users, all processes)."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLOCK_TICKS  # less idle and I/O wait


def _stat(path: Path) -> list[str] | None:
    try:
        return path.read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None


def postgresql_cpu_seconds() -> float:
    """CPU time of the whole PostgreSQL server so far: its live processes, and the backends that have exited
    (counted in the postmaster's children's time). Celery closes a task's connection when the task ends, so a
    worker's backends come and go; this counts them, and every other database's work on the server too."""
    total = 0.0
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() != "postgres":
                continue
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = _stat(comm.parent / "stat")
        if fields is None:
            continue
        total += int(fields[11]) + int(fields[12])
        if (
            Path(f"/proc/{fields[1]}/comm").exists()
            and Path(f"/proc/{fields[1]}/comm").read_text().strip() != "postgres"
        ):
            total += int(fields[13]) + int(fields[14])  # the postmaster: its exited backends
    return total / CLOCK_TICKS


# The runs.


def use_database(name: str) -> None:
    """Point this process's connection at another copy (as Django's test runner does for the test database)."""
    from django.db import connection, connections

    connections.close_all()
    connection.settings_dict["NAME"] = name


def written() -> Written:
    from supervision.models import Notification, OverdueFlag

    flags = {
        pk: tuple(key)
        for pk, *key in OverdueFlag.objects.values_list("pk", "case_id", "rule_id", "case_requirement_id", "due_on")
    }
    open_flags = frozenset(flags[pk] for pk in OverdueFlag.objects.open().values_list("pk", flat=True))
    notifications = set()
    for recipient, event_key, case, subject, body in Notification.objects.values_list(
        "recipient_id", "event_key", "case_id", "subject", "body"
    ):
        kind, _, detail = event_key.partition(":")
        if kind == "overdue-flag":  # keyed by the flag's id: compare the flag itself
            detail = flags[int(detail)]
        notifications.add((recipient, kind, detail, case, subject, body))
    return Written(open_flags, frozenset(notifications))


def reference_run(on, *, chunk_size: int) -> Run:
    from supervision.services.sweeps import flag_overdue_contacts_in_chunks

    before = (time.process_time(), postgresql_cpu_seconds(), machine_busy_seconds(), time.perf_counter())
    summary = flag_overdue_contacts_in_chunks(on=on, chunk_size=chunk_size)
    after = (time.process_time(), postgresql_cpu_seconds(), machine_busy_seconds(), time.perf_counter())
    sweep, database, machine, seconds = (a - b for a, b in zip(after, before, strict=True))
    return Run(
        "one process, no Celery (reference)",
        0,
        seconds,
        summary,
        written(),
        cpu={"sweep": sweep, "database": database, "machine": machine},
        emails=queued_emails(),
    )


def start_worker(*, processes: int, database_url: str, chunk_size: int, log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "caseworks.bench.fanout_settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": RESULT_BACKEND,
        "OVERDUE_SCAN_CHUNK_SIZE": str(chunk_size),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",  # the outbox's e-mails go nowhere
        "LOG_LEVEL": "INFO",  # each task's "succeeded in" line
    }
    command = [
        sys.executable, "-m", "celery", "-A", "caseworks", "worker", "--pool=prefork", f"--concurrency={processes}",
        "--queues=celery", f"--hostname=fanout{processes}@%h", "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            command, cwd=BENCH_DIR.parents[1], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 120
    while "ready." not in log_path.read_text():
        if worker.poll() is not None or time.monotonic() > deadline:
            stop_worker(worker)
            raise RuntimeError(f"The Celery worker did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    return worker


def stop_worker(worker: subprocess.Popen) -> None:
    """A warm shutdown; the worker's whole process group is killed if it has not stopped within a minute."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
            return
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def celery_client(*, broker: str = BROKER_URL, backend: str = RESULT_BACKEND):
    """A Celery client of its own on the bench's Redis databases, whatever this process's settings say."""
    from celery import Celery

    return Celery("caseworks-bench-fanout", broker=broker, backend=backend)


def sweep_through_celery(client, on) -> tuple[float, dict]:
    """Send the beat task and wait for the chord's summary: (seconds from sending to the summary, the summary)."""
    started = time.perf_counter()
    dispatched = client.send_task(SWEEP_TASK, kwargs={"on": on.isoformat()}).get(timeout=WAIT_SECONDS)
    if "summary_task" not in dispatched:
        raise RuntimeError(f"The worker ran the sweep without a chord (no result backend?): {dispatched}")
    summary = client.AsyncResult(dispatched["summary_task"]).get(timeout=WAIT_SECONDS)
    return time.perf_counter() - started, summary


def pool_shares(client, hostname_prefix: str) -> str:
    """How many messages the worker handed each of its pool processes (Celery's own statistics)."""
    stats = client.control.inspect(timeout=5).stats() or {}
    for name, values in stats.items():
        if name.startswith(hostname_prefix):
            return str(values.get("pool", {}).get("writes", {}).get("raw", ""))
    return ""


def celery_run(on, *, processes: int, database_url: str, chunk_size: int, log_path: Path) -> Run:
    client = celery_client()
    worker = start_worker(processes=processes, database_url=database_url, chunk_size=chunk_size, log_path=log_path)
    try:
        pool = with_children(worker.pid)
        before = (sum(map(cpu_seconds, pool)), postgresql_cpu_seconds(), machine_busy_seconds())
        seconds, summary = sweep_through_celery(client, on)
        after = (sum(map(cpu_seconds, pool)), postgresql_cpu_seconds(), machine_busy_seconds())
        sweep, database, machine = (a - b for a, b in zip(after, before, strict=True))
        emails = queued_emails()
        shares = pool_shares(client, f"fanout{processes}@")
    finally:
        stop_worker(worker)
        client.close()
    task_seconds: dict[str, float] = {}
    for name, took in TASK_SUCCEEDED.findall(log_path.read_text()):
        task_seconds[name] = task_seconds.get(name, 0.0) + float(took)
    label = f"Celery, {processes} worker process{'es' if processes > 1 else ''}"
    return Run(
        label,
        processes,
        seconds,
        summary,
        written(),
        cpu={"sweep": sweep, "database": database, "machine": machine},
        task_seconds=task_seconds,
        emails=emails,
        shares=shares,
    )


def queued_emails() -> int:
    import redis

    from caseworks.bench.fanout_settings import UNREAD_QUEUE

    client = redis.Redis.from_url(BROKER_URL)
    try:
        return client.llen(UNREAD_QUEUE)
    finally:
        client.close()


def flush_redis() -> None:
    import redis

    for url in (BROKER_URL, RESULT_BACKEND):
        client = redis.Redis.from_url(url)
        client.flushdb()
        client.close()


def measure(*, url: str, pristine: str, on, chunk_size: int, repetitions: int, workdir: Path) -> list[Run]:
    """Each repetition: the reference, one worker process, two; each on a fresh copy of `pristine`."""
    from caseworks.bench.copies import copy_database, database_url, drop_database

    runs = []
    for repetition in range(repetitions):
        for processes in (0, 1, 2):
            name = f"{pristine}_{repetition}_{processes}"
            use_database(pristine)  # closes this process's connection: a template must have none
            copy_database(database_url(url, pristine), name)
            try:
                use_database(name)
                flush_redis()
                say(f"Repetition {repetition + 1}: {processes or 'no'} worker processes...")
                if processes:
                    log_path = workdir / f"worker-{repetition}-{processes}.log"
                    run = celery_run(
                        on,
                        processes=processes,
                        database_url=database_url(url, name),
                        chunk_size=chunk_size,
                        log_path=log_path,
                    )
                else:
                    run = reference_run(on, chunk_size=chunk_size)
                say(f"  {run.seconds:.2f} s; {run.summary}")
                runs.append(run)
            finally:
                use_database(pristine)
                drop_database(url, name)
    return runs


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    size = os.environ.get("BENCH_SIZE", "region")
    repetitions = int(os.environ.get("BENCH_FANOUT_REPETITIONS", "3"))
    from caseworks.bench.copies import copy_database, database_name, database_url, drop_database
    from caseworks.bench.database import bench_database_url

    url = bench_database_url(size)
    chunk_size = int(os.environ.get("OVERDUE_SCAN_CHUNK_SIZE") or (CI_CHUNK_SIZE if size == "ci" else 2000))
    pristine = f"{database_name(url)}_fanout_{os.getpid()}"
    say(f"Copying {database_name(url)}...")
    started = time.perf_counter()
    copied = copy_database(url, pristine)
    copy_seconds = time.perf_counter() - started
    os.environ.update(
        DATABASE_URL=database_url(url, pristine),
        DJANGO_SETTINGS_MODULE="caseworks.bench.fanout_settings",
        OVERDUE_SCAN_CHUNK_SIZE=str(chunk_size),
        CELERY_BROKER_URL=BROKER_URL,  # the outbox messages the reference queues, flushed before the workers start
    )
    import tempfile

    import django

    django.setup()
    from django.db import connections
    from django.utils import timezone

    from caseworks.bench.fanout_report import write
    from caseworks.bench.report import machine
    from supervision.models import Case

    workdir = Path(tempfile.mkdtemp(prefix="caseworks-fanout-"))
    try:
        active = Case.objects.active().count()
        described = machine()
        if not active:
            raise SystemExit(f"{database_name(url)} has no cases: run `BENCH_SIZE={size} make bench` first")
        runs = measure(
            url=url,
            pristine=pristine,
            on=timezone.localdate(),
            chunk_size=chunk_size,
            repetitions=repetitions,
            workdir=workdir,
        )
    finally:
        connections.close_all()
        drop_database(url, pristine)
        flush_redis()
    path, identical = write(
        size=size,
        machine=described,
        active=active,
        chunk_size=chunk_size,
        copied=f"{copied}, {copy_seconds:.0f} s",
        runs=runs,
    )
    say(f"Wrote {path} (worker logs in {workdir})")
    if not identical:
        raise SystemExit("The Celery runs' flags or notifications differ from the single-process run's")


if __name__ == "__main__":
    main()
