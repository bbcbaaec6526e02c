"""`make bench`: the application's code against plain-SQL baselines on the same generated data, in the same run.

Each benchmark runs the application's way and the baseline alternately, several times, and reports medians,
the ratio between them, the application's query count and peak memory. Pages are also measured under load
(locust against gunicorn) beside a trivial Django view measured in the same run. `BENCH_SIZE=ci|region|national`
chooses the data (default region); the results are written to docs/performance.md. Never part of `make test`.
"""
