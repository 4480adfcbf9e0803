#!/usr/bin/env bash
# The PostgreSQL backend against the real binary and a real server: a
# throwaway cluster (initdb, pg_ctl; fsync and synchronous_commit on) in a
# temporary directory, stopped at the end. Measured in the same run:
#   - appends from 64 concurrent writers, one event each (`uzel log-load
#     --store`), next to the peer: 64 pgbench clients each INSERTing one row
#     per event into a plain table in its own transaction;
#   - the same load on the embedded sled log, for reference;
#   - a catch-up read of the whole log (`uzel check --store` reads every
#     event through the EventLog contract and checks it);
#   - the board on PostgreSQL, one node and two (posts on one, subscribers
#     on the other): `cargo bench --bench board_load` with UZEL_BOARD_STORE
#     (BOARD_CLIENTS subscribers, default 10000; BOARD_RUNS, default 3;
#     BOARD_CLIENTS=0 skips it).
# Each append run also prints the machine's processor time per event
# (both cores, server and client together), from /proc/stat. UZEL_BIN
# measures another build of uzel (e.g. an older commit's) instead.
#   benches/postgres.sh [events per append run, default 20000] [pgbench seconds, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-20000}
seconds=${2:-10}
uzel=${UZEL_BIN:-$PWD/target/release/uzel}
[ -n "${UZEL_BIN:-}" ] || cargo build --release --quiet
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL's server programs are missing: apt-get install postgresql" >&2; exit 1; }
work=$(mktemp -d)
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
trap 'as_owner "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
as_owner "$bin/initdb" -D "$work/data" -U uzel --auth=trust -E UTF8 >/dev/null
port=5497
as_owner "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-k $work -p $port -c listen_addresses='' -c fsync=on -c synchronous_commit=on -c max_connections=200" start >/dev/null
url() { echo "postgres://uzel@/$1?host=$work&port=$port"; }
psql=("$bin/psql" -h "$work" -p "$port" -U uzel -q)
"$bin/createdb" -h "$work" -p "$port" -U uzel uzel_log
"$bin/createdb" -h "$work" -p "$port" -U uzel plain
# A new cluster creates (and zero-fills) each WAL segment the first time it
# needs one; write some and checkpoint, so both measured loads reuse
# segments as a cluster that has run a while does.
"${psql[@]}" plain -c "CREATE TABLE warm AS SELECT g, repeat('x', 500) AS x FROM generate_series(1, 200000) g" \
  -c "DROP TABLE warm" -c "CHECKPOINT"

busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
per_event() { echo "  processor time: $(echo "scale=1; ($2 - $1) * 10000 / $3" | bc) µs per event (ticks of 1/100 s over both cores)"; }

echo "appends, 64 writers, $events events of 300 bytes:"
before=$(busy)
"$uzel" log-load --store "$(url uzel_log)" --writers 64 --events "$events" --payload-bytes 300 2>&1 | grep -v INFO | sed 's/^/  uzel on PostgreSQL: /'
per_event "$before" "$(busy)" "$events"
"${psql[@]}" plain -c "CREATE TABLE events (id uuid PRIMARY KEY, stream text NOT NULL, version bigint NOT NULL, payload bytea NOT NULL)"
cat >"$work/insert.sql" <<'SQL'
INSERT INTO events (id, stream, version, payload) VALUES (gen_random_uuid(), 'probe-' || :client_id, :client_id, decode(repeat('ab', 300), 'hex'));
SQL
before=$(busy)
peer=$("$bin/pgbench" -h "$work" -p "$port" -U uzel -n -c 64 -j 2 -T "$seconds" -f "$work/insert.sql" plain 2>/dev/null)
echo "$peer" | grep -E "^tps" | sed 's/^/  peer, plain INSERT per event (pgbench): /'
per_event "$before" "$(busy)" "$(echo "$peer" | awk -F': ' '/actually processed/{print $2}')"
"$uzel" log-load --data "$work/sled" --writers 64 --events "$events" --payload-bytes 300 2>&1 | sed 's/^/  uzel on sled: /'

echo "catch-up read of the whole log:"
total=$("${psql[@]}" -At uzel_log -c "SELECT count(*) FROM events")
started=$(date +%s.%N)
"$uzel" check --store "$(url uzel_log)" >/dev/null
ended=$(date +%s.%N)
echo "  $total events read and checked in $(echo "$ended - $started" | bc) s: $(echo "$total / ($ended - $started)" | bc) events/s"

clients=${BOARD_CLIENTS:-10000}
if [ "$clients" != 0 ]; then
  echo "the board on PostgreSQL, $clients subscribers: one node, then two (posts on one, subscribers on the other):"
  UZEL_BOARD_STORE="postgres://uzel@/{db}?host=$work&port=$port" UZEL_BOARD_CLIENTS=$clients UZEL_BENCH_RUNS=${BOARD_RUNS:-3} \
    cargo bench --quiet --bench board_load 2>&1 | grep -E "^(run|median)" | sed 's/^/  /'
fi
