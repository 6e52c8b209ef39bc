#!/usr/bin/env bash
# Issue 22, W5 on PostgreSQL (target: 1,000 replies/s): what one reply costs in CPU, and
# what the database alone needs for the rows a reply writes.
#
# At R replies/s on N cores, everything a reply costs (Parley, PostgreSQL, the load
# generator) must fit in N/R seconds of CPU: 2.0 ms per reply for 1,000 replies/s on two
# cores. The script measures, on the same data set and machine:
#
#   1. Parley's W5 (bench/lua/reply.lua, wrk, 16 connections) and the CPU each reply
#      cost: all the machine's busy time, PostgreSQL's processes, Parley's process; on
#      PostgreSQL, then on SQLite (the same work with the database inside Parley).
#   2. The SQL alone of a reply, sent by pgbench with no application (prepared
#      statements, one client, then 16), each transaction one reply to the W5 topic:
#        bare  lock the topic, insert the post (its triggers keep the search index and
#              the page cache's topic version), count the reply, commit: no notification
#        lean  bare + one row per watcher in a narrow table with no foreign key and two
#              indexes, no unread counts: a lower bound for any design that stores a
#              notification per watcher (today's table has eight indexes and five
#              foreign keys, and each drain also moves the watchers' unread counts)
#
# Connections skip TLS (`sslmode=disable`), the cheapest a same-host database can be.
#
#   bench/w5_budget.sh                     small data set (500 members, 50,000 posts)
#   BENCH_SIZE=default bench/w5_budget.sh  the default data set
#   BENCH_BIN=path                         use this binary, no release build
# Writes bench/results/issue-22-w5-budget.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-8}
work=bench/work/w5_budget
for tool in wrk pgbench psql; do
  command -v $tool >/dev/null || { echo "$tool is needed (apt-get install wrk postgresql-client)"; exit 1; }
done
case "${BENCH_SIZE:-small}" in
  small) size="--members 500 --topics 2000 --posts 50000" ;;
  *) size="" ;;
esac
if [ -z "${BENCH_BIN:-}" ]; then cargo build --release --quiet; fi
bin=${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/parley}
port=18994
base="http://127.0.0.1:$port"
pg_admin=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
server=${pg_admin%/*}
export PGSSLMODE=disable
tpl=parley_bench_w5_tpl run=parley_bench_w5_run
rm -rf "$work"; mkdir -p "$work" bench/results
out="$work/rows.txt"; : > "$out"
tick=$(getconf CLK_TCK)

# CPU ticks: every process named postgres; one pid; the whole machine's busy time.
pg_ticks() {
  ps -eo comm=,pid= | awk '$1=="postgres"{print $2}' | while read -r p; do
    awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || true
  done | awk '{s+=$1} END {print s+0}'
}
pid_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }

fresh_copy() {
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $run" -c "CREATE DATABASE $run TEMPLATE $tpl" >/dev/null
}

echo "== generating the data set"
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $tpl" -c "CREATE DATABASE $tpl" >/dev/null
DATABASE_URL="$server/$tpl" $bin --data-dir "$work" bench-data $size \
  --sessions-file "$work/sessions.txt" > "$work/gen.txt"
psql "$server/$tpl" -qc "VACUUM ANALYZE" >/dev/null
t50=$(sed -n 's/^topic_50=//p' "$work/gen.txt")
topic=${t50##*/}
read -r community author < <(psql "$server/$tpl" -Atc \
  "SELECT community_id || ' ' || author_id FROM topics WHERE id = '$topic'" | tr '|' ' ')
watchers=$(psql "$server/$tpl" -Atc \
  "SELECT count(*) FROM watches WHERE target_kind = 'topic' AND target_id = '$topic' AND level = 'watching'")

# 1. Parley's W5, with CPU per reply.
app_run() {
  local backend=$1 conns=16 url data=$work
  if [ "$backend" = sqlite ]; then
    data=$work/sqlite; rm -rf "$data"; mkdir -p "$data"; url="sqlite://$data/parley.db"
    DATABASE_URL=$url $bin --data-dir "$data" bench-data $size --sessions-file "$data/sessions.txt" > "$data/gen.txt"
  else
    fresh_copy; url="$server/$run?sslmode=disable"
  fi
  local path
  path=$(sed -n 's/^topic_50=//p' "$data/gen.txt")
  DATABASE_URL=$url PARLEY_BIND=127.0.0.1:$port PARLEY_LOG=warn RUST_LOG=warn \
    $bin --data-dir "$data" serve > "$work/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base$path" >/dev/null
  local p0 a0 b0 p1 a1 b1
  p0=$(pg_ticks); a0=$(pid_ticks $pid); b0=$(busy_ticks)
  SESSIONS_FILE="$data/sessions.txt" wrk -t2 -c"$conns" -d"${secs}s" --latency \
    -s bench/lua/reply.lua "$base$path/reply" > "$work/w5_$backend.txt" 2> "$work/w5_$backend.err"
  p1=$(pg_ticks); a1=$(pid_ticks $pid); b1=$(busy_ticks)
  kill $pid; wait $pid 2>/dev/null || true
  local n rps
  n=$(awk '/requests in/{print $1}' "$work/w5_$backend.txt")
  rps=$(awk '/Requests\/sec/{print $2}' "$work/w5_$backend.txt")
  echo "app $backend c$conns $rps $n $((b1 - b0)) $((p1 - p0)) $((a1 - a0))" >> "$out"
}
echo "== Parley W5 on PostgreSQL"; app_run postgres
echo "== Parley W5 on SQLite"; app_run sqlite

