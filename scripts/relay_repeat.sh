#!/usr/bin/env bash
# Runs the browser end-to-end relay test N times in a row (default 10) and fails if any run
# fails: the check that the relay is not flaky. Usage: scripts/relay_repeat.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
swift build --build-tests >/dev/null || { echo "relay_repeat: build failed" >&2; exit 1; }
passed=0
for run in $(seq "$runs"); do
  log=$(mktemp)
  if swift test --skip-build --filter RelayEndToEndTests >"$log" 2>&1; then
    passed=$((passed + 1)); verdict=pass
  else
    verdict=FAIL
  fi
  echo "run $run/$runs: $verdict $(grep -o 'RELAY-E2E candidate.*' "$log" | head -1)"
  [ "$verdict" = FAIL ] && grep -E '✘|Expectation' "$log" | head -5
  rm -f "$log"
done
echo "relay_repeat: $passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
