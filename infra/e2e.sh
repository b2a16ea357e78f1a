#!/usr/bin/env bash
# Browser tests: the real plaza binary (already built) with the demo network on a fresh data
# directory and a free port, the built frontend, and headless Chromium (frontend/e2e/run.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${CARGO_TARGET_DIR:-target}/debug/plaza"
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$data/plaza.log"
PLAZA_DATA_DIR="$data" PLAZA_LISTEN="127.0.0.1:$port" PLAZA_WEB_DIR="$PWD/frontend/dist" PLAZA_LOG_FORMAT=json \
  "$binary" serve --demo >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "e2e: plaza exited"; tail -20 "$log"; exit 1; fi
  sleep 0.5
done
PLAZA_URL="http://127.0.0.1:$port" node frontend/e2e/run.mjs
