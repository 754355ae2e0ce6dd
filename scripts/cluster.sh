#!/usr/bin/env bash
# `make cluster`: a try-out of many nodes on this machine (README, "Try a cluster"). Starts a
# PostgreSQL 15 server of its own (Debian's postgresql package, as the PostgreSQL benches do) and
# three `vigil serve` nodes on it, on loopback ports (VIGIL_CLUSTER_PORT, 8081, and the next two),
# prints each node's URL and pid, the admin key and how to create a session, and stops everything
# on Ctrl-C. A node stopped by hand (to see a fail-over) is reported; the others go on. Everything lives in a fresh folder, removed at the end
# (VIGIL_CLUSTER_KEEP=1 keeps it: the nodes' logs, recordings and the database files).
# Usage: scripts/cluster.sh BIN_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/cluster.sh BIN_DIR}
source scripts/lib/bench_postgres_server.sh
work=$(mktemp -d -t vigil-cluster-XXXXXX)
chmod 755 "$work"
first_port=${VIGIL_CLUSTER_PORT:-8081}
names=(a b c)
node_pids=()
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "cluster: stopping the nodes and PostgreSQL"
  for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_bench_postgres
  if [ "${VIGIL_CLUSTER_KEEP:-0}" = 1 ]; then echo "cluster: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for offset in 0 1 2; do
  port=$((first_port + offset))
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "cluster: port $port is taken; choose others with VIGIL_CLUSTER_PORT=9001 make cluster" >&2; exit 1
  fi
done

start_bench_postgres vigil
export VIGIL_ADMIN_KEY=${VIGIL_ADMIN_KEY:-$(python3 -c 'import secrets; print(secrets.token_hex(16))')}
urls=()
for offset in 0 1 2; do
  name=${names[$offset]}
  port=$((first_port + offset))
  mkdir -p "$work/$name"; : > "$work/$name/server.log"
  "$bin/vigil" serve --host 127.0.0.1 --port "$port" --data-dir "$work/$name" --db "$url" --node-id "$name" \
    --analysis-workers 1 >> "$work/$name/server.log" 2>&1 &
  node_pids+=($!)
  urls+=("http://127.0.0.1:$port")
done
for index in 0 1 2; do
  name=${names[$index]}
  for _ in $(seq 600); do grep -q "listening on" "$work/$name/server.log" && break; kill -0 "${node_pids[$index]}" 2>/dev/null || break; sleep 0.1; done
  grep -q "listening on" "$work/$name/server.log" || { echo "cluster: node $name did not start:" >&2; tail -20 "$work/$name/server.log" >&2; exit 1; }
done

cat <<TEXT

Three Vigil nodes share PostgreSQL at $url
  node a  ${urls[0]}  pid ${node_pids[0]}  log: $work/a/server.log
  node b  ${urls[1]}  pid ${node_pids[1]}  log: $work/b/server.log
  node c  ${urls[2]}  pid ${node_pids[2]}  log: $work/c/server.log
Admin key: $VIGIL_ADMIN_KEY

The nodes, from any of them:
  curl -s ${urls[0]}/api/nodes -H 'Authorization: Bearer $VIGIL_ADMIN_KEY'
Create a session (any node places it on the least-loaded one; its links name that node):
  curl -s -X POST ${urls[0]}/api/sessions -H 'Authorization: Bearer $VIGIL_ADMIN_KEY' \\
    -H 'Content-Type: application/json' -d '{"candidate_name": "Ada Lovelace", "interviewer_name": "Grace Hopper"}'
Open its candidate and interviewer links in two browser tabs (localhost may use the camera
without HTTPS). Ctrl-C stops everything.
TEXT

# Until Ctrl-C; a node that stops is reported once (its live sessions fail over to the others).
stopped=()
while :; do
  for index in 0 1 2; do
    if [ -z "${stopped[$index]:-}" ] && ! kill -0 "${node_pids[$index]}" 2>/dev/null; then
      stopped[$index]=1
      echo "cluster: node ${names[$index]} stopped; its live sessions fail over to a live node. Its log ends:" >&2
      tail -5 "$work/${names[$index]}/server.log" >&2
    fi
  done
  [ "${#stopped[@]}" -lt 3 ] || { echo "cluster: every node stopped" >&2; exit 1; }
  sleep 1
done
