#!/usr/bin/env bash
# Install R and the R package QCA 3.23 (the field's reference implementation) for the tests that
# run the app's exported run.R and that make reference results for the QCA engine. TEST TOOL ONLY:
# the app never ships, imports or calls R.
#
# Debian's R, shiny, lpSolve and jsonlite come from apt; QCA 3.23 and its helpers admisc 0.40,
# declared 0.25 and venn 1.13 are built from the GPL source tarballs beside this script (taken
# from the CRAN mirrors, SHA-256 in SHA256SUMS), because Debian does not package them.
#
# usage: tests/r/install_r_qca.sh [LIBDIR]   (default: $QUALCASE_R_LIBS or /tmp/qualcase-rlib)
#        as root for apt; idempotent; prints the R library path.
# then:  R_LIBS=LIBDIR Rscript -e 'library(QCA); packageVersion("QCA")'
set -euo pipefail
lib=${1:-${QUALCASE_R_LIBS:-/tmp/qualcase-rlib}}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v Rscript >/dev/null || ! Rscript -e 'for (p in c("shiny","lpSolve","jsonlite")) library(p, character.only=TRUE)' >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "install_r_qca.sh: run as root to apt-get install R" >&2; exit 1; }
  apt_opts=(-q -o DPkg::Lock::Timeout=600)
  apt-get "${apt_opts[@]}" update >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y --no-install-recommends \
    r-base-core r-base-dev r-cran-shiny r-cran-lpsolve r-cran-jsonlite >/dev/null
fi
mkdir -p "$lib"
if R_LIBS="$lib" Rscript -e 'quit(status = !(requireNamespace("QCA", quietly=TRUE) && packageVersion("QCA") == "3.23"))' >/dev/null 2>&1; then
  echo "$lib"; exit 0
fi
(cd "$here" && sha256sum --quiet -c SHA256SUMS) || { echo "install_r_qca.sh: a tarball does not match SHA256SUMS" >&2; exit 1; }
for p in admisc_0.40 declared_0.25 venn_1.13 QCA_3.23; do
  R_LIBS="$lib" R CMD INSTALL --no-docs --no-html -l "$lib" "$here/$p.tar.gz" >/dev/null 2>&1 \
    || { echo "install_r_qca.sh: R CMD INSTALL $p failed" >&2; exit 1; }
done
R_LIBS="$lib" Rscript -e 'stopifnot(packageVersion("QCA") == "3.23")' >/dev/null
echo "$lib"
