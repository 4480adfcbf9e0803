#!/usr/bin/env bash
# HTTP throughput of a directory query against the real binary, next to a
# trivial handler (/healthz) measured in the same run, with wrk on loopback.
# Uses the 1,000,000-event log of `cargo bench --bench model` (generated on
# first use): one network of 10,000 actors.
#   benches/http.sh [seconds per measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
data=target/bench-data/model-1m
[ -f "$data/db" ] || UZEL_BENCH_RUNS=1 cargo bench --quiet --bench model
port=18090
# Reads need a signed-in user: an admin `bench` (made once) and a fresh token.
if ! printf 'bench-password\n' | ./target/release/uzel admin create-user --data "$data" --username bench >/dev/null 2>&1; then
  echo "(user bench exists)" >&2
fi
./target/release/uzel admin grant --data "$data" --username bench --role admin >/dev/null
./target/release/uzel serve --data "$data" --listen "127.0.0.1:$port" --log-level warn >/dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
measure() {
  wrk -t2 -c64 -d"${seconds}s" "$@" | awk '/Requests\/sec/ {print $2}'
}
base="http://127.0.0.1:$port"
token=$(curl -fs -X POST "$base/api/v1/auth/token" -H 'content-type: application/json' \
  -d '{"username": "bench", "password": "bench-password", "name": "bench"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
auth=(-H "Authorization: Bearer $token")
trivial=$(measure "$base/healthz")
signed=$(measure "${auth[@]}" "$base/api/v1/auth/me")
query='/api/v1/networks/velka/actors?need_area=safety&crisis=true&focus=prevention&per_page=20'
directory=$(measure "${auth[@]}" "$base$query")
varying=$(measure "${auth[@]}" -s benches/http-varying.lua "$base")
echo "trivial handler (/healthz): $trivial requests/s"
echo "signed-in trivial handler (/api/v1/auth/me, bearer token through the guard): $signed requests/s"
echo "directory, three filters over 10,000 actors, 20 per page: $directory requests/s"
echo "directory, page size varying per request (answers rarely reused): $varying requests/s"
awk -v d="$directory" -v v="$varying" -v t="$trivial" \
  -v s="$signed" 'BEGIN {printf "directory / trivial: %.1f %%; varying / trivial: %.1f %%; signed-in / trivial: %.1f %%\n", 100 * d / t, 100 * v / t, 100 * s / t}'
