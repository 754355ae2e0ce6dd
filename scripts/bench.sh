#!/usr/bin/env bash
# `make bench`: one JSON object per line. Usage: scripts/bench.sh BIN_DIR (holding vigil and vigil-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/bench.sh BIN_DIR}
work=$(mktemp -d)
server_pid=""
cleanup() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

json() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], [json.loads(v) if v.replace(".","",1).isdigit() else v for v in sys.argv[2::2]])), sort_keys=True, separators=(",",":")))' "$@"; }

# --- API: events/s accepted by POST /api/sessions/:id/events, every event committed (fsync) -----
export VIGIL_ADMIN_KEY=bench-admin-key-0123456789
VIGIL_LOG_LEVEL=error "$bin/vigil" serve --port 0 --data-dir "$work" --db "$work/bench.sqlite" > "$work/out.log" 2>&1 &
server_pid=$!
for _ in $(seq 600); do grep -q "listening on" "$work/out.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out.log")
created=$(curl -sf -X POST "http://127.0.0.1:$port/api/sessions" -H "Authorization: Bearer $VIGIL_ADMIN_KEY" \
  -d '{"candidate_name": "Bench", "interviewer_name": "Bench"}')
export BENCH_SESSION=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$created")
export BENCH_TOKEN=$(python3 -c 'import json,sys,urllib.parse as u; print(u.parse_qs(u.urlparse(json.load(sys.stdin)["links"]["candidate"]).query)["token"][0])' <<<"$created")
interviewer=$(python3 -c 'import json,sys,urllib.parse as u; print(u.parse_qs(u.urlparse(json.load(sys.stdin)["links"]["interviewer"]).query)["token"][0])' <<<"$created")

connections=16
seconds=10
line=$(wrk -t2 -c$connections -d${seconds}s -s bench/post_event.lua "http://127.0.0.1:$port" | grep '^BENCH')
completed=$(sed 's/.*completed=\([0-9]*\).*/\1/' <<<"$line")
errors=$(sed 's/.*errors_status=\([0-9]*\).*/\1/' <<<"$line")
p50=$(sed 's/.*p50_us=\([0-9]*\).*/\1/' <<<"$line")
p99=$(sed 's/.*p99_us=\([0-9]*\).*/\1/' <<<"$line")
duration=$(sed 's/.*duration_us=\([0-9]*\).*/\1/' <<<"$line")
stored=$(curl -sf "http://127.0.0.1:$port/api/sessions/$BENCH_SESSION?format=csv" -H "Authorization: Bearer $interviewer" | tail -n +2 | wc -l)
acknowledged=$(( completed - errors ))
rate=$(python3 -c "print(round($acknowledged / ($duration / 1e6), 1))")
json bench api metric events_per_second value "$rate" unit events/s connections $connections seconds $seconds \
  acknowledged $acknowledged stored_after_run "$stored" refused "$errors" durability "synchronous=FULL, WAL"
json bench api metric event_post_latency_p50 value "$(python3 -c "print($p50/1000)")" unit ms connections $connections
json bench api metric event_post_latency_p99 value "$(python3 -c "print($p99/1000)")" unit ms connections $connections
# The same figure with the store on PostgreSQL (a server of the script's own, every event committed).
scripts/bench_postgres.sh "$bin"
# Sessions placed per second through the API with three nodes on one PostgreSQL (issue 15).
scripts/bench_placement.sh "$bin"

# --- Report: build and export time for a session of 10,000 events -------------------------------
"$bin/vigil-bench" report --events 10000

# --- Detectors: accuracy on the labelled photos, per category; ms per 640x480 frame -------------
"$bin/vigil-bench" accuracy --labels ../shared/media/labels.json --labels tests/media/labels.json --models "${VIGIL_MODELS:-models}"
# Per-model ms, and `vigil analyze` beside MediaPipe's own runtime on a 30 s clip (see the script).
scripts/bench_vision.sh "$bin"

# The voice activity detectors compared on espeak-ng speech and noise built at run time, and the
# audio analysis CPU per session (Sources/vigil-bench/VoiceBench.swift).
"$bin/vigil-bench" voice

# --- vigil analyze: a recorded file end to end (decode, detectors, rules, SQLite) -----------------
# Speed as a multiple of real time on the 15 s gaze clip, and analysis frames/s, from the summary
# line `vigil analyze` prints (timed from the first frame to the stored session; model loading
# and opening the file excluded). At the default budget (10 fps, objects 3 fps, one worker per core).
clip=../shared/media/video/gaze_center_left_center_15s.mp4
"$bin/vigil" analyze "$clip" --db "$work/analyze.sqlite" --models "${VIGIL_MODELS:-models}" \
  --format csv --out "$work/analyze.csv" 2> "$work/analyze.log"
