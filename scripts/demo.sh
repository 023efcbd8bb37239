#!/usr/bin/env bash
# Installs what is missing, builds, and runs nianbao's main job on the bundled sample
# county (a file:// mirror of a portal, examples/sample-county), then shows what it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
dir=$(scripts/build.sh)
out=runs/sample-county
set +e
"$dir/nianbao" run -c examples/sample-county/county.ini -o "$out"
status=$?
set -e
echo "nianbao run exited with $status; outputs in $out/:"
( cd "$out" && find . -maxdepth 2 -name '*.csv' -not -path './townships/*' | sort | sed 's|^\./|  |'
  echo "  townships/<year>/<slug>.csv: $(find townships -name '*.csv' | wc -l) files" )
echo
echo "anomalies.csv (first lines):"
head -n 8 "$out/anomalies.csv" | sed 's/^\xEF\xBB\xBF//; s/^/  /'
exit $status
