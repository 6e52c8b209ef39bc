#!/usr/bin/env bash
# Issue 19's search workloads on one backend (BENCH_DB=postgres|sqlite, or the first
# argument; PostgreSQL unless told), default data set (500,000 posts):
#   S1   GET /search?q=...                  50 typical queries in turn (bench/lua/search.lua)
#   S2   GET /search/similar.json?q=&c=     25 titles as typed in the composer (similar.lua)
#   W5   replies (bench/lua/reply.lua), with the index and without it, three times in
#        turn; the median of each gives the indexing cost.
# 16 connections each, BENCH_SECONDS (default 10) per run. Targets: S1 p95 < 20 ms,
# S2 p95 < 30 ms, W5 with the index ≥ 90 % of W5 without it.
#
#   bench/search.sh                    PostgreSQL
#   BENCH_DB=sqlite bench/search.sh    SQLite (W5 without the index needs
#                                      BENCH_SQLITE_NO_INDEX_SQL, run with sqlite3, and
#                                      BENCH_SQLITE_INDEX_ON_SQL to undo it. The index is
#                                      written in Rust, so SQL can only drop the FTS5
#                                      write (a proxy: see results/issue-19-search.md).)
#   BENCH_SIZE=small bench/search.sh   50,000 posts, a quick try
#   BENCH_PG_DB=name                   the PostgreSQL database to recreate (default
#                                      parley_bench_search)
# Each workload's table row carries the machine's 1-minute load average at its start
# and end (/proc/loadavg): the load generator shares the cores with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${BENCH_DB:-${1:-postgres}}
secs=${BENCH_SECONDS:-10}
data=bench/work/search-$backend
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
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_db=${BENCH_PG_DB:-parley_bench_search}
if [ "$backend" = postgres ]; then
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db" >/dev/null
  url="${pg_admin%/*}/$pg_db"
else
  url="sqlite://$data/parley.db"
fi
echo "== $backend: generating data (the index is written as the posts go in)"
DATABASE_URL=$url $bin --data-dir "$data" bench-data $size --sessions-file "$data/sessions.txt" > "$data/gen.txt"
gen_secs=$(sed -n 's/^generated in \([0-9.]*\) s$/\1/p' "$data/gen.txt")
t50=$(sed -n 's/^topic_50=//p' "$data/gen.txt")

# Turning the index off and on for W5 without it (PostgreSQL: its triggers on posts).
index_off() {
  if [ "$backend" = postgres ]; then
    psql "$url" -qc "ALTER TABLE posts DISABLE TRIGGER post_search_insert" -c "ALTER TABLE posts DISABLE TRIGGER post_search_update"
  else
    sqlite3 "$data/parley.db" "$BENCH_SQLITE_NO_INDEX_SQL"
  fi
}
index_on() {
  if [ "$backend" = postgres ]; then
    psql "$url" -qc "ALTER TABLE posts ENABLE TRIGGER post_search_insert" -c "ALTER TABLE posts ENABLE TRIGGER post_search_update"
  else
    sqlite3 "$data/parley.db" "${BENCH_SQLITE_INDEX_ON_SQL:?BENCH_SQLITE_INDEX_ON_SQL undoes BENCH_SQLITE_NO_INDEX_SQL}"
  fi
}
can_switch=yes
[ "$backend" = sqlite ] && [ -z "${BENCH_SQLITE_NO_INDEX_SQL:-}" ] && can_switch=no

DATABASE_URL=$url PARLEY_BIND=127.0.0.1:$port PARLEY_LOG=warn RUST_LOG=warn \
  $bin --data-dir "$data" serve > "$data/server.log" 2>&1 &
pid=$!
trap "kill $pid 2>/dev/null || true" EXIT
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
# Say what each workload answers, once.
curl -s -o /dev/null -w "GET /search?q=timeout -> %{http_code}\n" "$base/search?q=timeout"
curl -s -o /dev/null -w "GET /search/similar.json?q=configure+feature&c=bench-00 -> %{http_code}\n" \
  "$base/search/similar.json?q=configure+feature&c=bench-00"

