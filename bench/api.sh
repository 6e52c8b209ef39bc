#!/usr/bin/env bash
# Issue 17's API workload beside W1, in one run on one backend (SQLite unless told):
#   W1      GET /t/{id}              the cached HTML topic page, 50 replies, anonymous
#   A1      GET /api/v1/topics/{id}  the same topic as JSON with its posts, anonymous
#   A1tok   A1 with a personal token (topics:read) of a bench member
# Each runs for BENCH_SECONDS (default 10) at 64 connections, the three in turn three
# times; the median round (by requests/s) of each is reported with its p99. Target:
# A1 and A1tok ≥ 50 % of W1's throughput on SQLite.
#
#   bench/api.sh                   SQLite, default size (500,000 posts)
#   BENCH_SIZE=small bench/api.sh  a quick run (50,000 posts)
#   bench/api.sh postgres
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
secs=${BENCH_SECONDS:-10}
data=bench/work/api-$backend
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
case "${BENCH_SIZE:-default}" in
  small) size="--members 500 --topics 2000 --posts 50000" ;;
  *) size="" ;;
esac
. bench/lib.sh

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/parley
port=18998
base="http://127.0.0.1:$port"
rm -rf "$data"; mkdir -p "$data" bench/results
if [ "$backend" = postgres ]; then
  pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS parley_bench_api" -c "CREATE DATABASE parley_bench_api" >/dev/null
  url="${pg_admin%/*}/parley_bench_api"
else
  url="sqlite://$data/parley.db"
fi
echo "== $backend: generating data"
DATABASE_URL=$url $bin --data-dir "$data" bench-data $size --sessions-file "$data/sessions.txt" > "$data/gen.txt"
t50=$(sed -n 's/^topic_50=//p' "$data/gen.txt")
api="/api/v1/topics/${t50#/t/}"
token=$(DATABASE_URL=$url $bin --data-dir "$data" token create --user member00001 --name bench --scopes topics:read \
  | grep -o 'parley_pat_[0-9a-f]\{64\}' | head -1)

# Rate limits stay on (their leased quota is part of every API request's cost) but high
# enough that wrk's requests from one address and one token are never refused.
DATABASE_URL=$url PARLEY_BIND=127.0.0.1:$port PARLEY_LOG=warn RUST_LOG=warn \
  PARLEY_API__RATE_LIMIT_PER_TOKEN=1000000000 PARLEY_API__RATE_LIMIT_PER_ADDRESS=1000000000 \
  $bin --data-dir "$data" serve > "$data/server.log" 2>&1 &
pid=$!
trap "kill $pid 2>/dev/null || true" EXIT
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
# Warm up once, and say what each workload answers.
for h in "" "Authorization: Bearer $token"; do
  curl -s -o /dev/null -w "GET $api ${h:+(token) }-> %{http_code}\n" ${h:+-H "$h"} "$base$api"
done
curl -fs -o /dev/null "$base$t50"

for round in 1 2 3; do
  echo "== $backend: round $round of 3"
  wrk -t2 -c64 -d${secs}s --latency "$base$t50" > "$data/w1_$round.txt"
  wrk -t2 -c64 -d${secs}s --latency "$base$api" > "$data/a1_$round.txt"
  wrk -t2 -c64 -d${secs}s --latency -H "Authorization: Bearer $token" "$base$api" > "$data/a1tok_$round.txt"
done
w1=$(median "$data"/w1_?.txt); a1=$(median "$data"/a1_?.txt); a1tok=$(median "$data"/a1tok_?.txt)
rounds() { for f in "$@"; do parse "$f" | cut -d' ' -f1; done | paste -sd,; }
python3 - "$backend" "$w1" "$a1" "$a1tok" "$(rounds "$data"/w1_?.txt)" "$(rounds "$data"/a1_?.txt)" "$(rounds "$data"/a1tok_?.txt)" <<'PY' | tee "bench/results/api-$backend.md"
import sys
backend, *rows = sys.argv[1:5]
rounds = sys.argv[5:8]
labels = ["W1 GET /t/{id} (HTML, cached, anonymous)", "A1 GET /api/v1/topics/{id} (anonymous)",
          "A1tok GET /api/v1/topics/{id} (token)"]
w1 = float(rows[0].split()[0])
print(f"| workload ({backend}) | req/s | % of W1 | p50 ms | p99 ms | non-2xx | rounds req/s |")
print("|---|---|---|---|---|---|---|")
for label, row, rs in zip(labels, rows, rounds):
    rps, p50, p99, bad = row.split()
    print(f"| {label} | {float(rps):.0f} | {float(rps) / w1 * 100:.0f} % | {p50} | {p99} | {bad} | {rs} |")
PY
