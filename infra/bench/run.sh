#!/usr/bin/env bash
# make bench: Plaza's search against PostgreSQL full-text search (as Discourse configures it) and
# SurrealDB's own full-text index, on the same corpus and query set, in one run; then the
# criterion micro-benchmarks and the relevance evaluation. Writes target/bench/report.md.
#
# Knobs (environment): BENCH_SIZES ("100000 1000000"), BENCH_SECONDS (30, measured per load run),
# BENCH_SURREAL_MAX (100000: SurrealDB's index is loaded up to this size), BENCH_SKIP_MICRO=1.
# Needs ../shared/corpus (or PLAZA_SHARED). Installs PostgreSQL (Debian) and psycopg (PyPI) itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SHARED=${PLAZA_SHARED:-$ROOT/../shared}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$TARGET/bench
SIZES=${BENCH_SIZES:-"100000 1000000"}
MEASURE=${BENCH_SECONDS:-30}
SURREAL_MAX=${BENCH_SURREAL_MAX:-100000}
PLAZA_PORT=18080 PG_HTTP_PORT=18081 SURREAL_PORT=18082 PG_PORT=15432
RESULTS=$OUT/results.jsonl
mkdir -p "$OUT"
# BENCH_APPEND=1 adds to the results of an earlier run (e.g. one size at a time).
[ -n "${BENCH_APPEND:-}" ] || : > "$RESULTS"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
record() { echo "$1" >> "$RESULTS"; }
rate_for() { case $1 in 100000) echo 500 ;; *) echo 300 ;; esac; }
PGDATA_DIR=${TMPDIR:-/tmp}/plaza-bench-pg
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${PGBIN:-}" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_DIR"
}
trap cleanup EXIT

