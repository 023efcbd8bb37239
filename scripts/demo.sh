#!/usr/bin/env bash
# Installs what is missing, builds, and runs nianbao's main job on the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
dir=$(scripts/build.sh)
"$dir/nianbao" extract tests/fixtures/real/pingdong-2019.txt
