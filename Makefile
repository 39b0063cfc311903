# Simpul: the commands that matter. `make demo` and `make test` work on a fresh clone with only Python 3.11+.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/simpul
PYTEST_ARGS ?=
SUITE ?=
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup demo test test-quick lint typecheck migrations-check test-sqlite test-postgres bench messages clean

help:
	@echo "make demo        set up and serve the Lampung demo on http://127.0.0.1:8000"
	@echo "make test        lint, type check, migrations check, whole suite on SQLite and PostgreSQL"
	@echo "make test-quick  the suite on SQLite without browser tests (PYTEST_ARGS='-k ...' to narrow)"
	@echo "make setup       everything demo does except serving (idempotent)"
	@echo "make bench       all benchmarks (SUITE=name for one)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

var:
	@mkdir -p var

setup: $(STAMP) var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_regions
	$(PY) manage.py load_frameworks
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v 0

demo: setup
	@bash scripts/serve-demo.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint --quiet

typecheck: $(STAMP)
	$(BIN)/mypy simpul config

migrations-check: $(STAMP) var
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.prod SIMPUL_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  SIMPUL_ALLOWED_HOSTS=simpul.example.go.id $(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: $(STAMP) var
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-postgres: $(STAMP) var
	@if bash scripts/pg-available.sh "$(PG_URL)"; then \
	  SIMPUL_DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS); \
	else \
	  echo; echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!!  PostgreSQL is NOT reachable at $(PG_URL): the PostgreSQL run is SKIPPED."; \
	  echo "!!  Start it (see docs/operator.md) or set PG_URL=...; .ci/run starts it in CI."; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; echo; \
	  if [ -n "$$CI" ]; then exit 1; fi; \
	fi

test: lint typecheck migrations-check test-sqlite test-postgres

test-quick: $(STAMP) var
	$(BIN)/pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

messages: $(STAMP)
	$(PY) manage.py makemessages -l id -l en --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=benchmarks
	$(PY) manage.py compilemessages --ignore=.venv

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install -q -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

bench: setup $(BENCH_STAMP)
	$(PY) benchmarks/run.py $(SUITE)

clean:
	rm -rf var $(VENV)
