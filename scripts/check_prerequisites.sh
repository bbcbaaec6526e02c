#!/usr/bin/env bash
# `make run` and `make install` call this before pip starts: psycopg2 is built from source, so without
# PostgreSQL's client headers (pg_config) and a C compiler pip fails with pages of compiler output. Each
# missing piece gets one line naming what to install, and the exit status is 1.
# PYTHON names the interpreter the virtualenv is made from (default python3).
set -u
python=${PYTHON:-python3}
missing=0

say() { echo "make run needs $1: $2" >&2; missing=1; }

if [[ "$(uname -s)" == Darwin ]]; then
    pg_hint="brew install libpq && brew link --force libpq"
    cc_hint="xcode-select --install"
    py_hint="brew install python@3.11"
    npm_hint="brew install node"
else
    pg_hint="apt-get install libpq-dev build-essential (Fedora: dnf install libpq-devel gcc)"
    cc_hint="apt-get install build-essential (Fedora: dnf install gcc)"
    py_hint="apt-get install python3 python3-venv (Python 3.11 or later)"
    npm_hint="apt-get install npm (or Node.js with npm from nodejs.org)"
fi

if ! command -v "$python" >/dev/null 2>&1; then
    say "Python 3.11 or later" "$py_hint"
elif ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "Python 3.11 or later (found $("$python" -V 2>&1))" "$py_hint"
elif ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    say "Python's venv module" "apt-get install python3-venv"
fi
command -v npm >/dev/null 2>&1 || say "Node.js with npm" "$npm_hint"
command -v pg_config >/dev/null 2>&1 || say "PostgreSQL's client headers (pg_config) to build psycopg2" "$pg_hint"
if ! command -v "${CC:-cc}" >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1 && ! command -v clang >/dev/null 2>&1; then
    say "a C compiler to build psycopg2" "$cc_hint"
fi
exit "$missing"