# 2. The SQL alone, by pgbench.
sql_bare="SELECT id FROM topics WHERE id = '$topic' FOR NO KEY UPDATE;
INSERT INTO posts (id, topic_id, community_id, author_id, post_number, body_markdown, body_html, created_at)
  VALUES (gen_random_uuid()::text, '$topic', '$community', '$author',
    (SELECT max(post_number) + 1 FROM posts WHERE topic_id = '$topic'),
    'Benchmark reply with some text.', '<p>Benchmark reply with some text.</p>', 1796000000);
UPDATE topics SET reply_count = reply_count + 1, bumped_at = 1796000000 WHERE id = '$topic';"
watching="SELECT user_id FROM watches WHERE target_kind = 'topic' AND target_id = '$topic' AND level = 'watching'"
{ echo "BEGIN;"; echo "$sql_bare"; echo "COMMIT;"; } > "$work/bare.sql"
lean_setup="CREATE TABLE lean_notifications (user_id text NOT NULL, created_at bigint NOT NULL,
    post_id text NOT NULL, topic_id text, kind text NOT NULL, actor_id text, email_status text NOT NULL,
    PRIMARY KEY (user_id, created_at, post_id));
  CREATE INDEX ON lean_notifications (post_id);"
{ echo "BEGIN;"; echo "$sql_bare"
  echo "INSERT INTO lean_notifications (user_id, created_at, post_id, topic_id, kind, actor_id, email_status)
  SELECT w.user_id, 1796000000 + (random() * 1000000)::int, gen_random_uuid()::text, '$topic', 'watching',
    '$author', 'pending' FROM ($watching) w;"
  echo "COMMIT;"; } > "$work/lean.sql"

sql_run() {
  local name=$1 clients=$2 jobs=$3
  fresh_copy
  if [ "$name" = lean ]; then psql "$server/$run" -qc "$lean_setup" >/dev/null; fi
  local p0 b0 p1 b1
  pgbench -n -M prepared -c"$clients" -j"$jobs" -T"$secs" -f "$work/$name.sql" "$server/$run" \
    > "$work/pgbench_${name}_c$clients.txt" 2>&1 &
  local pid=$!
  # Measured inside the run (pgbench's backends exit with it, taking their CPU time along).
  sleep 1; p0=$(pg_ticks); b0=$(busy_ticks)
  sleep $((secs - 2)); p1=$(pg_ticks); b1=$(busy_ticks)
  wait $pid
  local tps n
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench_${name}_c$clients.txt" | head -1)
  n=$(python3 -c "print(round($tps * ($secs - 2)))")
  echo "sql $name c$clients $tps $n $((b1 - b0)) $((p1 - p0)) 0" >> "$out"
}
for name in bare lean; do
  echo "== SQL alone: $name, 1 client"; sql_run $name 1 1
  echo "== SQL alone: $name, 16 clients"; sql_run $name 16 2
done
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $run" -c "DROP DATABASE IF EXISTS $tpl" >/dev/null

python3 - "$out" "$tick" "$(nproc)" "$watchers" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
tick, cores, watchers = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
budget = cores / 1000 * 1000  # ms of CPU per reply at 1,000 replies/s
def ms(ticks, n): return ticks / tick * 1000 / n
lines = [
    f"Machine: {cores} cores; the W5 topic has {watchers} watchers. At 1,000 replies/s a reply "
    f"may cost {budget:.1f} ms of CPU in all.",
    "",
    "| what | clients | replies/s | CPU per reply: all (ms) | PostgreSQL (ms) | Parley (ms) | 1,000/s fits? |",
    "|---|---|---|---|---|---|---|",
]
names = {"bare": "SQL alone: the reply, no notification",
         "lean": "SQL alone: the reply and a narrow row per watcher (lower bound)"}
for kind, name, conns, rate, n, busy, pg, app in rows:
    n = int(n)
    label = f"Parley W5 on {'PostgreSQL' if name == 'postgres' else 'SQLite'} (wrk)" if kind == "app" else names[name]
    parley = f"{ms(int(app), n):.2f}" if kind == "app" else "-"
    fits = "yes" if ms(int(busy), n) <= budget else "no"
    pg = f"{ms(int(pg), n):.2f}" if name != "sqlite" else "-"
    lines.append(f"| {label} | {conns[1:]} | {float(rate):.0f} | {ms(int(busy), n):.2f} | "
                 f"{pg} | {parley} | {fits} |")
text = "\n".join(lines) + "\n"
open("bench/results/issue-22-w5-budget.md", "w").write(text)
print(text)
PY