summary=$(grep '^vigil analyze:' "$work/analyze.log")
frames=$(sed 's/^vigil analyze: \([0-9]*\) frames.*/\1/' <<<"$summary")
size=$(sed 's/.*frames (\([0-9x]*\)).*/\1/' <<<"$summary")
wall=$(sed 's/.* in \([0-9.]*\) s:.*/\1/' <<<"$summary")
fps=$(sed 's/.*: \([0-9.]*\) frames\/s.*/\1/' <<<"$summary")
speed=$(sed 's/.*, \([0-9.]*\)x real time.*/\1/' <<<"$summary")
json bench analyze metric speed_x_realtime value "$speed" unit x file "$(basename "$clip")" frames "$frames" \
  frame_size "$size" seconds "$wall" budget "default: 10 fps, objects 3 fps, one worker per core, 1 inference thread each"
json bench analyze metric frames_per_second value "$fps" unit frames/s file "$(basename "$clip")" frame_size "$size"

# --- Identity check: false match / non-match rates on the labelled photos and the gaze clips' -----
# frames (one man), ms per face descriptor, and the CPU the check adds to a session: `vigil analyze`
# on the 15 s gaze clip with one worker, with and without the identity check (1 sample/s), CPU
# seconds (user + system) per second of media.
mkdir -p "$work/identity-frames"
for clip_file in ../shared/media/video/gaze_center_left_center_15s.mp4 ../shared/media/video/gaze_center_right_center_15s.mp4; do
  ffmpeg -v error -nostdin -i "$clip_file" -vf fps=1 "$work/identity-frames/$(basename "$clip_file" .mp4)-%02d.png"
done
"$bin/vigil-bench" identity --media ../shared/media --frames "$work/identity-frames" --models "${VIGIL_MODELS:-models}"
cpu_of() {  # CPU seconds of one `vigil analyze` run on the clip with --identity-rate $1
  python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round(r.ru_utime + r.ru_stime, 2), r.ru_maxrss // 1024)' _ "$bin/vigil" analyze "$clip" --db "$work/identity-$1.sqlite"     --models "${VIGIL_MODELS:-models}" --workers 1 --identity-rate "$1" --format csv --out "$work/identity-$1.csv"
}
read -r cpu_without rss_without <<<"$(cpu_of 0)"
read -r cpu_with rss_with <<<"$(cpu_of 1)"
json bench identity metric cpu_per_session value "$(python3 -c "print(round(($cpu_with - $cpu_without) / 15 * 100, 1))")" \
  unit "% of one core" method "vigil analyze, 15 s clip, 1 worker: CPU with --identity-rate 1 minus with 0, per media second" \
  cpu_seconds_with "$cpu_with" cpu_seconds_without "$cpu_without"
# dlib's network is loaded only with the check on: the peak memory of the same two runs.
json bench identity metric analyze_peak_memory_saved_with_the_check_off value "$((rss_with - rss_without))" unit MiB \
  method "vigil analyze, 15 s clip, 1 worker: peak resident memory with --identity-rate 1 minus with 0" \
  peak_mib_with "$rss_with" peak_mib_without "$rss_without"

# --- Bad input: the malformed-request corpus (tests/corpus/rest) replayed against the server ------
corpus=$(python3 scripts/replay_corpus.py "$port" "$VIGIL_ADMIN_KEY" 2>"$work/corpus.err")
python3 -c '
import json, sys
result = json.loads(sys.argv[1])
crashes = result["server_errors"] + (0 if result["alive"] else 1)
print(json.dumps({"bench": "fuzz", "metric": "malformed_inputs_tried", "value": result["total"], "unit": "inputs", "class": "rest",
                  "crashes": crashes, "as_expected": sum(result["as_expected"].values()), "per_class": result["tried"]},
                 sort_keys=True, separators=(",", ":")))' "$corpus"

# --- Bad input: malformed signaling, class by class, against the same server --------------------
"$bin/vigil-bench" signaling-fuzz --server "http://127.0.0.1:$port" --admin-key "$VIGIL_ADMIN_KEY" --server-pid "$server_pid"

# --- Bad input: damaged and wrong media files to `vigil analyze` ----------------------------------
# Each file must end with a clear error (exit status 1 and a message naming the file), never a
# crash (killed by a signal) or a hang (60 s).
scripts/media_corpus.sh "$bin/vigil" "$work/media-corpus"

