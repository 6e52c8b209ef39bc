#!/usr/bin/env bash
# Issue 19: S1 and S2 (bench/lua/search.lua, similar.lua) against two builds of Parley in
# turn, on one data set already generated (`parley bench-data`), so a change is measured
# against what it replaces in the same run (figures here move 10-25 % between runs).
#   bench/search_ab.sh DATABASE_URL DATA_DIR BEFORE_BIN AFTER_BIN [ROUNDS]
# Each round starts each build, warms it (5 s S1, 3 s S2), then runs S1 and S2 for 10 s at
# 16 connections and prints req/s, p50 and p95.
set -u
[ $# -ge 4 ] || { sed -n 2,6p "$0"; exit 2; }
url=$1; data=$2; bins=("$3" "$4"); rounds=${5:-2}
cd "$(dirname "$0")/.."
port=${BENCH_PORT:-18997}; base="http://127.0.0.1:$port"
for _ in $(seq 1 "$rounds"); do
  for b in "${bins[@]}"; do
    DATABASE_URL=$url PARLEY_BIND=127.0.0.1:$port PARLEY_LOG=error RUST_LOG=error \
      "$b" --data-dir "$data" serve > "$data/ab-server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
    wrk -t2 -c16 -d5s -s bench/lua/search.lua "$base/search" >/dev/null
    s1=$(wrk -t2 -c16 -d10s --latency -s bench/lua/search.lua "$base/search" | grep -E 'Requests/sec|p50_ms|p95_ms|Non-2xx' | tr '\n' ' ')
    wrk -t2 -c16 -d3s -s bench/lua/similar.lua "$base/search/similar.json" >/dev/null
    s2=$(wrk -t2 -c16 -d10s --latency -s bench/lua/similar.lua "$base/search/similar.json" | grep -E 'Requests/sec|p50_ms|p95_ms|Non-2xx' | tr '\n' ' ')
    echo "$(basename "$b") S1: $s1"
    echo "$(basename "$b") S2: $s2"
    kill $pid; wait $pid 2>/dev/null
  done
done
