#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
# --sanitize does the same in an AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
dir=$(scripts/build.sh "${1:-}")
# Any sanitizer report aborts the process, so the test that triggered it fails.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir "$dir" --output-on-failure -j"$(nproc)"
