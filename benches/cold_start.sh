#!/usr/bin/env bash
# How long `uzel serve` takes from its start until /readyz answers 200 on a
# 1,000,000-event data directory, for both generated logs: the model
# bench's (target/bench-data/model-1m: one network of 10,000 actors) and
# the audit bench's (target/bench-data/audit-1m: five networks over five
# years, 1 % of changes entered late). Each is generated on first use. The
# directory is copied first, so the benches' own copies stay as generated.
# Two figures per log: rebuilt from the whole log (a fresh copy each run,
# no snapshot), and from the snapshot the last of those runs saved.
#   benches/cold_start.sh [runs, default 3]
# UZEL_BIN times another build of uzel (e.g. an older commit's) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
uzel=${UZEL_BIN:-./target/release/uzel}
[ -n "${UZEL_BIN:-}" ] || cargo build --release --quiet
[ -f target/bench-data/model-1m/db ] || UZEL_BENCH_RUNS=1 cargo bench --quiet --bench model >/dev/null
[ -f target/bench-data/audit-1m/db ] || UZEL_BENCH_RUNS=1 cargo bench --quiet --bench audit >/dev/null
port=18091
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
server=
ready_after() {
  local dir=$1 started now
  started=$(date +%s.%N)
  "$uzel" serve --data "$dir" --listen "127.0.0.1:$port" --log-level info >"$work/out" 2>&1 &
  server=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 $server 2>/dev/null || { echo "uzel serve stopped" >&2; cat "$work/out" >&2; exit 1; }
    sleep 0.02
  done
  now=$(date +%s.%N)
  kill -TERM $server
  wait $server || true
  grep -o 'read models ready.*' "$work/out" | head -1 >>"$work/starts"
  echo "$now - $started" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for log in model-1m audit-1m; do
  rebuilt=$(for _ in $(seq 1 "$runs"); do
    rm -rf "$work/$log"
    cp -a "target/bench-data/$log" "$work/$log"
    rm -f "$work/$log/control.json"
    ready_after "$work/$log"
  done)
  loaded=$(for _ in $(seq 1 "$runs"); do ready_after "$work/$log"; done)
  echo "$log: from a snapshot $(echo "$loaded" | median) s (median of $runs: $(echo $loaded)); rebuilt from the log $(echo "$rebuilt" | median) s (median of $runs: $(echo $rebuilt))"
done
echo "how each start went (uzel's own line):"
sed 's/^/  /' "$work/starts"
