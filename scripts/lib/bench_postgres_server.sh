# Sourced by the PostgreSQL benches (scripts/bench_postgres.sh, scripts/bench_placement.sh): a
# PostgreSQL 15 server of the bench's own (Debian's postgresql package) in the folder $work, on a
# free loopback port, as the postgres user when run as root (initdb refuses root).
#   start_bench_postgres DBNAME  → sets pg_port, pg_pid and url (postgres://… of DBNAME)
#   stop_bench_postgres          → a fast shutdown, waited for up to 10 s (call it from the trap)
pgbin=/usr/lib/postgresql/15/bin
pg_pid=""

start_bench_postgres() {
  local database=$1 as_pg=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$work"; as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
  (cd / && "${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -U vigil --auth=trust -E UTF8 --no-locale > "$work/initdb.log" 2>&1) \
    || { echo "bench: initdb failed" >&2; cat "$work/initdb.log" >&2; exit 1; }
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd / && exec "${as_pg[@]}" "$pgbin/postgres" -D "$work/data" -p "$pg_port" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$work" > "$work/postgres.log" 2>&1) &
  pg_pid=$!
  for _ in $(seq 300); do "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break; sleep 0.1; done
  "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U vigil "$database"
  url="postgres://vigil@127.0.0.1:$pg_port/$database?sslmode=disable"
}

stop_bench_postgres() {
  if [ -n "$pg_pid" ]; then kill -INT "$pg_pid" 2>/dev/null || true; for _ in $(seq 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done; fi
}