# --- Relay: one session relayed between two headless Chromium instances at 640x480@30 ---------
# The bench test of the relay suite (Tests/VigilRelayTests/RelayBenchTests.swift, where each
# figure's method is described) drives the pages through DevTools; the server it measures is the
# release `vigil` above (VIGIL_BIN). Figures: server CPU per relayed session from /proc/PID/stat
# over 20 s (with and without the live detectors' thread), the delay the relay adds (pad-probe
# timestamps in the server + the receive jitter buffer's latency), join → first frame, and RSS
# per session. The test harness itself is built in debug (swift build --build-tests).
kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""
swift build --build-tests > "$work/relay-build.log" 2>&1 || { echo "bench: building the relay bench failed" >&2; tail -20 "$work/relay-build.log" >&2; exit 1; }
VIGIL_BIN="$(cd "$bin" && pwd)/vigil" VIGIL_RELAY_BENCH_OUT="$work/relay.jsonl" \
  swift test --skip-build --filter RelayBenchTests > "$work/relay.log" 2>&1 \
  || { echo "bench: the relay bench failed" >&2; grep -E '✘|RELAY-BENCH' "$work/relay.log" >&2; exit 1; }
cat "$work/relay.jsonl"

# --- Live proctoring: the relay with the detectors idle (no models) versus busy ------------------
# The same relay bench with VIGIL_MODELS pointing at an empty folder: the server relays but runs no
# detectors (`relay_fps` with "analyzer": "idle"); the run above had them on ("busy").
mkdir -p "$work/no-models"
VIGIL_MODELS="$work/no-models" VIGIL_BIN="$(cd "$bin" && pwd)/vigil" VIGIL_RELAY_BENCH_OUT="$work/relay-idle.jsonl" \
  swift test --skip-build --filter RelayBenchTests > "$work/relay-idle.log" 2>&1 \
  || { echo "bench: the relay bench without detectors failed" >&2; grep -E '✘|RELAY-BENCH' "$work/relay-idle.log" >&2; exit 1; }
grep '"relay_fps"' "$work/relay-idle.jsonl"

# The in-stream proctoring test (Tests/VigilRelayTests/InStreamProctoringTests.swift): a candidate
# camera with a face, an empty room, a phone and two faces; the interviewer and a proctor joined.
# Alert latency (the frame that made a rule fire reaching the server → the alert on the
# interviewer's page, p50 and p95 over the call's alerts), analysis frames/s during the call, and
# the interviewer's frame rate with the analyzer busy.
VIGIL_BIN="$(cd "$bin" && pwd)/vigil" VIGIL_PROCTORING_BENCH_OUT="$work/proctoring.jsonl" \
  swift test --skip-build --filter InStreamProctoringTests > "$work/proctoring.log" 2>&1 \
  || { echo "bench: the in-stream proctoring bench failed" >&2; grep -E '✘|IN-STREAM' "$work/proctoring.log" >&2; exit 1; }
cat "$work/proctoring.jsonl"

# --- Recording (issue 12): one recorded browser call (Tests/VigilRelayTests/RecordingTests.swift)
# CPU of the recording's threads (the candidate pipeline's record_queue, the recorder pipeline's
# appsrcs and queues, which mux and write) over 6 s of the call in % of one core, the file's bytes
# per minute of call (chromium's fake 640x480 camera + two Opus tracks), and the time to cut an
# event's 10 s clip through GET /api/sessions/:id/events/:event/clip.
VIGIL_BIN="$(cd "$bin" && pwd)/vigil" VIGIL_RECORDING_BENCH_OUT="$work/recording.jsonl" \
  swift test --skip-build --filter "RecordingTests/aCallIsRecorded" > "$work/recording.log" 2>&1 \
  || { echo "bench: the recording bench failed" >&2; grep -E '✘|RECORDING' "$work/recording.log" >&2; exit 1; }
cat "$work/recording.jsonl"

