"""docs/performance-<size>-fanout.md, written by `python -m caseworks.bench.fanout` from its runs: the times, the
speed-up from one worker process to two, whether every run wrote what the single-process sweep wrote, and where
the time went (the workers' CPU, PostgreSQL's, everyone else's on the machine)."""

import os
import statistics
from datetime import UTC, datetime

from caseworks.bench import report

CORES = os.cpu_count() or 1


def _median(runs, value) -> float:
    return statistics.median(value(run) for run in runs)


def _row(label: str, runs, one_worker: float, reference: float) -> str:
    seconds = _median(runs, lambda run: run.seconds)
    sweep = _median(runs, lambda run: run.cpu["sweep"])
    database = _median(runs, lambda run: run.cpu["database"])
    machine = _median(runs, lambda run: run.cpu["machine"])
    chunks = _median(runs, lambda run: run.task_seconds.get("flag_overdue_contacts_chunk", 0.0))
    return (
        f"| {label} | {seconds:.2f} s | {one_worker / seconds:.2f}× | {reference / seconds:.2f}× | {sweep:.2f} s "
        f"| {database:.2f} s | {machine / seconds:.2f} of {CORES} | {f'{chunks:.2f} s' if chunks else ''} "
        f"| {runs[-1].shares} |"
    )


