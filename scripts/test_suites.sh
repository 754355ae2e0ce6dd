#!/bin/bash
# Every suite but the browser ones (`make test` runs those alone afterwards), as two test processes
# side by side, each running its suites one at a time:
#   media:  the detector, decoding and `vigil analyze` suites (CPU-bound: they keep a core busy);
#   server: the store, core, lifecycle and server suites and the relay suites without a browser
#           (mostly waiting on a real server, PostgreSQL, timeouts and rate-limit windows).
# One process running everything one at a time left a core idle while a server test waited; all of
# it in parallel in one process started dozens of servers at once and starved their 30 s start
# deadline. `swift test` holds a lock on .build for its whole run, so the two streams run the built
# test bundle directly. Output lines carry their stream's name; the exit status is non-zero when
# either stream fails.
set -uo pipefail
cd "$(dirname "$0")/.."

bundle="$(swift build --show-bin-path)/vigilPackageTests.xctest"
if [[ ! -x "$bundle" ]]; then
    echo "test_suites: $bundle is missing; run \`swift build --build-tests\` (make build) first" >&2
    exit 2
fi
media='^(VigilAnalyzeTests|VigilVisionTests|VigilMediaTests|VigilProctoringTests)\.'
export NO_COLOR=1

logs="${TMPDIR:-/tmp}/vigil-test-suites.$$"
mkdir -p "$logs"
started=$(date +%s)
"$bundle" --testing-library swift-testing --no-parallel --filter "$media" 2>&1 | sed -u 's/^/[media]  /' | tee "$logs/media.log" &
media_pid=$!
"$bundle" --testing-library swift-testing --no-parallel --skip "$media" --skip RelayBrowserTests 2>&1 | sed -u 's/^/[server] /' | tee "$logs/server.log" &
server_pid=$!

wait "$media_pid"; media_status=$?
wait "$server_pid"; server_status=$?
echo "test_suites: media stream exit $media_status, server stream exit $server_status, $(( $(date +%s) - started )) s wall clock"
# A CI log is often read from its end: repeat every failure there, with the lines that explain it.
if [[ $media_status -ne 0 || $server_status -ne 0 ]]; then
    echo "test_suites: the failures again:"
    grep -h -A 4 -E '✘|recorded an issue|Fatal error|signal [0-9]+' "$logs/media.log" "$logs/server.log" | grep -v -E 'info vigil|debug vigil|notice vigil' | head -120
fi
rm -rf "$logs"
[[ $media_status -eq 0 && $server_status -eq 0 ]]
