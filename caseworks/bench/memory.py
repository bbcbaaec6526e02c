"""`python -m caseworks.bench.memory`: the overdue scan's peak worker memory and time at one size (BENCH_SIZE,
default national), without the rest of the bench (at national size the list pages and the load test would take
an hour). Writes docs/performance-<size>-scan.md. The data is `seed_scale --size <size>`'s, as for the bench.

The scan runs once, rolled back, in a forked worker whose resident high-water mark is reset after the fork
(measure.peak_memory_mb), so the figure is the sweep's own, beside the latest-visit aggregate's time on the same
data in the same run."""

import os
import sys
import time
from datetime import UTC, datetime


def main() -> None:
    size = os.environ.get("BENCH_SIZE", "national")
    from caseworks.bench.database import bench_database_url

    os.environ["DATABASE_URL"] = bench_database_url(size)
    os.environ["DJANGO_SETTINGS_MODULE"] = "caseworks.bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from caseworks.bench import report
    from caseworks.bench.measure import peak_memory_mb, rolled_back, timed
    from caseworks.bench.scan import BASELINES
    from supervision.models import Case, Contact
    from supervision.services.sweeps import flag_overdue_contacts_in_chunks

    on = timezone.localdate()
    results = {}

    def scan():
        results.update(flag_overdue_contacts_in_chunks(on=on))

    baseline_seconds, _ = timed(BASELINES["latest-visit aggregate"])
    peak = peak_memory_mb(rolled_back(scan))
    seconds, _ = timed(rolled_back(scan))
    after_seconds, _ = timed(BASELINES["latest-visit aggregate"])
    baseline = min(baseline_seconds, after_seconds)
    lines = [
        f"# The overdue scan at size `{size}`: peak memory",
        "",
        "Written by `python -m caseworks.bench.memory` (caseworks/bench/memory.py); do not edit by hand. One run of",
        "`flag_overdue_contacts_in_chunks`, rolled back, in a forked worker (its peak resident memory), then once more",
        "timed, beside the latest-visit aggregate on the same data before and after (the faster of the two).",
        "",
        *report.machine(),
        "",
        f"- active cases: {Case.objects.active().count():,}; contacts: {Contact.objects.count():,}",
        f"- chunks of {settings.OVERDUE_SCAN_CHUNK_SIZE:,} cases: {results.get('chunks', '?')}; flags opened: "
        f"{results.get('opened', 0):,}",
        f"- peak worker memory: **{peak:.0f} MB** (target ≤ 300 MB at national size: "
        f"{'met' if peak <= 300 else 'not met'})",
        f"- time: {seconds:.1f} s; latest-visit aggregate: {baseline:.2f} s; ratio **{seconds / baseline:.1f}×**",
        "",
        f"_Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC._",
        "",
    ]
    path = report.DOCS / f"performance-{size}-scan.md"
    path.write_text("\n".join(lines))
    print(f"Wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"in {time.monotonic() - started:.0f} s", file=sys.stderr)
