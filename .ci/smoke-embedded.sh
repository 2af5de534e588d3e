#!/usr/bin/env bash
# Starts the built app on a fresh embedded PGlite database (as `npm start` does), then checks that
# /anmelden answers 200 and the demo member can sign in and sees the four Themenfelder.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d -p "${TMPDIR:-/tmp}" mpw-smoke-XXXXXX)
log="$data_dir/server.log"
port=3987
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait "${pid:-}" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT

start=$(date +%s%N)
env -u DATABASE_URL PGLITE_DATA_DIR="$data_dir/pglite" PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn \
  node_modules/.bin/tsx app/server/main.ts >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 360); do
  if curl -fs -o /dev/null "http://127.0.0.1:$port/anmelden"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "server exited"; exit 1; fi
  sleep 0.25
done
echo "cold start on a fresh embedded database: $(( ($(date +%s%N) - start) / 1000000 )) ms"

status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/anmelden")
[ "$status" = 200 ] || { echo "/anmelden answered $status"; cat "$log"; exit 1; }
jar="$data_dir/cookies"
curl -s -o /dev/null -c "$jar" -H "Origin: http://127.0.0.1:$port" \
  --data-urlencode "email=mitglied@demo.masterplan.example" \
  --data-urlencode "password=Werkstatt-Demo-2026" "http://127.0.0.1:$port/anmelden"
page=$(curl -s -b "$jar" "http://127.0.0.1:$port/")
for theme in Standortkommunikation Fachkräfte Innovationen Rahmenbedingungen "Meike Marx"; do
  grep -q "$theme" <<<"$page" || { echo "overview lacks: $theme"; exit 1; }
done
echo "smoke test passed: /anmelden 200, demo member signed in, four Themenfelder shown"
