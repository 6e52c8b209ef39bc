#!/usr/bin/env bash
# Webhook fan-out benchmark (issue 17): 1,000 events to 5 subscribers drained against a
# local receiver, on SQLite and on PostgreSQL. Prints one JSON line per backend.
#
#   bench/webhooks.sh                 # both backends, release build
#   bench/webhooks.sh sqlite          # one backend
#   BENCH_PROFILE=dev bench/webhooks.sh   # debug build (slower; no release build needed)
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${BENCH_PROFILE:-release}"
target="${CARGO_TARGET_DIR:-target}"
if [ "$profile" = release ]; then
    cargo build --release --bin bench-webhooks
    bin="$target/release/bench-webhooks"
else
    cargo build --bin bench-webhooks
    bin="$target/debug/bench-webhooks"
fi
pg_admin="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
for backend in "${@:-sqlite postgres}"; do
    for b in $backend; do
        case "$b" in
            sqlite) "$bin" --events 1000 --subscribers 5 ;;
            postgres)
                psql "$pg_admin" -qc "DROP DATABASE IF EXISTS parley_bench_hooks" -c "CREATE DATABASE parley_bench_hooks"
                "$bin" --events 1000 --subscribers 5 --database "${pg_admin%/*}/parley_bench_hooks"
                psql "$pg_admin" -qc "DROP DATABASE IF EXISTS parley_bench_hooks" ;;
        esac
    done
done
