"""The bench's own database, one per size (`<DATABASE_URL's name>_bench_<size>`, or BENCH_DATABASE_URL), created,
migrated and filled by `seed_scale` the first time; later runs reuse the data."""

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg2

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/caseworks"


def bench_database_url(size: str) -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("make bench needs PostgreSQL: set DATABASE_URL or BENCH_DATABASE_URL to a postgres:// URL")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_bench_{size}"))


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
