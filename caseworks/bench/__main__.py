"""`python -m caseworks.bench` (what `make bench` runs). See caseworks/bench/__init__.py."""

import os
import sys
import time


def main() -> None:
    size = os.environ.get("BENCH_SIZE", "region")
    repetitions = int(os.environ.get("BENCH_REPETITIONS", "5"))
    from caseworks.bench.database import bench_database_url, ensure_database

    url = bench_database_url(size)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "caseworks.bench.settings"
    import django

    django.setup()
    from caseworks.bench.run import run_benchmarks

    started = time.monotonic()
    path = run_benchmarks(
        size=size, repetitions=repetitions, database_url=url, load=os.environ.get("BENCH_LOAD") != "0"
    )
    print(f"Wrote {path} in {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
