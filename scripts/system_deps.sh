#!/usr/bin/env bash
# Installs the Debian packages `make test` needs and the machine lacks, when running as root:
#   postgresql  - a real server for the PostgreSQL half of the suite (scripts/with_postgres.py)
#   gettext     - msgfmt/xgettext for the translation check (scripts/check_translations.py)
#   chromium    - the browser the Playwright tests drive (tests/browser/)
#   R + QCA 3.23 - from tests/r/, for the tests that run exported R scripts (root only)
# Not root: says what is missing and goes on; the callers decide what a missing piece means.
set -euo pipefail

missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -x /usr/bin/chromium ] || missing+=(chromium)

# R and QCA 3.23 from tests/r/ (test tools only, never used by the app): the tests that run an
# exported run.R in R need them, and fail without them under CI=true.
r_lib=${QUALCASE_R_LIBS:-/tmp/qualcase-rlib}
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    "$(dirname "$0")/../tests/r/install_r_qca.sh" "$r_lib" >/dev/null \
        || echo "system_deps: installing R + QCA 3.23 into $r_lib failed (see above)" >&2
elif ! R_LIBS="$r_lib" Rscript -e 'stopifnot(packageVersion("QCA") == "3.23")' >/dev/null 2>&1; then
    echo "system_deps: R with QCA 3.23 is missing (as root: tests/r/install_r_qca.sh $r_lib)" >&2
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "system_deps: missing Debian packages: ${missing[*]} (not root or no apt-get: install them yourself)" >&2
    exit 0
fi

echo "system_deps: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run to finish instead of failing on its lock.
apt_opts=(-q -o DPkg::Lock::Timeout=600)
apt-get "${apt_opts[@]}" update
apt-get "${apt_opts[@]}" install -y "${missing[@]}"
