#!/usr/bin/env bash
# The benchmark: build release, start Townhall on loopback over a fresh database, seed the demo data set
# (10 councils with their real ModernGov councillors, 100 meetings each with 5-item agendas), then run the
# load generator. Usage: bench/run.sh [sqlite|postgres] [seconds per scenario] [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"; seconds="${2:-15}"; clients="${3:-8}"
port=18181
work=$(mktemp -d)
case "$backend" in
  sqlite) url="sqlite://$work/bench.db?mode=rwc" ;;
  postgres)
    admin="${TOWNHALL_BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
    db="townhall_bench_$$"
    psql "$admin" -qc "create database $db"
    url="${admin%/*}/$db" ;;
  *) echo "backend: sqlite or postgres"; exit 2 ;;
esac
cargo build --release --quiet --bin townhall --example load
bin="${CARGO_TARGET_DIR:-target}/release"
moderngov="${TOWNHALL_BENCH_MODERNGOV_DIR:-tests/fixtures/moderngov/councillors-by-ward}"
export DATABASE_URL="$url" TOWNHALL_BIND="127.0.0.1:$port" TOWNHALL_JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" RUST_LOG=warn
"$bin/townhall" seed-demo --moderngov-dir "$moderngov" --councils 10 --meetings 100
"$bin/townhall" serve > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; if [ "$backend" = postgres ]; then psql "$admin" -qc "drop database if exists $db with (force)"; fi; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
echo "backend=$backend seconds=$seconds clients=$clients machine=$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(date -u +%Y-%m-%d)"
"$bin/examples/load" "http://127.0.0.1:$port" demo-cardiff "$seconds" "$clients"