wait_http() { # url, timeout seconds → prints seconds waited
  local start now
  start=$(date +%s.%N)
  while ! curl -sf -o /dev/null "$1"; do
    now=$(date +%s.%N)
    if (($(echo "$now - $start > $2" | bc))); then echo "timeout waiting for $1" >&2; return 1; fi
    sleep 0.005
  done
  printf '%.3f\n' "$(echo "$(date +%s.%N) - $start" | bc)"
}
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
hwm_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# --- tools -------------------------------------------------------------------------------------
log "building release binaries"
cargo build --release --bin plaza --bin plaza-bench
PLAZA=$TARGET/release/plaza
BENCH=$TARGET/release/plaza-bench
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing PostgreSQL (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql bc >/dev/null
fi
command -v bc >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q bc >/dev/null
PGBIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
if [ ! -x "$OUT/venv/bin/python" ]; then
  log "installing psycopg (PyPI) into $OUT/venv"
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install -q "psycopg[binary]==3.2.*"
fi

# --- corpus and queries ------------------------------------------------------------------------
MAX=0; for n in $SIZES; do ((n > MAX)) && MAX=$n; done
if [ ! -s "$OUT/corpus-$MAX.jsonl" ]; then
  log "building a $MAX-document corpus from legalize_ar"
  python3 infra/bench/legalize_to_jsonl.py "$SHARED/corpus/scale/legalize_ar.jsonl.gz" "$MAX" > "$OUT/corpus-$MAX.jsonl"
fi
for n in $SIZES; do
  [ -s "$OUT/corpus-$n.jsonl" ] || head -n $((n + 1)) "$OUT/corpus-$MAX.jsonl" > "$OUT/corpus-$n.jsonl"
done
python3 infra/bench/make_queries.py "$OUT/corpus-$MAX.jsonl" "$OUT/queries.txt" "$OUT/prefixes.txt"

# --- PostgreSQL server -------------------------------------------------------------------------
# PostgreSQL's data lives outside the build directory: the postgres user may not enter a
# CARGO_TARGET_DIR under a private home.
rm -rf "$PGDATA_DIR"; mkdir -p "$PGDATA_DIR"; chown postgres "$PGDATA_DIR"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w start \
  -o "-p $PG_PORT -k /tmp -c shared_buffers=2GB -c work_mem=32MB -c maintenance_work_mem=1GB -c max_wal_size=4GB -c synchronous_commit=off" >/dev/null
PG_DSN="host=/tmp port=$PG_PORT user=postgres dbname=postgres"

load_run() { # label target url rate seconds queries → records the JSON line
  local line
  line=$("$BENCH" load --label "$1" --target "$2" --url "$3" --rate "$4" --seconds "$5" --queries "$6")
  log "$line"
  record "$line"
}

for n in $SIZES; do
  rate=$(rate_for "$n")
  # --- Plaza -----------------------------------------------------------------------------------
  data=$OUT/plaza-$n
  rm -rf "$data"
  log "plaza: importing $n documents (database + index)"
  start=$(date +%s.%N)
  PLAZA_DATA_DIR=$data "$PLAZA" import "$OUT/corpus-$n.jsonl" > "$OUT/import-$n.log" 2>&1 ||
    log "import reported rejected lines: $(grep -c '^  line' "$OUT/import-$n.log")"
  seconds=$(printf '%.3f' "$(echo "$(date +%s.%N) - $start" | bc)")
  record "{\"label\":\"plaza-import-$n\",\"docs\":$n,\"seconds\":$seconds}"
  PLAZA_DATA_DIR=$data "$PLAZA" member add --email bench@jus.gob.ar --name "Bench editor" --agency ar-saij --role editor >/dev/null 2>&1
  token=$(PLAZA_DATA_DIR=$data "$PLAZA" token issue --member bench@jus.gob.ar --scope write 2>/dev/null)
  sync
  echo 3 > /proc/sys/vm/drop_caches 2>/dev/null && cache=cold || cache=warm
  # The load generator is one client address: lift the per-address limit for the measurement.
  PLAZA_DATA_DIR=$data PLAZA_LISTEN=127.0.0.1:$PLAZA_PORT PLAZA_RATE_LIMIT_PER_ADDRESS=1000000 "$PLAZA" serve > "$OUT/serve-$n.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  ready=$(wait_http "http://127.0.0.1:$PLAZA_PORT/readyz" 120)
  record "{\"label\":\"plaza-start-$n\",\"seconds\":$ready,\"page_cache\":\"$cache\",\"rss_mib\":$(rss_mib "$pid")}"
  url=http://127.0.0.1:$PLAZA_PORT/graphql
  load_run "plaza-search-$n-low" search "$url" 20 "$MEASURE" "$OUT/queries.txt"
  load_run "plaza-search-$n" search "$url" "$rate" "$MEASURE" "$OUT/queries.txt"
  load_run "plaza-suggest-$n" suggest "$url" 50 "$MEASURE" "$OUT/prefixes.txt"
  fresh=$("$BENCH" freshness --url "$url" --token "$token" --samples 50)
  log "$fresh"; record "{\"label\":\"plaza-freshness-$n\",\"result\":$fresh}"
  record "{\"label\":\"plaza-size-$n\",\"index_bytes\":$(du -sb "$data/index" | cut -f1),\"db_bytes\":$(du -sb "$data/db" | cut -f1),\"rss_mib\":$(rss_mib "$pid"),\"hwm_mib\":$(hwm_mib "$pid")}"
  kill "$pid"; wait "$pid" 2>/dev/null || true

  # --- PostgreSQL ------------------------------------------------------------------------------
  log "postgresql: loading $n documents"
  loaded=$("$OUT/venv/bin/python" infra/bench/pg_search.py load "$PG_DSN" "$OUT/corpus-$n.jsonl")
  log "$loaded"; record "{\"label\":\"pg-load-$n\",\"result\":$loaded}"
  # Served by a compiled handler with a connection pool (plaza-bench postgres), like Plaza's.
  "$BENCH" postgres --dsn "$PG_DSN" --listen "127.0.0.1:$PG_HTTP_PORT" 2>/dev/null &
  pid=$!; PIDS+=("$pid")
  wait_http "http://127.0.0.1:$PG_HTTP_PORT/search?q=ley" 30 >/dev/null
  url=http://127.0.0.1:$PG_HTTP_PORT/search
  load_run "pg-search-$n-low" get "$url" 20 "$MEASURE" "$OUT/queries.txt"
  load_run "pg-search-$n" get "$url" "$rate" "$MEASURE" "$OUT/queries.txt"
  kill "$pid"; wait "$pid" 2>/dev/null || true

  # --- SurrealDB full-text -----------------------------------------------------------------------
  if ((n <= SURREAL_MAX)); then
    rm -rf "$OUT/surreal-$n"
    log "surrealdb: loading $n documents into its full-text index"
    loaded=$("$BENCH" surreal --dir "$OUT/surreal-$n" --load "$OUT/corpus-$n.jsonl")
    log "$loaded"; record "{\"label\":\"surreal-load-$n\",\"result\":$loaded}"
    "$BENCH" surreal --dir "$OUT/surreal-$n" --listen "127.0.0.1:$SURREAL_PORT" 2>/dev/null &
    pid=$!; PIDS+=("$pid")
    wait_http "http://127.0.0.1:$SURREAL_PORT/search?q=ley" 60 >/dev/null
    url=http://127.0.0.1:$SURREAL_PORT/search
    load_run "surreal-search-$n-low" get "$url" 20 "$MEASURE" "$OUT/queries.txt"
    load_run "surreal-search-$n" get "$url" "$rate" "$MEASURE" "$OUT/queries.txt"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  else
    record "{\"label\":\"surreal-skipped-$n\",\"reason\":\"above BENCH_SURREAL_MAX=$SURREAL_MAX\"}"
  fi
done

# --- micro-benchmarks and relevance --------------------------------------------------------------
if [ -z "${BENCH_SKIP_MICRO:-}" ]; then
  log "criterion: token check"
  cargo bench -p plaza_auth --bench token_check -- --noplot 2>&1 | grep -E "time:|^[a-z_/0-9]+" > "$OUT/criterion.txt" || true
fi
log "one replica against two on one SurrealDB server"
bash infra/bench/replicas.sh > "$OUT/replicas.txt" 2>&1 || log "replicas: failed, see $OUT/replicas.txt"
tail -1 "$OUT/replicas.txt" | grep '^{' >> "$RESULTS" || true
log "relevance evaluation"
cargo test --workspace --test eval -- --nocapture > "$OUT/eval.log" 2>&1 || true
python3 infra/bench/report.py "$RESULTS" "$TARGET/eval-report.md" "$OUT/criterion.txt" > "$OUT/report.md"
log "report: $OUT/report.md"
