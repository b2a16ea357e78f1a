#!/usr/bin/env bash
# The storage tier again, against a real SurrealDB server instead of the embedded engine: the
# storage, application and GraphQL round-trip tests, each on a database of its own on one
# server (`PLAZA_TEST_DB_URL`, see StoreConfig::for_tests); then the two-replica test, which
# starts its own server. Reuses the test build; the server binary comes from `make surreal`.
set -euo pipefail
cd "$(dirname "$0")/.."

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bash infra/surrealdb.sh start --port "$port" --memory
trap 'bash infra/surrealdb.sh stop --port "$port" >/dev/null' EXIT
export PLAZA_TEST_DB_URL="ws://127.0.0.1:$port"
echo "remote tier: storage tests against $PLAZA_TEST_DB_URL"
cargo test --workspace --test storage --test use_cases --test round_trips
# Two replicas, a database server and their load are heavy for a 2-core machine: the test runs
# here, alone, rather than beside the black-box tests that time how fast Plaza answers.
echo "remote tier: two replicas on one SurrealDB server"
cargo test --workspace --test blackbox two_replicas_on_one_database_server
