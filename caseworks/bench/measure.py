"""Timing, query counting and peak memory for one benchmark: the application's way and a baseline, alternated."""

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

WRITES = ("INSERT", "UPDATE", "DELETE")


class Rollback(Exception):
    """Raised inside `rolled_back` to undo what the measured code wrote."""


@dataclass
class Comparison:
    """The application's times beside one or more baselines' (the first is the main one), same run."""

    name: str
    app_seconds: list[float] = field(default_factory=list)
    baselines: dict[str, list[float]] = field(default_factory=dict)
    queries: int | None = None
    writes: int | None = None
    peak_mb: float | None = None
    note: str = ""

    @property
    def app_median(self) -> float:
        return statistics.median(self.app_seconds)

    def baseline_median(self, baseline: str | None = None) -> float:
        return statistics.median(self.baselines[baseline or next(iter(self.baselines))])

    def ratio(self, baseline: str | None = None) -> float:
        """How many times the baseline's time the application takes (medians)."""
        base = self.baseline_median(baseline)
        return self.app_median / base if base else float("inf")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def rolled_back(fn: Callable[[], object]) -> Callable[[], object]:
    """`fn` in a transaction that is always rolled back, so that a repetition starts from the same data."""

    def run():
        box = []
        try:
            with transaction.atomic():
                box.append(fn())
                raise Rollback
        except Rollback:
            pass
        return box[0]

    return run


def alternate(
    name: str,
    app: Callable[[], object],
    baselines: dict[str, Callable[[], object]],
    *,
    repetitions: int = 5,
    same: Callable[[object, object], bool] | None = None,
) -> Comparison:
    """Run the application's way, then each baseline, and again, `repetitions` times (after one warm-up of each,
    not counted). With `same`, the application's result and the first baseline's must agree every time (the
    baseline returns the same numbers), else AssertionError."""
    result = Comparison(name, baselines={label: [] for label in baselines})
    app()
    for fn in baselines.values():
        fn()
    main = next(iter(baselines))
    for _ in range(repetitions):
        seconds, app_result = timed(app)
        result.app_seconds.append(seconds)
        for label, fn in baselines.items():
            seconds, baseline_result = timed(fn)
            result.baselines[label].append(seconds)
            if label == main and same is not None and not same(app_result, baseline_result):
                raise AssertionError(
                    f"{name}: application and baseline disagree: {app_result!r} != {baseline_result!r}"
                )
    return result


def count_queries(fn: Callable[[], object]) -> tuple[int, int, list[dict]]:
    """(queries, writing statements, the queries themselves) for one run of `fn`."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    writes = sum(1 for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES))
    return len(captured.captured_queries), writes, captured.captured_queries


def _status_mb(field_name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_memory_mb(fn: Callable[[], object]) -> float:
    """Peak resident memory of a worker process running `fn` once (a fork of this one, with its own database
    connection; its high-water mark reset after the fork), in MB. Never a timed run. Linux only (/proc)."""
    connections.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure and report, then leave without running the parent's clean-up
        os.close(read_end)
        try:
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")  # reset VmHWM, the peak resident set, to the current one
            fn()
            os.write(write_end, str(_status_mb("VmHWM")).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    reported = os.read(read_end, 64).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    return float(reported) if reported else float("nan")


def profile(comparison: Comparison, fn: Callable[[], object], *, memory: bool = True) -> list[dict]:
    """Fill in the application's query count, writes and peak memory; return its queries (for the plans)."""
    comparison.queries, comparison.writes, queries = count_queries(fn)
    if memory:
        comparison.peak_mb = peak_memory_mb(fn)
    return queries
