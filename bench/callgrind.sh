#!/usr/bin/env bash
# Instructions per request of the benchmark's scenarios, counted by callgrind in the server process (counts do
# not depend on the machine's load, so two binaries can be compared where throughput is too noisy).
# Usage: bench/callgrind.sh BINARY sqlite|postgres LABEL   (N=50 requests per scenario after 5 warm-up requests)
# The server runs one worker; the database is fresh and seeded by the same binary (3 councils, 100 meetings each).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "$1")"; backend="$2"; label="$3"; n="${N:-50}"
port=18299
work=$(mktemp -d)
case "$backend" in
  sqlite) url="sqlite://$work/bench.db?mode=rwc" ;;
  postgres) db="townhall_cg_$$"; psql postgres://postgres@127.0.0.1:5432/postgres -qc "create database $db"; url="postgres://postgres@127.0.0.1:5432/$db" ;;
esac
export DATABASE_URL="$url" TOWNHALL_BIND="127.0.0.1:$port" TOWNHALL_JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" RUST_LOG=warn TOWNHALL_WORKERS=1 TOWNHALL_JOBS_INTERVAL_MS=3600000
"$bin" seed-demo --moderngov-dir tests/fixtures/moderngov/councillors-by-ward --councils 3 --meetings 100 >/dev/null
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin" serve > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
c=demo-cardiff
q() { printf '%s' "$1" | python3 -c 'import json,sys; print(json.dumps({"query": sys.stdin.read()}))'; }
declare -A body
body[councillors]=$(q "{ council(slug: \"$c\") { councillors(first: 50) { edges { node { displayName seats { ward { name } party { name } } } } } } }")
body[meetings]=$(q "{ council(slug: \"$c\") { meetings(first: 20, from: \"2026-01-01\") { edges { node { start status agendaDueBy agendaCompliance committee { name } agenda { orderLabel title exempt } } } } } }")
body[route]=$(q "{ council(slug: \"$c\") { route(path: \"/bins-and-recycling-1/guide-2\") { kind statusCode page { title path bodyHtml parent { title path } topics { name } } } alerts(path: \"/bins-and-recycling-1/guide-2\") { title } menu(name: \"main\") { items { label url } } } }")
body[pages]=$(q "{ council(slug: \"$c\") { allPages(first: 50) { totalCount edges { node { title path parent { title } topics { name } } } } } }")
total() {
  local before after f
  before=$(ls "$work"/cg.out* 2>/dev/null | wc -l)
  callgrind_control -d "$server" >/dev/null 2>&1
  for _ in $(seq 1 120); do after=$(ls "$work"/cg.out* 2>/dev/null | wc -l); [ "$after" -gt "$before" ] && break; sleep 0.5; done
  sleep 1
  f=$(ls -t "$work"/cg.out* | head -1)
  awk '/^(summary|totals):/{print $2; exit}' "$f"
}
run() { # name, then curl args
  local name=$1; shift
  local code; code=$(curl -s -o /dev/null -w "%{http_code}" "$@"); for _ in $(seq 1 4); do curl -s -o /dev/null "$@"; done
  callgrind_control -z "$server" >/dev/null 2>&1; sleep 0.5
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null "$@"; done
  local t; t=$(total)
  echo "$label $backend $name $((t / n)) (HTTP $code)"
}
for s in councillors meetings route pages; do
  run "graphql-$s" -H 'content-type: application/json' -d "${body[$s]}" "http://127.0.0.1:$port/graphql"
done
run "delivery-services" "http://127.0.0.1:$port/delivery/v1/councils/$c/services?lgsl=1152"
run "meetings-ics" "http://127.0.0.1:$port/feeds/$c/meetings.ics"
run "directory-near" "http://127.0.0.1:$port/delivery/v1/councils/$c/directories/places/entries?near=51.4816,-3.1791&radius=2000&facets=facilities:wifi"
run "directory-all" "http://127.0.0.1:$port/delivery/v1/councils/$c/directories/places/entries?facets=facilities:wifi"
run "openreferral-services" "http://127.0.0.1:$port/delivery/v1/councils/$c/openreferral/services"
run "openreferral-saturday" "http://127.0.0.1:$port/delivery/v1/councils/$c/openreferral/service_at_locations?day=SA&per_page=20"
kill $server; wait $server 2>/dev/null || true
if [ "$backend" = postgres ]; then psql postgres://postgres@127.0.0.1:5432/postgres -qc "drop database if exists $db with (force)"; fi
rm -rf "$work"
