#!/usr/bin/env bash
# `make bench`, cluster part: sessions placed per second through POST /api/sessions with the store
# on PostgreSQL and three `vigil serve` nodes registered on it (loopback ports); every request
# goes to node A, which places each session on the least-loaded live node in one transaction
# (then stores its recording plan and policy, as for any creation). Prints how the sessions spread
# over the nodes, counted straight from PostgreSQL. Starts a PostgreSQL 15 server of its own, as
# scripts/bench_postgres.sh does; stops everything at exit.
# Usage: scripts/bench_placement.sh BIN_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/bench_placement.sh BIN_DIR}
source scripts/lib/bench_postgres_server.sh
work=$(mktemp -d)
node_pids=()
cleanup() {
  for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  stop_bench_postgres
  rm -rf "$work"
}
trap cleanup EXIT
start_bench_postgres placement
psql() { "$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U vigil -d placement -tAc "$1"; }

export VIGIL_ADMIN_KEY=${VIGIL_ADMIN_KEY:-bench-admin-key-0123456789}
ports=()
for name in a b c; do
  mkdir -p "$work/$name"; : > "$work/$name/out.log"
  VIGIL_LOG_LEVEL=error VIGIL_PRECHECK=off "$bin/vigil" serve --port 0 --data-dir "$work/$name" --db "$url" --node-id "$name" \
    --max-sessions-per-minute 0 --max-live-sessions 0 --analysis-workers 1 > "$work/$name/out.log" 2>&1 &
  node_pids+=($!)
  for _ in $(seq 600); do grep -q "listening on" "$work/$name/out.log" && break; sleep 0.1; done
  port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/$name/out.log")
  [ -n "$port" ] || { echo "bench: node $name did not start" >&2; cat "$work/$name/out.log" >&2; exit 1; }
  ports+=("$port")
done
registered=$(psql "SELECT COUNT(*) FROM node")

connections=${VIGIL_PLACEMENT_BENCH_CONNECTIONS:-8}
seconds=${VIGIL_PLACEMENT_BENCH_SECONDS:-10}
line=$(wrk -t2 -c"$connections" -d"${seconds}s" -s bench/create_session.lua "http://127.0.0.1:${ports[0]}" | grep '^BENCH')
spread=$(psql "SELECT string_agg(node_id || '=' || n, ',' ORDER BY node_id) FROM (SELECT node_id, COUNT(*) AS n FROM session GROUP BY node_id) c")
stored=$(psql "SELECT COUNT(*) FROM session")
python3 - "$line" "$stored" "$connections" "$seconds" "$registered" "$spread" <<'PY'
import json, re, sys
line, stored, connections, seconds, registered, spread = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
f = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
created = f["completed"] - f["errors_status"]
per_node = {k: int(v) for k, v in (item.split("=") for item in spread.split(",") if "=" in item)}
def out(**fields): print(json.dumps(dict(bench="api_postgres", **fields), sort_keys=True, separators=(",", ":")))
out(metric="sessions_placed_per_second", value=round(created / (f["duration_us"] / 1e6), 1), unit="sessions/s", nodes=registered,
    connections=connections, seconds=seconds, created=created, stored_after_run=stored, refused=f["errors_status"], per_node=per_node,
    path="POST /api/sessions to node a: placement on the least-loaded live node (one transaction), recording plan, policy")
out(metric="session_create_latency_p50", value=f["p50_us"] / 1000, unit="ms", connections=connections, nodes=registered)
out(metric="session_create_latency_p99", value=f["p99_us"] / 1000, unit="ms", connections=connections, nodes=registered)
PY
