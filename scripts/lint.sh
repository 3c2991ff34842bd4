#!/usr/bin/env bash
# The static checks `make lint` and `make test` run, in the project's virtualenv.
# Each check runs even if an earlier one failed, so one run shows every problem.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
mkdir -p var   # makemigrations checks migration history against the default (SQLite) database

status=0
step() {
    local name=$1
    shift
    echo "== lint: $name"
    if ! "$@"; then
        echo "== lint: $name FAILED" >&2
        status=1
    fi
}

step "ruff" "$PY" -m ruff check .
step "migrations are up to date" "$PY" manage.py makemigrations --check --dry-run
step "translations are complete and compiled" "$PY" scripts/check_translations.py
exit $status
