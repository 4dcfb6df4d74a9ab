# The two commands of the README: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# XStatic-Bootstrap's sdist needs an older setuptools in pip's isolated build environment.
PIP_INSTALL := PIP_CONSTRAINT=$(CURDIR)/build-constraints.txt $(VENV)/bin/pip install --quiet --disable-pip-version-check

.PHONY: run test test-fast lint clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt build-constraints.txt | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed-run
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

## make run: migrate the embedded SQLite database, load demo data, serve on http://127.0.0.1:$(PORT)
run: export DEBUG ?= 1
run: $(VENV)/.installed-run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Parallel on every core; a worker that runs out of tests takes some of another's (worksteal).
PYTEST_PARALLEL := -n auto --dist worksteal

## make test: the whole suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: $(VENV)/.installed-dev
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

## make test-fast: the suite without the slow tests (servers, browsers, subprocesses)
test-fast: $(VENV)/.installed-dev
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not slow" $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
