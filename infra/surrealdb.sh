#!/usr/bin/env bash
# The SurrealDB server for development and the remote-database tests.
#
#   infra/surrealdb.sh build                          build it once per machine (make surreal)
#   infra/surrealdb.sh build --release               an optimised build too (benchmarks; ~30 min)
#   infra/surrealdb.sh start --port P --path DIR      serve surrealkv://DIR on 127.0.0.1:P (root/root)
#   infra/surrealdb.sh start --port P --memory        the same, in memory
#   infra/surrealdb.sh stop --port P                  stop the server started on that port
#   infra/surrealdb.sh bin                            print the binary's path
#
# The binary is the real server (the `surrealdb-server` crate at the SDK's version, see
# infra/surrealdb/Cargo.toml), built into $HOME/.cache/plaza so a clean clone reuses it. For
# production run SurrealDB's official release instead (docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${PLAZA_CACHE:-$HOME/.cache/plaza}"
# PLAZA_SURREAL_PROFILE=release selects the optimised server (build --release) for start.
profile="${PLAZA_SURREAL_PROFILE:-debug}"
if [ "${1:-}" = build ] && [ "${2:-}" = --release ]; then profile=release; fi
suffix=""; [ "$profile" = release ] && suffix="-release"
bin="$cache/bin/surreal$suffix"
stamp="$cache/bin/surreal$suffix.lock"
run_dir="${PLAZA_SURREAL_RUN:-/tmp/plaza-surrealdb}"

build() {
  if [ -x "$bin" ] && cmp -s infra/surrealdb/Cargo.lock "$stamp" && cmp -s infra/surrealdb/src/main.rs "$stamp.main"; then
    return 0
  fi
  echo "surrealdb: building the SurrealDB server once for this machine (about 12 minutes)"
  mkdir -p "$cache/bin"
  local flags=() dir=debug
  if [ "$profile" = release ]; then flags=(--release); dir=release; fi
  CARGO_TARGET_DIR="$cache/surreal-target" CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=0 \
    cargo build --locked --manifest-path infra/surrealdb/Cargo.toml --bin surreal "${flags[@]}"
  cp "$cache/surreal-target/$dir/surreal" "$bin.tmp"
  mv "$bin.tmp" "$bin"
  cp infra/surrealdb/Cargo.lock "$stamp"
  cp infra/surrealdb/src/main.rs "$stamp.main"
}

port="" path="" memory=0
parse() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      --path) path="$2"; shift 2 ;;
      --memory) memory=1; shift ;;
      *) echo "surrealdb: unknown option $1" >&2; exit 2 ;;
    esac
  done
  [ -n "$port" ] || { echo "surrealdb: --port is required" >&2; exit 2; }
}

start() {
  parse "$@"
  [ -x "$bin" ] || build
  local store
  if [ "$memory" = 1 ]; then
    store="memory"
  else
    [ -n "$path" ] || { echo "surrealdb: --path DIR or --memory is required" >&2; exit 2; }
    mkdir -p "$path"
    store="surrealkv://$(cd "$path" && pwd)"
  fi
  mkdir -p "$run_dir"
  if [ -f "$run_dir/$port.pid" ] && kill -0 "$(cat "$run_dir/$port.pid")" 2>/dev/null; then
    echo "surrealdb: already running on port $port (pid $(cat "$run_dir/$port.pid"))" >&2
    exit 1
  fi
  nohup "$bin" start --bind "127.0.0.1:$port" \
    --user root --pass root --log warn "$store" > "$run_dir/$port.log" 2>&1 &
  echo $! > "$run_dir/$port.pid"
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "surrealdb: serving $store on ws://127.0.0.1:$port (pid $(cat "$run_dir/$port.pid"))"
      return 0
    fi
    if ! kill -0 "$(cat "$run_dir/$port.pid")" 2>/dev/null; then
      echo "surrealdb: the server exited; its log:" >&2
      cat "$run_dir/$port.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "surrealdb: not ready after 30 s; its log:" >&2
  cat "$run_dir/$port.log" >&2
  exit 1
}

stop() {
  parse "$@"
  local pidfile="$run_dir/$port.pid"
  [ -f "$pidfile" ] || { echo "surrealdb: nothing started on port $port"; return 0; }
  local pid
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "surrealdb: stopped the server on port $port"
}

case "${1:-}" in
  build) build ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  bin) build >&2; echo "$bin" ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
