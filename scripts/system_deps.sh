#!/usr/bin/env bash
# Installs the Debian packages `make test` needs and the machine lacks, when running as root:
#   postgresql  - a real server for the PostgreSQL half of the suite (scripts/with_postgres.py)
#   gettext     - msgfmt/xgettext for the translation check (scripts/check_translations.py)
#   chromium    - the browser the Playwright tests drive (tests/browser/)
# Not root: says what is missing and goes on; the callers decide what a missing piece means.
set -euo pipefail

missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -x /usr/bin/chromium ] || missing+=(chromium)

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
