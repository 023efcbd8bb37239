#!/usr/bin/env bash
# The benchmark in one command, from a clean clone: installs what it needs (Debian
# packages: the build's, python3-lxml, python3-pandas, time), builds a Release build into
# build-bench/, and runs bench/bench.py with the arguments given (--quick, --runs N,
# --only extract,peers,size,fetch,run,files, --work DIR). libpoppler-glib-dev is for the
# files section only: the PDF library nianbao does not use, measured beside MuPDF. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
missing=()
for p in python3-lxml python3-pandas time libpoppler-glib-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target nianbao gumbo_floor test_prefilter pdf_peers >&2
NB_BUILD="$PWD/build-bench" exec /usr/bin/python3 bench/bench.py "$@"