def write(*, size: str, machine: list[str], active: int, chunk_size: int, copied: str, runs: list) -> tuple:
    """Returns the report's path and whether every run wrote exactly what the first reference run wrote."""
    by_processes = {count: [run for run in runs if run.processes == count] for count in (0, 1, 2)}
    reference, one, two = by_processes[0], by_processes[1], by_processes[2]
    expected = reference[0].written
    identical = all(run.written == expected for run in runs)
    mismatches = [
        f"- {run.label}: {len(run.written.flags ^ expected.flags)} open flags and "
        f"{len(run.written.notifications ^ expected.notifications)} notifications differ"
        for run in runs
        if run.written != expected
    ]
    one_seconds = _median(one, lambda run: run.seconds)
    two_seconds = _median(two, lambda run: run.seconds)
    reference_seconds = _median(reference, lambda run: run.seconds)
    workers_one = _median(one, lambda run: run.cpu["sweep"])
    database_one = _median(one, lambda run: run.cpu["database"])
    used_one = _median(one, lambda run: (run.cpu["sweep"] + run.cpu["database"]) / run.seconds)
    used_two = _median(two, lambda run: (run.cpu["sweep"] + run.cpu["database"]) / run.seconds)
    serial = _median(
        two,
        lambda run: (
            run.task_seconds.get("flag_overdue_contacts", 0.0) + run.task_seconds.get("summarise_overdue_contacts", 0.0)
        ),
    )
    # PostgreSQL's figure is the whole server's, so others' queries count as the sweep's here: a lower bound.
    others = _median(two, lambda run: (run.cpu["machine"] - run.cpu["sweep"] - run.cpu["database"]) / run.seconds)
    chunks_one = _median(one, lambda run: run.task_seconds.get("flag_overdue_contacts_chunk", 0.0))
    chunks_two = _median(two, lambda run: run.task_seconds.get("flag_overdue_contacts_chunk", 0.0))
    summary = reference[0].summary
    lines = [
        f"# The overdue sweep on one Celery worker process and on two, at size `{size}`",
        "",
        "Written by `python -m caseworks.bench.fanout` (caseworks/bench/fanout.py, part of `make bench`); do not",
        "edit by hand. Each run sweeps its own copy of the bench database, so each finds the same work: the",
        "reference is `flag_overdue_contacts_in_chunks` in one process (what beat's task does without a result",
        "backend); the Celery runs send `supervision.tasks.flag_overdue_contacts` to a prefork worker with one pool",
        "process, then two (Redis broker and result backend), and are timed from that message to the chord's",
        f"summary. {len(reference)} repetitions of each, alternated; medians.",
        "",
        *machine,
        "",
        f"- active cases: {active:,}; chunks of {chunk_size:,} cases: {summary['chunks']}; flags opened: "
        f"{summary['opened']:,}; officers told: {summary['officers_notified']:,}; line managers told: "
        f"{summary['line_managers_notified']:,}",
        f"- copies of the bench database: {copied} for the first, then from that copy",
        f"- open flags after the sweep: {len(expected.flags):,}; notifications: {len(expected.notifications):,}; "
        f"e-mails queued: {reference[0].emails:,} (the Celery runs' workers leave them queued, as the reference "
        "does, caseworks/bench/fanout_settings.py: in production they share the queue and the summary waits behind "
        "them)",
        f"- **identical to the single-process run: {'yes' if identical else 'no'}** (every run's open flags by case, "
        "rule, case requirement and due day, and its notifications by recipient, event, flag, case, subject and "
        "body)",
        *mismatches,
        "",
        "| run | time (median) | speed-up over 1 worker process | over the reference | CPU of the sweep's processes "
        "| CPU of PostgreSQL (whole server) | machine busy (cores, everyone's) | chunk tasks' time in the worker "
        "| messages per pool process |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        _row("one process, no Celery (reference)", reference, one_seconds, reference_seconds),
        _row("Celery, 1 worker process", one, one_seconds, reference_seconds),
        _row("Celery, 2 worker processes", two, one_seconds, reference_seconds),
        "",
        "## Why two processes are not twice as fast here",
        "",
        f"- **Speed-up from one worker process to two: {one_seconds / two_seconds:.2f}×** ({one_seconds:.2f} s to "
        f"{two_seconds:.2f} s).",
        f"- Where one process's time goes: the worker is on a CPU for {workers_one:.1f} s of its {one_seconds:.1f} s; "
        f"PostgreSQL for at most {database_one:.1f} s (the server's whole CPU time meanwhile, every database's). The "
        "worker waits while its queries run, and both wait for a core: the sweep used "
        f"{used_one:.2f} of the {CORES} cores with one process and {used_two:.2f} with two. The rest of the machine "
        f"was busy with everyone else's work (other engineers' tests and benches): {others:.2f} cores during the "
        "two-process runs (machine-wide busy time from /proc/stat, less the workers' and PostgreSQL's).",
        f"- The chunk tasks' time, summed over the worker's processes, went from {chunks_one:.2f} s with one process "
        f"to {chunks_two:.2f} s with two: each chunk took {chunks_two / chunks_one:.1f} times as long when two ran "
        "at once (1.0 would mean a free core for each). The work was shared: the chunks kept "
        f"{chunks_two / two_seconds:.1f} processes busy on average over the two-process runs' time (summed chunk "
        f"time over the run's time; {chunks_one / one_seconds:.1f} with one process), but each ran slower.",
        f"- One process keeps about {used_one:.1f} of the {CORES} cores busy, its worker and its PostgreSQL backend "
        f"mostly taking turns, so a second process can add at most the other {max(CORES - used_one, 0):.1f}: a "
        f"speed-up of at most about {min(CORES / used_one, CORES):.1f}× on this machine, less whatever else runs on "
        f"it. The serial part is small ({serial:.2f} s: cutting the chunks before the chord, and the summary with the "
        "managers' digests after it); the limit is the cores the workers share with PostgreSQL and everyone else.",
        "- The chunks are independent (each its own transaction over its own range of case ids), so on machines",
        "  with more cores, or workers on several machines against one database server, the chunk phase divides by",
        "  the number of worker processes until the database server's CPU or the number of chunks is the limit.",
        "- The other work making each chunk faster changes these times, not the mechanism or the equality.",
        "",
        f"_Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC._",
        "",
    ]
    path = report.DOCS / f"performance-{size}-fanout.md"
    path.write_text("\n".join(lines))
    return path, identical
