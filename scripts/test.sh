#!/usr/bin/env bash
# `make test` after the virtualenv is installed: system packages, lint, then the whole pytest
# suite on a real PostgreSQL server started for the run, then the database tests on SQLite.
#
# Every stage runs even when an earlier one failed, so one run shows every problem; the exit
# code is non-zero if any stage failed. On success the output ends with pytest's own summary
# line (CI reads it), so nothing is printed after the last pytest run unless something failed.
#
# Extra arguments go to both pytest runs: scripts/test.sh -k login -x
#
# Under CI=true a PostgreSQL that cannot be had fails the run; elsewhere it is a loud warning
# and the suite runs on SQLite only.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
CI=${CI:-}
is_ci() { [ "$CI" = "true" ] || [ "$CI" = "1" ]; }

failed=()
timings=()
interrupted() {
    # Runs after the foreground child (which stops its own PostgreSQL) has exited.
    echo "make test: interrupted" >&2
    exit 130
}
trap interrupted INT TERM HUP

now() { date +%s.%N; }
stage() {  # stage NAME COMMAND...: run, time and record a stage
    local name=$1 start rc
    shift
    echo
    echo "================ $name ================"
    start=$(now)
    "$@"
    rc=$?
    timings+=("$name: $(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }') (exit $rc)")
    [ $rc -eq 0 ] || failed+=("$name")
    return $rc
}

# All in a function: bash reads a script as it runs, so a `git pull` that changes this file
# during a run would otherwise make the running bash execute garbage.
main() {
    stage "system packages" scripts/system_deps.sh
    stage "lint" scripts/lint.sh

    stage "pytest on PostgreSQL" "$PY" scripts/with_postgres.py -- "$PY" -m pytest "$@"
    pg_rc=$?
    if [ $pg_rc -eq 97 ]; then  # with_postgres.py: no server could be started, nothing ran
        if is_ci; then
            echo "make test: FAILED: PostgreSQL is required under CI=true but could not be started (see above)" >&2
        else
            unset 'failed[${#failed[@]}-1]'
            cat >&2 <<'EOF'

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  WARNING: no PostgreSQL server could be started (see the message above).      !!
!!  The suite runs on SQLite ONLY; production runs PostgreSQL. Install Debian's   !!
!!  postgresql package (sudo apt-get install postgresql) to test both.            !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
EOF
        fi
    fi

    # Tests that use no database (the QCA engine and its slow property tests) give the same result
    # on both backends: once PostgreSQL has run them, the SQLite run keeps only tests that use a
    # database (scripts/pytest_db_only.py). QUALCASE_DB_TESTS_ONLY=0 runs everything twice.
    db_only=${QUALCASE_DB_TESTS_ONLY:-1}
    [ $pg_rc -eq 97 ] && db_only=0  # PostgreSQL ran nothing: SQLite must run everything

    echo
    echo "== stage timings so far: ${timings[*]/%/;}"
    # Without DATABASE_URL the settings fall back to SQLite; pytest-django tests on an in-memory copy.
    stage "pytest on SQLite" env -u DATABASE_URL QUALCASE_EXPECT_DB=sqlite QUALCASE_DB_TESTS_ONLY="$db_only" \
        "$PY" -m pytest -p scripts.pytest_db_only "$@"

    if [ ${#failed[@]} -gt 0 ]; then
        echo
        echo "== stage timings: ${timings[*]/%/;}"
        echo "make test: FAILED stages: $(IFS=,; echo "${failed[*]}")"
        exit 1
    fi
}

main "$@"
