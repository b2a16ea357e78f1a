#!/usr/bin/env bash
# The dependency rule: server → graphql → {app, auth, search} ; app → storage → domain.
# Storage, search and auth never depend on each other; graphql knows nothing of poem;
# the domain depends on no I/O crate. Fails with the offending edge.
set -euo pipefail
cd "$(dirname "$0")/.."

deps_of() {
  cargo tree -p "$1" -e normal --prefix none --format '{p}' 2>/dev/null | awk '{print $1}' | sort -u
}

fail=0
forbid() {
  local crate=$1; shift
  local deps
  deps=$(deps_of "$crate")
  for forbidden in "$@"; do
    if grep -qx "$forbidden" <<<"$deps"; then
      echo "dependency rule broken: $crate depends on $forbidden" >&2
      fail=1
    fi
  done
}

forbid plaza_domain plaza_storage plaza_auth plaza_search plaza_graphql plaza_server surrealdb tantivy tokio poem async-graphql
forbid plaza_app plaza_auth plaza_search plaza_graphql plaza_server poem async-graphql tantivy
forbid plaza_storage plaza_app plaza_auth plaza_search plaza_graphql plaza_server poem async-graphql tantivy
forbid plaza_auth plaza_storage plaza_search plaza_graphql plaza_server surrealdb tantivy poem async-graphql
forbid plaza_graphql plaza_server poem
if cargo tree -p plaza_search >/dev/null 2>&1; then
  forbid plaza_search plaza_storage plaza_auth plaza_graphql plaza_server surrealdb poem async-graphql
fi

if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "dependency rule holds"
