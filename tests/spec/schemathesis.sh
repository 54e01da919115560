#!/usr/bin/env bash
# Schemathesis against the real server: the debug build over a fresh SQLite database, signed in as a platform
# administrator with one council (york), every check on (tests/spec/schemathesis.toml says which answers beyond
# the document three checks accept, and why). Fails on any failure or error.
# Usage: tests/spec/schemathesis.sh PATH/TO/schemathesis [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/../.."
SCHEMATHESIS="$1"
MAX_EXAMPLES="${2:-20}"
BIN=target/debug/townhall
[ -x "$BIN" ] || { echo "build the server first (cargo build --bin townhall)"; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export TOWNHALL_DATABASE_URL="sqlite://$work/townhall.db?mode=rwc" TOWNHALL_UPLOAD_DIR="$work/uploads" \
  TOWNHALL_BIND="127.0.0.1:$port" TOWNHALL_JWT_SECRET="schemathesis-run-secret-0123456789abcdef" \
  TOWNHALL_ACCESS_TOKEN_TTL_SECS=3600 TOWNHALL_LOGIN_MAX_FAILURES=1000000 TOWNHALL_LOGIN_MAX_FAILURES_PER_CLIENT=1000000 \
  TOWNHALL_LOGIN_MAX_FAILURES_PER_ACCOUNT=1000000 TOWNHALL_LOG_FORMAT=json RUST_LOG=warn \
  TOWNHALL_PASSWORD_HASH_MEMORY_KIB=256 TOWNHALL_PASSWORD_HASH_ITERATIONS=1
unset DATABASE_URL
password="schemathesis administrator password"
"$BIN" migrate >/dev/null
printf '%s' "$password" | "$BIN" create-user --email admin@schemathesis.test --password-stdin --platform-admin >/dev/null
"$BIN" create-council --slug york --name "York" --nation england >/dev/null
"$BIN" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -sf "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\": \"admin@schemathesis.test\", \"password\": \"$password\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

# Signing out and changing the password end the session the run signs in with: those two operations are left
# out (their own tests are in tests/api/auth.rs).
"$SCHEMATHESIS" --config-file tests/spec/schemathesis.toml run admin-spec/openapi.json \
  --url "http://127.0.0.1:$port" -H "Authorization: Bearer $token" \
  --checks all --phases examples,coverage,fuzzing --max-examples "$MAX_EXAMPLES" --seed 20261129 \
  --exclude-path-regex '/auth/(logout|password)$' --no-color
