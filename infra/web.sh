#!/usr/bin/env bash
# The frontend toolchain (frontend/: npm, Vite, TypeScript; lock file committed).
#   infra/web.sh deps    npm ci when the lock file changed
#   infra/web.sh build   deps, then the app and widgets into frontend/dist (served by plaza)
#   infra/web.sh check   deps, generated GraphQL types up to date, type check, unit tests,
#                        build, and the weight budgets (app ≤ 150 KB gzip, widgets ≤ 30 KB)
set -euo pipefail
# A Node.js new enough for Vite (installs a pinned one when the system's is missing or old).
source "$(dirname "$0")/node.sh"
cd "$(dirname "$0")/../frontend"

deps() {
  local stamp=node_modules/.plaza-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    echo "web: npm ci in frontend"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
}

# The build's inputs, fingerprinted: an unchanged app is not rebuilt, so frontend/dist keeps its
# timestamps and the plaza binary (which embeds it) is not recompiled for nothing.
fingerprint() {
  find src public scripts index.html embed.html vite*.ts tsconfig.json package-lock.json \
    -type f -not -name '*.test.ts' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

build() {
  local stamp=dist/.plaza-build
  local wanted
  wanted=$(fingerprint)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -f dist/index.html ]; then
    echo "web: frontend/dist is up to date"
    return
  fi
  npm run --silent build >/dev/null
  echo "$wanted" >"$stamp"
  echo "web: built frontend/dist"
}

case "${1:-build}" in
  deps) deps ;;
  build) deps; build ;;
  check)
    deps
    npm run --silent check:types
    npm test --silent
    build
    node scripts/weight.mjs
    ;;
  *) echo "usage: infra/web.sh deps|build|check" >&2; exit 2 ;;
esac
