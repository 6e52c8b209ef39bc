#!/usr/bin/env bash
# Issue 18's fragment workloads beside W1, in one run on one backend (SQLite unless told):
#   W1   GET /t/{id}                                    the cached HTML topic page, 50 replies, anonymous
#   E1   GET /embed/v1/topics.html?community=…&limit=5  the topics fragment (5 topics), as a CMS include
#   E2   GET /embed/v1/comments.html?community=…&page=… a page thread with 50 comments, as a CMS include
# Each runs for BENCH_SECONDS (default 10) at 64 connections, the three in turn three
# times; the median round (by requests/s) of each is reported with its p99. Target: E1 and
# E2 ≥ W1's throughput (they are smaller pages). Also reports the loader's gzipped size
# (target: under 10 KB).
#
#   bench/embed.sh                   SQLite, default size (500,000 posts)
#   BENCH_SIZE=small bench/embed.sh  a quick run (50,000 posts)
#   bench/embed.sh postgres
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
secs=${BENCH_SECONDS:-10}
data=bench/work/embed-$backend
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
case "${BENCH_SIZE:-default}" in
  small) size="--members 500 --topics 2000 --posts 50000" ;;
  *) size="" ;;
esac
. bench/lib.sh

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/parley
port=18997
base="http://127.0.0.1:$port"
rm -rf "$data"; mkdir -p "$data" bench/results
if [ "$backend" = postgres ]; then
  pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS parley_bench_embed" -c "CREATE DATABASE parley_bench_embed" >/dev/null
  url="${pg_admin%/*}/parley_bench_embed"
else
  url="sqlite://$data/parley.db"
fi
echo "== $backend: generating data"
DATABASE_URL=$url $bin --data-dir "$data" bench-data $size --sessions-file "$data/sessions.txt" > "$data/gen.txt"
t50=$(sed -n 's/^topic_50=//p' "$data/gen.txt")
community=$(sed -n 's/^embed_community=//p' "$data/gen.txt")
page=$(sed -n 's/^embed_page=//p' "$data/gen.txt")
topics="/embed/v1/topics.html?community=$community&limit=5"
comments="/embed/v1/comments.html?community=$community&page=$page"

DATABASE_URL=$url PARLEY_BIND=127.0.0.1:$port PARLEY_LOG=warn RUST_LOG=warn \
  $bin --data-dir "$data" serve > "$data/server.log" 2>&1 &
pid=$!
trap "kill $pid 2>/dev/null || true" EXIT
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
# Warm up once, and say what each workload answers.
for p in "$t50" "$topics" "$comments"; do
  curl -s -o /dev/null -w "GET $p -> %{http_code}, %{size_download} bytes\n" "$base$p"
done
loader_gz=$(curl -fs "$base/embed/v1/parley.js" | gzip -9c | wc -c)
echo "loader: $loader_gz bytes gzipped"

for round in 1 2 3; do
  echo "== $backend: round $round of 3"
  wrk -t2 -c64 -d${secs}s --latency "$base$t50" > "$data/w1_$round.txt"
  wrk -t2 -c64 -d${secs}s --latency "$base$topics" > "$data/e1_$round.txt"
  wrk -t2 -c64 -d${secs}s --latency "$base$comments" > "$data/e2_$round.txt"
done
w1=$(median "$data"/w1_?.txt); e1=$(median "$data"/e1_?.txt); e2=$(median "$data"/e2_?.txt)
rounds() { for f in "$@"; do parse "$f" | cut -d' ' -f1; done | paste -sd,; }
python3 - "$backend" "$w1" "$e1" "$e2" "$(rounds "$data"/w1_?.txt)" "$(rounds "$data"/e1_?.txt)" "$(rounds "$data"/e2_?.txt)" "$loader_gz" <<'PY' | tee "bench/results/embed-$backend.md"
import sys
backend, *rows = sys.argv[1:5]
rounds = sys.argv[5:8]
loader = sys.argv[8]
labels = ["W1 GET /t/{id} (HTML, cached, anonymous)", "E1 GET /embed/v1/topics.html (5 topics)",
          "E2 GET /embed/v1/comments.html (50 comments)"]
w1 = float(rows[0].split()[0])
print(f"| workload ({backend}) | req/s | % of W1 | p50 ms | p99 ms | non-2xx | rounds req/s |")
print("|---|---|---|---|---|---|---|")
for label, row, rs in zip(labels, rows, rounds):
    rps, p50, p99, bad = row.split()
    print(f"| {label} | {float(rps):.0f} | {float(rps) / w1 * 100:.0f} % | {p50} | {p99} | {bad} | {rs} |")
print(f"\nLoader `/embed/v1/parley.js`: {loader} bytes with `gzip -9c` (target < 10,240).")
PY
