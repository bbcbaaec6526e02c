# Caseworks: `make run` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

# Development values for `make run` only; production takes its settings from the environment.
RUN_ENV := DEBUG=true DEMO_MODE=true SECURE_COOKIES=false \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}

.PHONY: run test soak soak-input lint assets install install-dev clean

$(VENV)/bin/activate:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
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

run: install
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) -m caseworks.devserver

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
