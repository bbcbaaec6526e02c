"""Throwaway copies of a bench database, for benchmarks that write (caseworks/bench/fanout.py): the generated data
is never written to, each run gets a copy of its own, dropped afterwards.

A copy is `CREATE DATABASE … TEMPLATE`, a file copy that takes seconds, but PostgreSQL refuses it while anyone
else is connected to the template (another engineer's bench reading the same data). So the shared database is
copied once, retried for a while and, failing that, copied with `pg_dump | pg_restore` (minutes, but it needs no
one to leave, and a VACUUM ANALYZE after it); every further copy is made from that first copy, which no one else
knows about.
"""

import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import errors

TEMPLATE_ATTEMPTS = 10
TEMPLATE_WAIT_SECONDS = 3


def database_url(url: str, name: str) -> str:
    """`url` with its database name replaced by `name`."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _admin(url: str):
    connection = psycopg2.connect(database_url(url, "postgres"))
    connection.autocommit = True  # CREATE and DROP DATABASE cannot run in a transaction
    return connection


def copy_database(url: str, name: str, *, attempts: int = TEMPLATE_ATTEMPTS) -> str:
    """A new database `name` holding what the database at `url` holds; returns how it was copied."""
    source = database_name(url)
    admin = _admin(url)
    try:
        for attempt in range(attempts):
            try:
                with admin.cursor() as cursor:
                    cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
                return "CREATE DATABASE … TEMPLATE"
            except errors.ObjectInUse:  # someone is connected to the template: wait for them to leave
                if attempt + 1 < attempts:
                    time.sleep(TEMPLATE_WAIT_SECONDS)
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()
    print(f"{source} stayed in use; copying it with pg_dump | pg_restore...", file=sys.stderr, flush=True)
    dump = subprocess.Popen(["pg_dump", "--format=custom", "--compress=0", url], stdout=subprocess.PIPE)
    restored = subprocess.run(["pg_restore", "--no-owner", "--dbname", database_url(url, name)], stdin=dump.stdout)
    dump.stdout.close()
    if dump.wait() or restored.returncode:
        drop_database(url, name)
        raise RuntimeError(f"Could not copy {source} with pg_dump | pg_restore")
    # A restore brings neither the planner's statistics nor the visibility map (index-only scans need it): without
    # them every query on the copy is planned and read as on a database never vacuumed, many times slower.
    copy = psycopg2.connect(database_url(url, name))
    copy.autocommit = True
    with copy.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    copy.close()
    return "pg_dump | pg_restore, then VACUUM ANALYZE (the template stayed in use)"


def drop_database(url: str, name: str) -> None:
    admin = _admin(url)
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()
