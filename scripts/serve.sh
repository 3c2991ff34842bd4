#!/usr/bin/env bash
# `make run`'s server: the task worker (manage.py worker) in the background and gunicorn in the
# foreground, one command. Ctrl-C or SIGTERM stops both. A worker that dies is started again
# after a second; whatever it was doing is picked up by the new one (jobs/recovery.py).
#   scripts/serve.sh HOST:PORT WORKERS
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIND=${1:-127.0.0.1:8000}
WORKERS=${2:-3}

(
    trap 'kill "$child" 2>/dev/null; exit 0' TERM INT
    while true; do
        "$PY" manage.py worker &
        child=$!
        wait "$child"
        sleep 1
    done
) &
supervisor=$!
trap 'kill "$supervisor" 2>/dev/null; wait "$supervisor" 2>/dev/null' EXIT

.venv/bin/gunicorn config.wsgi:application --bind "$BIND" \
    --workers "$WORKERS" --timeout 120 --access-logfile - --error-logfile -
