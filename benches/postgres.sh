#!/usr/bin/env bash
# The PostgreSQL backend against the real binary and a real server: a
# throwaway cluster (initdb, pg_ctl; fsync and synchronous_commit on) in a
# temporary directory, stopped at the end. Measured in the same run:
#   - appends from 64 concurrent writers, one event each (`uzel log-load
#     --store`), next to the peer: 64 pgbench clients each INSERTing one row
#     per event into a plain table in its own transaction;
#   - the same load on the embedded sled log, for reference;
#   - a catch-up read of the whole log (`uzel check --store` reads every
#     event through the EventLog contract and checks it).
#   benches/postgres.sh [events per append run, default 20000] [pgbench seconds, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-20000}
seconds=${2:-10}
cargo build --release --quiet
uzel=$PWD/target/release/uzel
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

echo "appends, 64 writers, $events events of 300 bytes:"
"$uzel" log-load --store "$(url uzel_log)" --writers 64 --events "$events" --payload-bytes 300 2>&1 | sed 's/^/  uzel on PostgreSQL: /'
"${psql[@]}" plain -c "CREATE TABLE events (id uuid PRIMARY KEY, stream text NOT NULL, version bigint NOT NULL, payload bytea NOT NULL)"
cat >"$work/insert.sql" <<'SQL'
INSERT INTO events (id, stream, version, payload) VALUES (gen_random_uuid(), 'probe-' || :client_id, :client_id, decode(repeat('ab', 300), 'hex'));
SQL
"$bin/pgbench" -h "$work" -p "$port" -U uzel -n -c 64 -j 2 -T "$seconds" -f "$work/insert.sql" plain 2>/dev/null |
  grep -E "^tps" | sed 's/^/  peer, plain INSERT per event (pgbench): /'
"$uzel" log-load --data "$work/sled" --writers 64 --events "$events" --payload-bytes 300 2>&1 | sed 's/^/  uzel on sled: /'

echo "catch-up read of the whole log:"
total=$("${psql[@]}" -At uzel_log -c "SELECT count(*) FROM events")
started=$(date +%s.%N)
"$uzel" check --store "$(url uzel_log)" >/dev/null
ended=$(date +%s.%N)
echo "  $total events read and checked in $(echo "$ended - $started" | bc) s: $(echo "$total / ($ended - $started)" | bc) events/s"
