#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, -DNB_FUZZ=ON, in build-fuzz/) and runs
# each for SECONDS (default 60), one after the other, from the corpora in
# build-fuzz/corpus (the seeds and test fixtures, tests/fuzz/make_corpus.py, plus what
# the fuzzers learnt in earlier runs). A finding is saved as build-fuzz/artifacts/<target>-crash-...:
# turn it into a regression input (tests/fuzz/regressions/<target>/) or a unit test.
# Every run is appended to build-fuzz/fuzz-log.csv (date, target, seconds, executions,
# result) for docs/reliability.md.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 600 extract number
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(number decode grid extract config csv listing data pagegrid files picture)
scripts/deps.sh --fuzz
dir=build-fuzz
CC=clang cmake -S . -B "$dir" -DNB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" -j"$(nproc)" --target fuzz >&2
python3 tests/fuzz/make_corpus.py "$dir/corpus" >/dev/null  # seeds added to what the fuzzers learnt
mkdir -p "$dir/artifacts" "$dir/logs"
[ -f "$dir/fuzz-log.csv" ] || echo "date,host,target,seconds,executions,result" >"$dir/fuzz-log.csv"
# (seconds: how long the target actually ran; a finding ends a run early)
# Extraction and grid inputs stay page-sized; a bigger input only slows the search.
declare -A max_len=([number]=256 [decode]=16384 [grid]=16384 [extract]=65536 [config]=8192 [csv]=4096 [listing]=16384 [data]=16384 [pagegrid]=12000 [files]=65536 [picture]=65536)
failed=()
for t in "${targets[@]}"; do
  bin="$dir/tests/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz.sh: no target $t" >&2; exit 2; }
  extra=()
  [ -d "tests/fuzz/regressions/fuzz_$t" ] && extra+=("tests/fuzz/regressions/fuzz_$t")
  log="$dir/logs/$t.log"
  echo "fuzz.sh: $t for ${seconds}s" >&2
  rc=0
  started=$(date +%s)
  "$bin" "$dir/corpus/$t" "${extra[@]}" -max_total_time="$seconds" -dict=tests/fuzz/labels.dict \
    -max_len="${max_len[$t]}" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/$t-" </dev/null >"$log" 2>&1 || rc=$?
  elapsed=$(( $(date +%s) - started ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  result=ok
  if [ $rc -ne 0 ]; then
    result="finding (exit $rc)"
    failed+=("$t")
    grep -E "ERROR|invariant failed|Test unit written|SUMMARY" "$log" | head -5 >&2 || true
  fi
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ),$(hostname),$t,$elapsed,${runs:-0},$result" >>"$dir/fuzz-log.csv"
  echo "fuzz.sh: $t: ${runs:-0} inputs in ${elapsed}s: $result" >&2
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (inputs in $dir/artifacts/, logs in $dir/logs/)" >&2
  exit 1
fi
