#!/usr/bin/env bash
# `make bench`, store part: events/s acknowledged by POST /api/sessions/:id/events with the store on
# PostgreSQL, every event committed (synchronous_commit=on, fsync=on), beside the SQLite line that
# scripts/bench.sh prints. Starts a PostgreSQL 15 server of its own (Debian's postgresql package)
# in a temporary folder on a free loopback port, as the postgres user when run as root (initdb
# refuses root), and `vigil serve --db postgres://…` against it; stops both at exit.
# Usage: scripts/bench_postgres.sh BIN_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/bench_postgres.sh BIN_DIR}
source scripts/lib/bench_postgres_server.sh
work=$(mktemp -d)
vigil_pid=""
cleanup() {
  if [ -n "$vigil_pid" ]; then kill "$vigil_pid" 2>/dev/null || true; wait "$vigil_pid" 2>/dev/null || true; fi
  stop_bench_postgres
  rm -rf "$work"
}
trap cleanup EXIT
start_bench_postgres bench

export VIGIL_ADMIN_KEY=${VIGIL_ADMIN_KEY:-bench-admin-key-0123456789}
VIGIL_LOG_LEVEL=error "$bin/vigil" serve --port 0 --data-dir "$work/vigil" --db "$url" > "$work/out.log" 2>&1 &
vigil_pid=$!
for _ in $(seq 600); do grep -q "listening on" "$work/out.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/out.log")
[ -n "$port" ] || { echo "bench: vigil serve on PostgreSQL did not start" >&2; cat "$work/out.log" >&2; exit 1; }
created=$(curl -sf -X POST "http://127.0.0.1:$port/api/sessions" -H "Authorization: Bearer $VIGIL_ADMIN_KEY" \
  -d '{"candidate_name": "Bench", "interviewer_name": "Bench"}')
export BENCH_SESSION=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$created")
export BENCH_TOKEN=$(python3 -c 'import json,sys,urllib.parse as u; print(u.parse_qs(u.urlparse(json.load(sys.stdin)["links"]["candidate"]).query)["token"][0])' <<<"$created")

connections=${VIGIL_PG_BENCH_CONNECTIONS:-16}
seconds=${VIGIL_PG_BENCH_SECONDS:-10}
line=$(wrk -t2 -c"$connections" -d"${seconds}s" -s bench/post_event.lua "http://127.0.0.1:$port" | grep '^BENCH')
# Counted straight from PostgreSQL, not through Vigil.
stored=$("$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U vigil -d bench -tAc "SELECT COUNT(*) FROM event WHERE session_id = '$BENCH_SESSION'")
settings=$("$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U vigil -d bench -tAc "SELECT current_setting('fsync') || ',' || current_setting('synchronous_commit')")
python3 - "$line" "$stored" "$connections" "$seconds" "$settings" <<'PY'
import json, re, sys
line, stored, connections, seconds, settings = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
f = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
acknowledged = f["completed"] - f["errors_status"]
fsync, commit = settings.split(",")
def out(**fields): print(json.dumps(dict(bench="api_postgres", **fields), sort_keys=True, separators=(",", ":")))
out(metric="events_per_second", value=round(acknowledged / (f["duration_us"] / 1e6), 1), unit="events/s", connections=connections,
    seconds=seconds, acknowledged=acknowledged, stored_after_run=stored, refused=f["errors_status"], goal=2000,
    durability=f"PostgreSQL 15 on loopback, one transaction per event, fsync={fsync}, synchronous_commit={commit}",
    lost=max(0, acknowledged - stored))
out(metric="event_post_latency_p50", value=f["p50_us"] / 1000, unit="ms", connections=connections)
out(metric="event_post_latency_p99", value=f["p99_us"] / 1000, unit="ms", connections=connections)
PY
