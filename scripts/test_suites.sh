#!/bin/bash
# Every test suite, in two phases, from the built test bundle (`swift test` holds a lock on .build
# for its whole run, so two processes cannot both go through it):
#   1. all but the browser suites, as two test processes side by side, each one suite at a time:
#        media:  the detector, decoding and `vigil analyze` suites (CPU-bound: they keep a core busy);
#        server: the store, core, lifecycle and server suites and the relay suites without a browser
#                (mostly waiting on a real server, PostgreSQL, timeouts and rate-limit windows).
#        Moving the bad-input suite (it starts many servers) beside the detectors to even the two
#        made both slower (914 s instead of 620 s): the server-starting suites must not meet;
#   2. the browser suites alone, so that their frame-rate and timing checks never share the cores.
# One process running phase 1 one suite at a time left a core idle while a server test waited; all
# of it in parallel in one process started dozens of servers at once and starved their 30 s start.
#
# A test that fails in phase 1, beside the other stream, runs once more alone: two streams on two
# cores are an optimisation, and a timing check that fails only under it is reported (loudly, with
# its first output) but does not fail the run. A test that fails alone, a browser test that fails
# twice, or a test process that dies fails the run. Output lines carry their stream's name.
set -uo pipefail
cd "$(dirname "$0")/.."

bundle="${VIGIL_TEST_BUNDLE:-$(swift build --show-bin-path)/vigilPackageTests.xctest}"
if [[ ! -x "$bundle" ]]; then
    echo "test_suites: $bundle is missing; run \`swift build --build-tests\` (make build) first" >&2
    exit 2
fi
media='^(VigilAnalyzeTests|VigilVisionTests|VigilMediaTests|VigilProctoringTests)\.'
browser='^VigilRelayTests\.RelayBrowserTests/'
export NO_COLOR=1
logs="$(mktemp -d "${TMPDIR:-/tmp}/vigil-test-suites.XXXXXX")"
trap 'rm -rf "$logs"' EXIT
"$bundle" --testing-library swift-testing --list-tests > "$logs/ids" 2>/dev/null

# run NAME ARGS...: one test process, its output prefixed with [NAME] and kept in $logs/NAME.log,
# its xUnit results in $logs/NAME.xml.
run() {
    local name=$1; shift
    "$bundle" --testing-library swift-testing --no-parallel --xunit-output "$logs/$name.xml" "$@" 2>&1 \
        | sed -u "s/^/[$name] /" | tee "$logs/$name.log"
}

# failures NAME...: every failure of those runs again, with the lines that explain it (a CI log is
# often read from its end).
failures() {
    for name in "$@"; do
        grep -h -A 4 -E '✘|recorded an issue|Fatal error|signal [0-9]+' "$logs/$name.log" \
            | grep -v -E '(info|debug|notice) vigil' | head -120
    done
}

# rerun FIRST NAME...: runs the failed tests of the runs NAME... once more, alone, as run FIRST.
rerun() {
    local first=$1; shift
    local patterns xunits=()
    for name in "$@"; do xunits+=("$logs/$name.xml"); done
    if ! patterns=$(scripts/lib/failed_tests.py "$logs/ids" "${xunits[@]}") || [[ -z "$patterns" ]]; then
        echo "test_suites: the failed tests cannot be named (a test process died?): not re-run"
        return 1
    fi
    local filters=()
    while read -r pattern; do filters+=(--filter "$pattern"); done <<< "$patterns"
    echo "test_suites: re-running alone: $(tr '\n' ' ' <<< "$patterns")"
    run "$first" "${filters[@]}"
}

failed=()
started=$(date +%s)
run media --filter "$media" &
media_pid=$!
run server --skip "$media" --skip "$browser" &
server_pid=$!
wait "$media_pid"; media_status=$?
wait "$server_pid"; server_status=$?
echo "test_suites: media stream exit $media_status, server stream exit $server_status, $(( $(date +%s) - started )) s wall clock"
phase1=0
if [[ $media_status -ne 0 || $server_status -ne 0 ]]; then
    echo "test_suites: failures beside the other stream:"
    [[ $media_status -ne 0 ]] && failed+=(media)
    [[ $server_status -ne 0 ]] && failed+=(server)
    failures "${failed[@]}"
    if rerun alone "${failed[@]}"; then
        echo "test_suites: FLAKY under two streams, passed alone (see their first output above)"
    else
        phase1=1
    fi
fi

started=$(date +%s)
run browser --filter "$browser"
browser_status=$?
echo "test_suites: browser suites exit $browser_status, $(( $(date +%s) - started )) s wall clock"
phase2=0
if [[ $browser_status -ne 0 ]]; then
    echo "test_suites: browser failures:"
    failures browser
    if rerun browser-again browser; then
        echo "test_suites: FLAKY browser tests, passed when re-run (see their first output above)"
    else
        phase2=1
    fi
fi

if [[ $phase1 -ne 0 || $phase2 -ne 0 ]]; then
    echo "test_suites: FAILED; the failures again:"
    failures "${failed[@]}" alone browser browser-again 2>/dev/null
    exit 1
fi
echo "test_suites: passed"
