#!/usr/bin/env bash
# Browser tests: the real plaza binary (already built) with the demo network on a fresh data
# directory and a free port, the built frontend, and headless Chromium (frontend/e2e/run.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${CARGO_TARGET_DIR:-target}/debug/plaza"
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$data/plaza.log"
# The demo network and a write token for the tests that post content (e.g. script payloads).
PLAZA_DATA_DIR="$data" "$binary" seed-demo >"$log" 2>&1
token=$(PLAZA_DATA_DIR="$data" "$binary" token issue --member lucia.moreno@vallverde.example --scope write 2>>"$log" | tail -n 1)
PLAZA_DATA_DIR="$data" PLAZA_LISTEN="127.0.0.1:$port" PLAZA_WEB_DIR="$PWD/frontend/dist" PLAZA_LOG_FORMAT=json \
  "$binary" serve >>"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "e2e: plaza exited"; tail -20 "$log"; exit 1; fi
  sleep 0.5
done
PLAZA_URL="http://127.0.0.1:$port" PLAZA_TOKEN="$token" node frontend/e2e/run.mjs