p95() { sed -n 's/^p95_ms=//p' "$1"; }
# The 1-minute load average, appended to a workload's wrk output before and after it.
load1() { cut -d' ' -f1 /proc/loadavg; }
loaded() { local out=$1; shift; local l0; l0=$(load1); "$@" > "$out"; echo "load1=$l0->$(load1)" >> "$out"; }
load_of() { sed -n 's/^load1=//p' "$1"; }
echo "== $backend: S1 search, 16 connections"
loaded "$data/s1.txt" wrk -t2 -c16 -d${secs}s --latency -s bench/lua/search.lua "$base/search"
echo "== $backend: S2 similar questions, 16 connections"
loaded "$data/s2.txt" wrk -t2 -c16 -d${secs}s --latency -s bench/lua/similar.lua "$base/search/similar.json"

for round in 1 2 3; do
  echo "== $backend: W5 replies with the index (round $round of 3)"
  SESSIONS_FILE="$data/sessions.txt" loaded "$data/w5_on_$round.txt" wrk -t2 -c16 -d${secs}s --latency -s bench/lua/reply.lua "$base$t50/reply" 2>> "$data/w5.err"
  if [ "$can_switch" = yes ]; then
    index_off
    echo "== $backend: W5 replies without the index (round $round of 3)"
    SESSIONS_FILE="$data/sessions.txt" loaded "$data/w5_off_$round.txt" wrk -t2 -c16 -d${secs}s --latency -s bench/lua/reply.lua "$base$t50/reply" 2>> "$data/w5.err"
    index_on
  fi
done
w5_on=$(median "$data"/w5_on_?.txt)
w5_off=$([ "$can_switch" = yes ] && median "$data"/w5_off_?.txt || echo "nan nan nan 0")
rounds() { for f in "$@"; do echo "$(parse "$f" | cut -d' ' -f1) (load $(load_of "$f"))"; done | paste -sd,; }
python3 - "$backend" "${gen_secs:-?}" "$(parse "$data/s1.txt")" "$(p95 "$data/s1.txt") $(load_of "$data/s1.txt")" \
  "$(parse "$data/s2.txt")" "$(p95 "$data/s2.txt") $(load_of "$data/s2.txt")" "$w5_on" "$w5_off" \
  "$(rounds "$data"/w5_on_?.txt)" "$( [ "$can_switch" = yes ] && rounds "$data"/w5_off_?.txt || echo -)" <<'PY' | tee "bench/results/search-$backend.md"
import sys
b, gen, s1, s1p95, s2, s2p95, on, off, on_rounds, off_rounds = sys.argv[1:]
def row(label, line, p95_load, target):
    rps, p50, p99, bad = line.split()
    p95, load = p95_load.split()
    print(f"| {label} | {float(rps):.0f} | {p50} | {p95} | {p99} | {bad} | {load} | {target} |")
print(f"| workload ({b}, data generated in {gen} s with the index) | req/s | p50 ms | p95 ms | p99 ms | non-2xx | load (1 min, start->end) | target |")
print("|---|---|---|---|---|---|---|---|")
row("S1 GET /search?q= (50 queries, 16 conn.)", s1, s1p95, "p95 < 20 ms")
row("S2 GET /search/similar.json (16 conn.)", s2, s2p95, "p95 < 30 ms")
rps_on, rps_off = float(on.split()[0]), float(off.split()[0])
for label, line, rs in (("W5 replies, with the index", on, on_rounds), ("W5 replies, without the index", off, off_rounds)):
    rps, p50, p99, bad = line.split()
    print(f"| {label} (median of rounds: {rs}) | {float(rps):.0f} | {p50} | – | {p99} | {bad} | see rounds | |")
if rps_off == rps_off:  # not NaN
    print(f"\nIndexing cost on W5: {(1 - rps_on / rps_off) * 100:.1f} % of the replies/s (target < 10 %).")
PY
