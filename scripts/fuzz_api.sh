#!/bin/bash
# Schemathesis over the whole API schema, as the demo owner and as a viewer, against a throwaway
# demo database served by gunicorn: checks not_a_server_error and response-schema conformance.
# usage: scripts/fuzz_api.sh [EXAMPLES_PER_OPERATION=10] [PORT=8799]   (docs/security.md)
# schemathesis is in the [dev] extras; tests/test_api_fuzz.py runs a bounded version in `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${1:-10}
PORT=${2:-8799}
PY=.venv/bin/python
[ -x .venv/bin/st ] || { echo "schemathesis missing: .venv/bin/pip install schemathesis"; exit 2; }
WORK=$(mktemp -d)
export QUALCASE_VAR_DIR=$WORK/var DJANGO_SETTINGS_MODULE=config.settings
export QUALCASE_TASK_BACKEND=django_tasks.backends.immediate.ImmediateBackend
mkdir -p "$QUALCASE_VAR_DIR/static"
$PY manage.py migrate --noinput -v 0
$PY manage.py load_demo >/dev/null
$PY manage.py collectstatic --noinput -v 0
$PY manage.py shell -c "
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
for name in ['zhang.min', 'zhao.lei']:
    print(name, Token.objects.get_or_create(user=get_user_model().objects.get(username=name))[0].key)
" | grep -E '^(zhang.min|zhao.lei) ' > "$WORK/tokens"
.venv/bin/gunicorn config.wsgi:application --bind 127.0.0.1:$PORT --workers 2 --timeout 120 \
    --error-logfile "$WORK/server.log" --access-logfile /dev/null &
SERVER=$!
trap 'kill $SERVER; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/schema/" && break; sleep 0.5; done
status=0
while read -r user token; do
    echo "== as $user ($( [ "$user" = zhang.min ] && echo owner || echo viewer ))"
    .venv/bin/st run "http://127.0.0.1:$PORT/api/schema/" --url "http://127.0.0.1:$PORT" \
        -H "Authorization: Token $token" -n "$EXAMPLES" -w 2 --continue-on-failure \
        -c not_a_server_error,response_schema_conformance --phases examples,fuzzing --no-color || status=1
done < "$WORK/tokens"
grep -c "API error" "$WORK/server.log" | sed 's/^/server errors logged: /' || true
exit $status
