#!/usr/bin/env bash
# Issue 20's outcome dashboard on one backend (BENCH_DB=postgres|sqlite, or the first
# argument; PostgreSQL unless told), default data set (500,000 posts over a year, with
# the outcome events the write cores would have recorded, generated in bulk):
#   F1   `parley outcomes recompute --from <a year ago>`: the daily-facts job over a
#        year of events (its duration is reported).
#   D1   GET /c/bench-00/outcomes  as that sub-community's manager (member00001)
#   D2   GET /admin/outcomes       as an admin (member00000), every sub-community
# 8 connections each, BENCH_SECONDS (default 10) per run. Target: D1, D2 p95 < 200 ms
# (figures come from the daily facts, never from scanning posts).
#
#   bench/outcomes.sh                    PostgreSQL
#   BENCH_DB=sqlite bench/outcomes.sh    SQLite
#   BENCH_SIZE=small bench/outcomes.sh   50,000 posts, a quick try
#   BENCH_SIZE=tiny bench/outcomes.sh    5,000 posts, to check the script runs
#   BENCH_BIN=path                      use this binary, no release build
#   BENCH_PG_DB=name                     the PostgreSQL database to recreate (default
#                                        parley_bench_outcomes)
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${BENCH_DB:-${1:-postgres}}
secs=${BENCH_SECONDS:-10}
data=bench/work/outcomes-$backend
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
case "${BENCH_SIZE:-default}" in
  small) size="--members 500 --topics 2000 --posts 50000" ;;
  tiny) size="--members 100 --communities 3 --topics 300 --posts 5000" ;;
  *) size="" ;;
esac
. bench/lib.sh

# BENCH_BIN: an already built binary (to check the script quickly with a debug build;
# figures only count from a release build).
if [ -z "${BENCH_BIN:-}" ]; then cargo build --release --quiet; fi
bin=${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/parley}
port=18996
base="http://127.0.0.1:$port"
rm -rf "$data"; mkdir -p "$data" bench/results
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_db=${BENCH_PG_DB:-parley_bench_outcomes}
if [ "$backend" = postgres ]; then
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db" >/dev/null
  url="${pg_admin%/*}/$pg_db"
  sql() { psql "$url" -qAtc "$1"; }
else
  url="sqlite://$data/parley.db"
  sql() { sqlite3 "$data/parley.db" "$1"; }
fi
echo "== $backend: generating data"
DATABASE_URL=$url $bin --data-dir "$data" bench-data $size --sessions-file "$data/sessions.txt" > "$data/gen.txt"
events=$(sql "SELECT COUNT(*) FROM outcome_events")
# The readers: member00000 (first session) becomes an admin, member00001 (second) the
# manager of bench-00.
sql "UPDATE users SET role = 'admin' WHERE username = 'member00000'"
sql "INSERT INTO community_members (community_id, user_id, role, created_at)
     SELECT c.id, u.id, 'manager', 0 FROM communities c, users u
     WHERE c.slug = 'bench-00' AND u.username = 'member00001'
     ON CONFLICT (community_id, user_id) DO UPDATE SET role = 'manager'"
admin_session=$(sed -n 1p "$data/sessions.txt")
manager_session=$(sed -n 2p "$data/sessions.txt")

echo "== $backend: F1 daily facts over a year of events ($events events)"
from=$(date -u -d '366 days ago' +%F)
start=$(date +%s.%N)
DATABASE_URL=$url $bin --data-dir "$data" outcomes recompute --from "$from" > "$data/f1.txt"
f1_secs=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
questions=$(sql "SELECT COUNT(*) FROM outcome_questions")

# The job itself stays off in the server: the facts were just computed.
DATABASE_URL=$url PARLEY_BIND=127.0.0.1:$port PARLEY_LOG=warn RUST_LOG=warn PARLEY_OUTCOMES__WORKER=false \
  $bin --data-dir "$data" serve > "$data/server.log" 2>&1 &
pid=$!
trap "kill $pid 2>/dev/null || true" EXIT
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
for pair in "c/bench-00/outcomes $manager_session" "admin/outcomes $admin_session"; do
  set -- $pair
  curl -s -o /dev/null -w "GET /$1 -> %{http_code}\n" -H "Cookie: parley_session=$2" "$base/$1"
done

p95() { sed -n 's/^p95_ms=//p' "$1"; }
echo "== $backend: D1 one sub-community's dashboard, 8 connections"
SESSION=$manager_session wrk -t2 -c8 -d${secs}s --latency -s bench/lua/outcomes.lua "$base/c/bench-00/outcomes" > "$data/d1.txt"
echo "== $backend: D2 the deployment's dashboard, 8 connections"
SESSION=$admin_session wrk -t2 -c8 -d${secs}s --latency -s bench/lua/outcomes.lua "$base/admin/outcomes" > "$data/d2.txt"

python3 - "$backend" "$events" "$questions" "$f1_secs" "$(parse "$data/d1.txt")" "$(p95 "$data/d1.txt")" \
  "$(parse "$data/d2.txt")" "$(p95 "$data/d2.txt")" <<'PY' | tee "bench/results/outcomes-$backend.md"
import sys
b, events, questions, f1, d1, d1p95, d2, d2p95 = sys.argv[1:]
print(f"F1 ({b}): daily facts over a year of events ({events} events, {questions} questions): {f1} s.\n")
print(f"| workload ({b}) | req/s | p50 ms | p95 ms | p99 ms | non-2xx | target |")
print("|---|---|---|---|---|---|---|")
for label, line, p95 in (("D1 GET /c/bench-00/outcomes (manager, 8 conn.)", d1, d1p95),
                         ("D2 GET /admin/outcomes (admin, 8 conn.)", d2, d2p95)):
    rps, p50, p99, bad = line.split()
    print(f"| {label} | {float(rps):.0f} | {p50} | {p95} | {p99} | {bad} | p95 < 200 ms |")
PY
