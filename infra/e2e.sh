#!/usr/bin/env bash
# Browser tests: the real plaza binary (already built) in demo mode (the demo network, and its
# personas' sign-in) on a fresh data
# directory and a free port, Vallverde's identity provider (the npm oidc-provider harness of
# tests/oidc), the built frontend, and headless Chromium (frontend/e2e/run.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/node.sh

binary="${CARGO_TARGET_DIR:-target}/debug/plaza"
data=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
plaza="http://127.0.0.1:$port"
log="$data/plaza.log"
export PLAZA_DATA_DIR="$data"

# The demo network and a write token for the tests that post content (e.g. script payloads).
"$binary" seed-demo >"$log" 2>&1
# Two more of Vallverde's people for the collaboration journeys (frontend/e2e/collab.mjs): a
# moderator, and a newcomer without any role who reports a post and asks to join a group.
"$binary" member add --email carmen.soler@vallverde.example --name "Carmen Soler" --agency demo-ayto-vallverde --role moderator >>"$log" 2>&1
"$binary" member add --email elena.vidal@vallverde.example --name "Elena Vidal" --agency demo-ayto-vallverde >>"$log" 2>&1
# A network admin for the search analytics page (frontend/e2e/analytics.mjs).
"$binary" member add --email ines.rey@vallverde.example --name "Inés Rey" --agency demo-ayto-vallverde --role network_admin >>"$log" 2>&1
# Vallverde's agency admin, and a member she suspends and reinstates (frontend/e2e/suspension.mjs).
"$binary" member add --email marta.ibanez@vallverde.example --name "Marta Ibáñez" --agency demo-ayto-vallverde --role agency_admin >>"$log" 2>&1
"$binary" member add --email tomas.gil@vallverde.example --name "Tomás Gil" --agency demo-ayto-vallverde >>"$log" 2>&1
suspendee=$("$binary" token issue --member tomas.gil@vallverde.example --scope write 2>>"$log" | tail -n 1)
token=$("$binary" token issue --member lucia.moreno@vallverde.example --scope write 2>>"$log" | tail -n 1)
colleague=$("$binary" token issue --member pablo.ruiz@vallverde.example --scope write 2>>"$log" | tail -n 1)
# Vallverde's intranet server holds a service token and mints short-lived widget tokens.
service_token=$("$binary" token issue --agency demo-ayto-vallverde --scope read_network --label intranet 2>>"$log" | tail -n 1)

# Vallverde's identity provider on its own free port.
idp_log="$data/idp.log"
# Created first: the wait below may read it before the background job has opened it.
: >"$idp_log"
node tests/oidc/idp.mjs --port 0 --client-id plaza --client-secret e2e-secret \
  --redirect-uri "$plaza/auth/callback" --post-logout-redirect-uri "$plaza/" \
  --email-domain vallverde.example >"$idp_log" 2>&1 &
pids+=($!)
issuer=""
for _ in $(seq 1 120); do
  issuer=$(sed -n 's/^ready //p' "$idp_log" | head -n 1)
  [ -n "$issuer" ] && break
  sleep 0.25
done
[ -n "$issuer" ] || { echo "e2e: the identity provider did not start"; cat "$idp_log"; exit 1; }
PLAZA_IDP_CLIENT_SECRET=e2e-secret "$binary" idp add --agency demo-ayto-vallverde \
  --issuer "$issuer" --client-id plaza --label "Cuenta corporativa" >>"$log" 2>&1

# An intranet of Vallverde's on another origin may embed the widgets; 127.0.0.3 may not.
intranet_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.2", 0)); print(s.getsockname()[1])')
"$binary" agency origins --slug demo-ayto-vallverde --origin "http://127.0.0.2:$intranet_port" >>"$log" 2>&1

PLAZA_PUBLIC_URL="$plaza" PLAZA_LISTEN="127.0.0.1:$port" PLAZA_WEB_DIR="$PWD/frontend/dist" PLAZA_LOG_FORMAT=json \
  PLAZA_SEARCH_STATS_FLUSH_MS=200 "$binary" serve --demo >>"$log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  if curl -sf "$plaza/readyz" >/dev/null; then break; fi
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "e2e: plaza exited"; tail -20 "$log"; exit 1; fi
  sleep 0.5
done
PLAZA_URL="$plaza" PLAZA_TOKEN="$token" INTRANET_PORT="$intranet_port" SERVICE_TOKEN="$service_token" COLLEAGUE_TOKEN="$colleague" SUSPENDEE_TOKEN="$suspendee" node frontend/e2e/run.mjs || { tail -20 "$log"; exit 1; }
