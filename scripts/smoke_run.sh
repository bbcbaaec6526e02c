#!/usr/bin/env bash
# CI's check that `make run` works from a fresh checkout: a temporary var/ folder (SQLite database, filesystem
# broker), migrate and seed_demo as `make run` does, the runner started on a free port, the sign-in page
# fetched, then SIGTERM, and nothing may be left listening. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
var=$(mktemp -d)
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
runner=""
cleanup() {
    [[ -n "$runner" ]] && kill -TERM "$runner" 2>/dev/null && wait "$runner" 2>/dev/null
    rm -rf "$var"
}
trap cleanup EXIT
export CASEWORKS_VAR_DIR=$var DATABASE_URL= CELERY_BROKER_URL= SITE_URL= RUN_PORT=$port RUN_HOST=127.0.0.1 \
    DEBUG=true DEMO_MODE=true SECURE_COOKIES=false EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
"$PY" manage.py migrate --no-input >"$var/setup.log" 2>&1
"$PY" manage.py seed_demo >>"$var/setup.log" 2>&1
"$PY" -m caseworks.devserver >"$var/run.log" 2>&1 &
runner=$!
for _ in $(seq 1 120); do
    if page=$(curl -fsS "http://127.0.0.1:$port/sign-in/" 2>/dev/null) && grep -q 'id="demo-users"' <<<"$page"; then
        kill -TERM "$runner"
        wait "$runner"
        runner=""
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/sign-in/" 2>/dev/null; then
            echo "smoke: still answering on port $port after SIGTERM" >&2
            exit 1
        fi
        echo "smoke: make run served the sign-in page on port $port and stopped cleanly"
        exit 0
    fi
    sleep 0.5
done
echo "smoke: the sign-in page did not answer within 60 seconds; the runner's output:" >&2
cat "$var/run.log" >&2
exit 1