# --- Load: proctored sessions one 2-core machine holds (load peers, no browser) -----------------
# A fresh release `vigil serve`; for N = 1, 2, … 8, `vigil-bench load` joins N sessions at once,
# each with a candidate and an interviewer webrtcbin peer (Sources/VigilLoad: a face photo sent as
# live 640x480@30 VP8 + Opus), and measures over 20 s: every interviewer's decoded frames/s, every
# session's `analysis_fps` (relay route, sampled every 2 s), the server's CPU (/proc/PID/stat
# utime+stime) and RSS. It stops at the first N where a session falls below 28 fps at the
# interviewer or 8 analysed frames/s (the live budget is 10 fps). The load peers run on the same cores as the server (2 vp8enc
# and 1 vp8dec per session): their CPU is reported beside the server's, and the figures are a
# lower bound for a server with the cores to itself.
load_dir="$work/load"
mkdir -p "$load_dir"
VIGIL_LOG_LEVEL=error "$bin/vigil" serve --port 0 --data-dir "$load_dir" --db "$load_dir/load.sqlite" > "$load_dir/out.log" 2>&1 &
load_pid=$!
trap 'kill "$load_pid" 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 600); do grep -q "listening on" "$load_dir/out.log" && break; sleep 0.1; done
load_port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$load_dir/out.log")
[ -n "$load_port" ] || { echo "bench: vigil serve for the load bench did not start" >&2; cat "$load_dir/out.log" >&2; exit 1; }
awk '/^VmRSS:/ {print $2 / 1024}' "/proc/$load_pid/status" > "$load_dir/idle_rss"
for n in $(seq 1 "${VIGIL_LOAD_MAX_SESSIONS:-8}"); do
  "$bin/vigil-bench" load --server "http://127.0.0.1:$load_port" --admin-key "$VIGIL_ADMIN_KEY" --sessions "$n" \
    --seconds "${VIGIL_LOAD_SECONDS:-20}" --server-pid "$load_pid" > "$load_dir/step$n.jsonl" \
    || { echo "bench: vigil-bench load failed at $n sessions" >&2; exit 1; }
  cat "$load_dir/step$n.jsonl"
  python3 -c 'import json,sys; s=[json.loads(l) for l in open(sys.argv[1]) if "\"step\"" in l][0]; sys.exit(0 if s["min_interviewer_fps"] >= 28 and s["min_analysis_fps"] >= 8 else 1)' \
    "$load_dir/step$n.jsonl" || break
  sleep 3  # the ended sessions' pipelines and analysis threads wind down
done
kill "$load_pid" 2>/dev/null; wait "$load_pid" 2>/dev/null || true
python3 - "$load_dir" <<'PY'
import glob, json, os, sys
folder = sys.argv[1]
steps = sorted((json.loads(l) for f in glob.glob(f"{folder}/step*.jsonl") for l in open(f) if '"step"' in l), key=lambda s: s["sessions"])
ok = lambda s: s["min_interviewer_fps"] >= 28 and s["min_analysis_fps"] >= 8
held = max([s["sessions"] for s in steps if ok(s)] or [0])
failed = next((s for s in steps if not ok(s)), None)
idle = float(open(f"{folder}/idle_rss").read())
def line(**fields): print(json.dumps(dict(bench="load", **fields), sort_keys=True, separators=(",", ":"), ensure_ascii=False))
line(metric="sessions_per_machine", value=held, unit="sessions",
     criteria="interviewer ≥ 28 fps and analysis ≥ 8 fps in every session (analysis budget 10 fps)",
     first_failing_step=(failed or {}).get("sessions"), failing_min_interviewer_fps=(failed or {}).get("min_interviewer_fps"),
     failing_min_analysis_fps=(failed or {}).get("min_analysis_fps"), failing_mean_analysis_fps=(failed or {}).get("mean_analysis_fps"),
     failing_analysis_fairness=(failed or {}).get("analysis_fairness"), cores=os.cpu_count(),
     load_client="on the same cores (one VP8 clip encoded once, replayed; 1 vp8dec per session), CPU in each step's load_client_cpu_pct_core")
top = next((s for s in steps if s["sessions"] == held), None)
one = next((s for s in steps if s["sessions"] == 1), None)
if one:
    line(metric="cpu_per_session", value=one["server_cpu_pct_core"], unit="%core", sessions=1,
         at_capacity_per_session=round(top["server_cpu_pct_core"] / held, 1) if top else None, at_capacity_sessions=held,
         load_client_cpu_per_session=one["load_client_cpu_pct_core"],
         method="server utime+stime from /proc/PID/stat over the 20 s window with one session (detectors included, at the rate they reach "
                "when they have the CPU); at_capacity_per_session: the same at the highest passing N divided by N, where the detectors "
                "(nice 10) slow down to share the cores")
if one and top:
    line(metric="memory_per_session", value=round((top["server_rss_mib"] - idle) / held, 1), unit="MiB", sessions=held,
         idle_rss_mib=round(idle, 1), rss_mib=top["server_rss_mib"], first_session_mib=round(one["server_rss_mib"] - idle, 1),
         marginal_mib=round((top["server_rss_mib"] - one["server_rss_mib"]) / (held - 1), 1) if held > 1 else None,
         method="(peak server RSS during the window at the highest passing N - RSS of the idle server) / N; the first session "
                "includes one-time GStreamer plugin set-up, each session loads its own detector models")
PY
