#!/usr/bin/env bash
# Issue 22's targets, measured in one run on both backends with one release binary:
#   PostgreSQL W1 >= 50 % of SQLite W1; W3 >= 50 % of W1 on SQLite, >= 25 % on PostgreSQL;
#   W5 on PostgreSQL >= 1,000 replies/s.
# Same data set, workloads and wrk settings as bench/run.sh (W1, W3: 64 connections; W5:
# 16), without the workloads that need oha. W1 and W3 run in turn three times and the
# median of each is taken (one 10-second window moves 10-25 % here). Then a floor for W5:
# pgbench, 16 clients, each transaction one UPDATE of the same single row (what every
# reply to one topic must also do, under the same row lock) on the same PostgreSQL.
#
#   bench/ratios.sh                  default size (500,000 posts)
#   BENCH_SIZE=small bench/ratios.sh a quick try
#   BENCH_BIN=path                   use this binary, no release build
# Writes bench/results/issue-22-ratios.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-10}
work=bench/work/ratios
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
case "${BENCH_SIZE:-default}" in
  small) size="--members 500 --topics 2000 --posts 50000" ;;
  *) size="" ;;
esac
if [ -z "${BENCH_BIN:-}" ]; then cargo build --release --quiet; fi
bin=${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/parley}
port=18995
base="http://127.0.0.1:$port"
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
. bench/lib.sh
rm -rf "$work"; mkdir -p "$work" bench/results
out="$work/rows.txt"; : > "$out"

run_backend() {
  local backend=$1 url data="$work/$1"
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS parley_bench_ratios" -c "CREATE DATABASE parley_bench_ratios" >/dev/null
    url="${pg_admin%/*}/parley_bench_ratios"
  else
    url="sqlite://$data/parley.db"
  fi
  echo "== $backend: generating data"
  DATABASE_URL=$url $bin --data-dir "$data" bench-data $size --sessions-file "$data/sessions.txt" > "$data/gen.txt"
  local t50 w3
  t50=$(sed -n 's/^topic_50=//p' "$data/gen.txt"); w3=$(sed -n 's/^w3_community=//p' "$data/gen.txt")
  DATABASE_URL=$url PARLEY_BIND=127.0.0.1:$port PARLEY_LOG=warn RUST_LOG=warn \
    $bin --data-dir "$data" serve > "$data/server.log" 2>&1 &
  local pid=$!
  trap "kill $pid 2>/dev/null || true" RETURN
  for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base$t50" >/dev/null; curl -fs "$base$w3" >/dev/null
  local round
  for round in 1 2 3; do
    echo "== $backend: W1 (round $round of 3)"
    wrk -t2 -c64 -d${secs}s --latency "$base$t50" > "$data/w1_$round.txt"
    echo "== $backend: W3 (round $round of 3)"
    wrk -t2 -c64 -d${secs}s --latency "$base$w3" > "$data/w3_$round.txt"
  done
  echo "== $backend: W5 replies"
  SESSIONS_FILE="$data/sessions.txt" wrk -t2 -c16 -d${secs}s --latency -s bench/lua/reply.lua \
    "$base$t50/reply" > "$data/w5.txt" 2> "$data/w5.err"
  kill $pid; wait $pid 2>/dev/null || true
  rounds() { for f in "$@"; do parse "$f" | cut -d' ' -f1; done | paste -sd/; }
  echo "$backend W1 $(median "$data"/w1_?.txt) $(rounds "$data"/w1_?.txt)" >> "$out"
  echo "$backend W3 $(median "$data"/w3_?.txt) $(rounds "$data"/w3_?.txt)" >> "$out"
  echo "$backend W5 $(parse "$data/w5.txt") -" >> "$out"
}

run_backend sqlite
run_backend postgres

echo "== PostgreSQL floor: one-row UPDATE per transaction, 16 clients"
floor_db="${pg_admin%/*}/parley_bench_ratios"
psql "$floor_db" -qc "DROP TABLE IF EXISTS floor_row" -c "CREATE TABLE floor_row (id int PRIMARY KEY, n bigint)" \
  -c "INSERT INTO floor_row VALUES (1, 0)" >/dev/null
echo "UPDATE floor_row SET n = n + 1 WHERE id = 1;" > "$work/floor.sql"
pgbench -n -c16 -j2 -T"$secs" -f "$work/floor.sql" "$floor_db" > "$work/floor.txt" 2>&1
floor_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/floor.txt" | head -1)
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS parley_bench_ratios" >/dev/null

python3 - "$out" "$floor_tps" "$(nproc)" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    b, w, rps, p50, p99, non2xx, rounds = line.split()
    rows[(b, w)] = dict(rps=float(rps), p50=p50, p99=p99, non2xx=int(non2xx), rounds=rounds)
floor = float(sys.argv[2] or 0)
def r(b, w): return rows[(b, w)]["rps"]
lines = ["| backend | workload | req/s (median) | rounds | p50 ms | p99 ms | non-2xx |", "|---|---|---|---|---|---|---|"]
for (b, w), v in rows.items():
    lines.append(f"| {b} | {w} | {v['rps']:.0f} | {v['rounds']} | {v['p50']} | {v['p99']} | {v['non2xx']} |")
lines.append(f"| postgres | floor: one-row UPDATE per transaction (pgbench, 16 clients) | {floor:.0f} | - | - | - | - |")
checks = [
    ("PostgreSQL W1 / SQLite W1", r("postgres", "W1") / r("sqlite", "W1"), 0.50),
    ("SQLite W3 / SQLite W1", r("sqlite", "W3") / r("sqlite", "W1"), 0.50),
    ("PostgreSQL W3 / PostgreSQL W1", r("postgres", "W3") / r("postgres", "W1"), 0.25),
]
lines += ["", "| target | measured | line | holds? |", "|---|---|---|---|"]
for name, got, line in checks:
    lines.append(f"| {name} | {got * 100:.1f} % | {line * 100:.0f} % | {'yes' if got >= line else 'no'} |")
w5 = r("postgres", "W5")
lines.append(f"| PostgreSQL W5 | {w5:.0f} replies/s | 1,000 | {'yes' if w5 >= 1000 else 'no'} |")
lines.append(f"| PostgreSQL W5 / floor | {w5 / floor * 100 if floor else 0:.1f} % of {floor:.0f} one-row updates/s | - | - |")
lines.append("")
lines.append(f"Machine: {sys.argv[3]} cores; load generator on the same cores.")
text = "\n".join(lines) + "\n"
open("bench/results/issue-22-ratios.md", "w").write(text)
print(text)
PY
