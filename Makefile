# qualcase: the two commands of the README, `make run` and `make test`, and a few helpers.
# Everything runs in a local virtualenv (.venv) that the targets create and keep up to date,
# so a fresh clone on a Debian machine with Python 3.11+ needs nothing else.

# Python used only to create the virtualenv; everything after runs in it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install: reinstall only when pyproject.toml is newer than it.
STAMP := $(VENV)/.installed

# Where `make run` serves; HOST=0.0.0.0 PORT=9000 make run to change it.
HOST ?= 127.0.0.1
PORT ?= 8000
# 2 cores on the reference machine; SQLite writers wait their turn (IMMEDIATE transactions, WAL,
# busy timeout in settings); background jobs run in `manage.py worker`, started beside gunicorn.
WORKERS ?= 3

.DEFAULT_GOAL := help
.PHONY: help run test lint migrate demo clean

help: ## Show this help
	@echo "qualcase make targets:"
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{ printf "  make %-8s %s\n", $$1, $$2 }'
	@echo "Variables: HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) DATABASE_URL (default: SQLite in var/)"

# The virtualenv itself. Debian's python3 needs python3-venv for `-m venv`: install it when
# root and missing, as CI and a fresh machine are.
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "qualcase needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	@if ! $(PYTHON) -m venv $(VENV); then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			rm -rf $(VENV); \
			apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -q install -y python3-venv && \
			$(PYTHON) -m venv $(VENV); \
		else echo "python3 -m venv failed: install python3-venv"; exit 1; fi; \
	fi

# Dev extras everywhere: one environment for run and test, so switching never reinstalls.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -e '.[dev]'
	@touch $@

# SQLite database, collected static files and uploads live here (git-ignored); settings.py
# reads the same QUALCASE_VAR_DIR. SQLite cannot create the directory itself.
VAR_DIR := $(or $(QUALCASE_VAR_DIR),var)
.PHONY: vardir
vardir:
	@mkdir -p "$(VAR_DIR)/static"

run: $(STAMP) | vardir ## Migrate, load the demo study, serve with gunicorn and the task worker at http://HOST:PORT
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	@# The demo only into a database without accounts (a fresh machine), with random passwords:
	@# removed demo accounts never come back, and no deployment starts with public ones.
	$(PY) manage.py load_demo --first-run
	@$(PY) manage.py setup_link --base-url http://$(HOST):$(PORT)
	@echo "Serving qualcase at http://$(HOST):$(PORT)/ with a task worker (Ctrl-C stops both)"
	exec scripts/serve.sh $(HOST):$(PORT) $(WORKERS)

test: $(STAMP) | vardir ## Lint, then the whole suite on a throwaway PostgreSQL server and on SQLite
	scripts/test.sh $(PYTEST_ARGS)

lint: $(STAMP) | vardir ## ruff, missing migrations, translation completeness
	scripts/lint.sh

migrate: $(STAMP) | vardir ## Apply database migrations (SQLite in var/, or DATABASE_URL)
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demo study (idempotent) and print its logins
	@$(MAKE) --no-print-directory demo-data

# load_demo is idempotent, so running it on every start loads the demo once and reprints the logins.
.PHONY: demo-data
demo-data:
	$(PY) manage.py load_demo

clean: ## Remove the virtualenv, var/ (database, static files, uploads) and build metadata
	rm -rf $(VENV) var *.egg-info
