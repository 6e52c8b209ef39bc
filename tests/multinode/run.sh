#!/usr/bin/env bash
# Issue 22: three `parley serve` nodes on one fresh PostgreSQL database, started at the
# same moment, behind nginx (round-robin). Usage: tests/multinode/run.sh PG_ADMIN_URL
# (called from .ci/run's PostgreSQL step). Builds the debug binary; installs nginx from
# Debian if missing. Everything it starts lives in a temp dir and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_URL=${1:-${PARLEY_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
if ! command -v nginx >/dev/null 2>&1; then
  echo "installing nginx with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nginx >/dev/null
fi
cargo build --bin parley
target=${CARGO_TARGET_DIR:-target}
exec python3 tests/multinode/cluster.py --parley "$target/debug/parley" --pg "$PG_URL"
