#!/usr/bin/env bash
# What the test tiers need besides Rust, installed by the test command itself:
# Node.js and npm (infra/node.sh), Chromium (Debian package), the test OpenID Connect provider and the
# frontend toolchain (npm ci, lock files committed). Idempotent and quick when everything is
# already there.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi
}

# Node.js ≥ 20.19 (the system's, or a pinned one from PyPI: Debian 12's nodejs is too old).
source infra/node.sh

if ! command -v chromium >/dev/null; then
  echo "test-deps: installing chromium (Debian package) for the browser tests"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

bash infra/web.sh deps

# `npm ci` in a test tool's directory, again only when its lock file changed.
npm_ci_once() {
  local dir=$1 stamp=$1/node_modules/.plaza-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "test-deps: npm ci in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    cp "$dir/package-lock.json" "$stamp"
  fi
}

# The OpenID Connect provider of the login tests.
npm_ci_once tests/oidc
# The webhook receiver of the black-box tests checks signatures with the Standard Webhooks
# reference library (npm `standardwebhooks`).
npm_ci_once tests/webhooks
# The attachments tests keep files in object storage through an S3-compatible server (s3rver).
npm_ci_once tests/s3
