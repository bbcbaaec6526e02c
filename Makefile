# Caseworks: `make run` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

# Development values for `make run` only; production takes its settings from the environment.
RUN_ENV := DEBUG=true DEMO_MODE=true SECURE_COOKIES=false \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}

.PHONY: run test soak soak-input lint assets install install-dev clean prerequisites smoke screenshots bench

# Python 3.11+, npm, and pg_config with a C compiler (psycopg2 is built from source): one line per missing
# piece, naming what to install, before pip or npm start.
prerequisites:
	@scripts/check_prerequisites.sh

$(VENV)/bin/activate:
	@scripts/check_prerequisites.sh
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	@scripts/check_prerequisites.sh
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	@scripts/check_prerequisites.sh
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/.copied: node_modules/.package-lock.json caseworks/assets.py
	$(PY) -m caseworks.assets
	touch $@

install: $(VENV)/.installed static/vendor/.copied
install-dev: $(VENV)/.installed-dev static/vendor/.copied
assets: static/vendor/.copied

# RUN_PORT (default 8000) and RUN_HOST (default 127.0.0.1) choose the address; links in e-mails follow them.
# Ctrl-C or SIGTERM (to make or to the runner) stops the web app, the worker and beat.
run: prerequisites install
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) -m caseworks.devserver

# What CI does to check `make run` works from a fresh checkout: a temporary SQLite database, broker and var/
# folder, the whole stack started, the sign-in page fetched, the stack stopped with SIGTERM.
smoke: install
	scripts/smoke_run.sh

# One screenshot per role for the README (docs/screenshots/), from a seeded server driven by Chromium.
screenshots: install-dev
	$(PY) scripts/screenshots.py

lint: install-dev
	$(VENV)/bin/ruff check .

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# Many randomised rounds of the fault tests (real workers, beats, Redis, PostgreSQL, an SMTP server): workers
# killed mid-sweep, database connections terminated, the mail server refusing and hanging, the broker down
# while users record work. Prints rounds, effects checked, lost and duplicated; SOAK_SEED=n replays a run.
soak: install-dev
	SOAK_ROUNDS=$${SOAK_ROUNDS:-200} $(VENV)/bin/pytest -n 0 -p no:randomly -q caseworks/tests/faults \
		-k "killed_workers or two_workers"

# Property-based input tests at 500 examples per form (make test runs 25); long, so on demand only.
soak-input: install-dev
	HYPOTHESIS_PROFILE=soak $(VENV)/bin/pytest -n 2 -p no:randomly -q caseworks/tests/test_arbitrary_input.py

clean:
	rm -rf $(VENV) node_modules static/vendor var

# The application against plain-SQL baselines on generated data, and pages under load (gunicorn, locust);
# writes docs/performance.md. BENCH_SIZE=ci|region|national (default region); needs PostgreSQL (DATABASE_URL's
# server: the data goes into its own database, <name>_bench_<size>, generated on first use). Never in `make test`.
# Then the overdue sweep on one Celery worker process and on two (docs/performance-<size>-fanout.md; needs Redis,
# databases 6 and 7 unless BENCH_BROKER_URL and BENCH_RESULT_BACKEND say otherwise: both are flushed).
bench: install-dev
	BENCH_SIZE=$${BENCH_SIZE:-region} $(PY) -m caseworks.bench
	BENCH_SIZE=$${BENCH_SIZE:-region} $(PY) -m caseworks.bench.fanout
