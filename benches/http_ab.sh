#!/usr/bin/env bash
# Two builds' HTTP throughput, measured alternately so that the machine's
# drift falls on both: each round starts each binary on a fresh data
# directory and measures `/healthz` and the public page `/` with wrk on
# loopback (2 threads, 64 connections).
#   benches/http_ab.sh ROUNDS OLD_BINARY NEW_BINARY [seconds per measurement, default 8]
set -euo pipefail
rounds=$1 old=$2 new=$3 seconds=${4:-8}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
port=18191
for round in $(seq 1 "$rounds"); do
  for bin in "$old" "$new"; do
    data=$(mktemp -d)
    "$bin" serve --data "$data" --listen "127.0.0.1:$port" --log-level warn >/dev/null 2>&1 &
    server=$!
    for _ in $(seq 1 200); do
      curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
      sleep 0.1
    done
    health=$(wrk -t2 -c64 -d"${seconds}s" "http://127.0.0.1:$port/healthz" | awk '/Requests\/sec/ {print $2}')
    page=$(wrk -t2 -c64 -d"${seconds}s" "http://127.0.0.1:$port/" | awk '/Requests\/sec/ {print $2}')
    echo "round $round $bin: /healthz $health requests/s, / $page requests/s"
    kill "$server"
    wait "$server" 2>/dev/null || true
    rm -rf "$data"
  done
done
