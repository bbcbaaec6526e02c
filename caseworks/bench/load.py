"""Pages under load: gunicorn (3 workers, as deployed) on 127.0.0.1 and locust headless, at 20 and 50 users
with about a second's think time (p95 per page, errors), then at saturation (no think time) beside a trivial
Django view measured the same way in the same run (throughput)."""

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from supervision.models import Case, ContactType

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
WORKERS = 3
TARGETS_MS = {"case record": 150, "caseload": 150, "record a contact": 200, "region list": 300}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def users_file(officer_ids: list[int], head_usernames: list[str]) -> str:
    officers = []
    for user_id, username in officer_ids:
        crns = list(Case.objects.active().filter(responsible_officer_id=user_id).values_list("crn", flat=True)[:30])
        officers.append({"username": username, "crns": crns})
    pool = {"officers": officers, "heads": head_usernames, "contact_type": ContactType.objects.get(code="COAP").pk}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(pool, handle)
    return handle.name


def _number(value: str | None) -> float:
    """Locust writes N/A for a percentile it has no response for (every request failed)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def parse_stats(path: str) -> dict[str, dict]:
    """Locust's stats CSV, by request name: count, failures, p95 (ms), requests per second."""
    with open(path) as handle:
        return {
            row["Name"]: {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p95": _number(row["95%"]),
                "median": _number(row["50%"]),
                "rps": _number(row["Requests/s"]),
            }
            for row in csv.DictReader(handle)
        }


def locust(host: str, env: dict, users: int, classes: list[str], *, think: bool) -> dict[str, dict]:
    prefix = tempfile.mkdtemp() + "/run"
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(BASE_DIR / "caseworks" / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users),
            "--run-time",
            f"{SECONDS}s",
            "--host",
            host,
            "--csv",
            prefix,
            "--loglevel",
            "ERROR",
            *classes,
        ],
        env={**env, "BENCH_THINK": "1" if think else "0"},
        check=False,
        capture_output=True,
        cwd=BASE_DIR,
        timeout=SECONDS + 120,
    )
    return parse_stats(prefix + "_stats.csv")


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def load_benchmarks(*, database_url: str, officer, head) -> list[str]:
    from supervision.models import StaffProfile

    team_officers = list(
        StaffProfile.objects.filter(grade__in=["PO", "PSO"])
        .order_by("user_id")
        .values_list("user_id", "user__username")[:60]
    )
    heads = list(StaffProfile.objects.filter(grade="HOPP").values_list("user__username", flat=True))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "caseworks.bench.settings",
        "BENCH_USERS_FILE": users_file(team_officers, heads),
    }
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "caseworks.wsgi:application", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(f"{host}/bench/trivial/")
        runs = {users: locust(host, env, users, ["Officer", "Head"], think=True) for users in (20, 50)}
        saturated = locust(host, env, 20, ["Officer", "Head"], think=False)
        trivial = locust(host, env, 20, ["Trivial"], think=False)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return load_rows(runs, saturated, trivial)


def load_rows(runs: dict[int, dict], saturated: dict, trivial: dict) -> list[str]:
    rows = [
        f"gunicorn with {WORKERS} workers on 127.0.0.1 and locust on the same 2 CPUs, {SECONDS} s per run. Users",
        "think 0.5 to 1.5 s between requests; officers (9 in 10) open their caseload, case records and record",
        "contacts, Heads of Public Protection (1 in 10) open the region list. Each simulated user signs in once",
        "through a bench-only view (caseworks/bench/urls.py), so sign-in hashing is not measured.",
        "",
        "| page | users | requests | errors | median | p95 | p95 target | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for users, stats in runs.items():
        for name, target in TARGETS_MS.items():
            s = stats.get(name)
            if s is None:
                rows.append(f"| {name} | {users} | 0 | | | | {target} ms | no requests |")
                continue
            met = "yes" if s["p95"] <= target and not s["failures"] else "no"
            rows.append(
                f"| {name} | {users} | {s['count']:,} | {s['failures']} | {s['median']:.0f} ms | {s['p95']:.0f} ms "
                f"| {target} ms | {met} |"
            )
    pages = saturated.get("Aggregated", {}).get("rps", 0.0)
    framework = trivial.get("Aggregated", {}).get("rps", 0.0)
    share = pages / framework if framework else 0.0
    rows += [
        "",
        "Throughput at saturation (20 users, no think time), in the same run:",
        "",
        f"- the pages above, mixed as above: **{pages:.1f} requests/s** "
        f"({saturated.get('Aggregated', {}).get('failures', 0)} errors)",
        f"- a trivial Django view (caseworks/bench/urls.py, the same middleware): **{framework:.1f} requests/s**",
        f"- ratio **1/{(1 / share) if share else float('inf'):.1f}** of the trivial view (target: at least 1/5): "
        f"{'met' if share >= 0.2 else 'not met'}",
    ]
    return rows
