# onestop: two commands for a newcomer (see README.md); make docs builds the site in docs/
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench docs venv venv-dev lint format messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

## make run: the embedded default (SQLite, eager Celery), demo logins, served on $(HOST):$(PORT).
## DEBUG is off by default everywhere else (production is safe by default); make run turns it on.
run messages: export DEBUG ?= true
run: venv
	$(PY) scripts/local_secret_key.py
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: throwaway PostgreSQL + Redis + a real Celery worker + Chromium, then every check.
test: venv-dev
	bash scripts/test.sh

## make bench: the benchmarks in bench/, each figure beside its baseline.
bench: venv-dev
	bash scripts/bench.sh

## make docs: the documentation site (docs/, mkdocs.yml) into site/; strict, so a broken link fails.
docs: venv-dev
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make messages: refresh the Vietnamese and English catalogues and compile them.
messages: venv-dev
	$(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=tests --no-obsolete
	$(PY) scripts/po_fill.py
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 site staticfiles .pytest_cache .ruff_cache
