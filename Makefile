# Plaza's command menu. Logic lives in scripts under infra/; these stay one-liners.
.PHONY: run test lint sdl bench eval deps-check fmt surreal

# SurrealDB's executor recurses deeply: give test threads room (see shared pitfalls).
export RUST_MIN_STACK := 8388608
export CARGO_TERM_COLOR := never
# Where infra/node.sh installs a Node.js when the system's is missing or too old (the black-box
# tests start the test OpenID provider with `node`).
export PATH := $(HOME)/.cache/plaza/node/bin:$(PATH)

## run: build and serve Plaza on http://127.0.0.1:8080 with the demo network (first start seeds it);
## the same build as make test's (--workspace), so switching between the two recompiles nothing
run:
	bash infra/web.sh build
	cargo build --workspace --bins
	"$${CARGO_TARGET_DIR:-target}/debug/plaza" serve --demo

## test: every test tier (frontend unit tests, types and build first, since the binary embeds the
## built app; then unit, storage, GraphQL, black-box against the real binary; against a real
## SurrealDB server the storage tier again and, alone, two replicas; browser end-to-end in
## headless Chromium with axe-core)
test: deps-check
	bash infra/test-deps.sh
	bash infra/surrealdb.sh build
	cargo fmt --all -- --check
	bash infra/web.sh check
	cargo build --workspace --bins --tests
	cargo test --workspace --no-fail-fast -- --skip two_replicas_on_one_database_server
	bash infra/remote-tier.sh
	bash infra/e2e.sh

## lint: formatting, clippy with warnings denied, dependency direction, no module cycles inside
## a crate (infra/check-modules.py)
lint: deps-check
	cargo fmt --all -- --check
	python3 infra/check-modules.py
	cargo clippy --workspace --all-targets -- -D warnings

## deps-check: the crate dependency rule (server → graphql → {app, auth, search}; app → storage → domain)
deps-check:
	bash infra/check-deps.sh

## surreal: build the SurrealDB server once per machine (about 12 minutes) for the remote-database
## tests and development: infra/surrealdb.sh start --port P --path DIR, then PLAZA_DB_URL=ws://127.0.0.1:P
surreal:
	bash infra/surrealdb.sh build

## sdl: regenerate schema/graphql/schema.graphql from the code
sdl:
	cargo run -q --bin plaza -- schema > schema/graphql/schema.graphql
	cd frontend && npm run --silent gen

## bench: search against PostgreSQL and SurrealDB full-text at 100k and 1M documents, import speed,
## write-to-searchable, cold start, RSS, relevance, criterion micro-benchmarks → target/bench/report.md
## (about 40 minutes; BENCH_SIZES=100000 for a short run)
bench:
	bash infra/bench/run.sh

## eval: search relevance from ../shared/corpus: natural questions (es/ca/en, no accents, typos) and pasted
## paragraphs among 100k distractors, and titles, next to an OR + BM25 tantivy baseline; target/eval-report.md
eval:
	PLAZA_EVAL_DISTRACTORS=100000 cargo test --workspace --test eval -- --nocapture

fmt:
	cargo fmt --all
