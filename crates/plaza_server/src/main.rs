//! The `plaza` binary: configuration, command line, HTTP server, wiring, shutdown, telemetry.
//!
//! Everything else lives in the library crates; this crate only assembles them. It is the one
//! place that knows about poem, the process environment and the terminal.

mod admin;
mod attachments;
mod auth;
mod backup;
mod cli;
mod cluster;
mod config;
mod cors;
mod demo;
mod demo_evidence;
mod demo_idp;
mod feeds;
mod html;
mod http;
mod import;
mod indexer;
mod lease;
mod legal_pages;
mod metrics;
mod open_data;
mod persisted;
mod personal_data;
mod public_pages;
mod reviews;
mod search_stats;
mod serve;
mod snapshot;
mod telemetry;
mod web;
mod webhooks;
mod ws;

use plaza_graphql::PlazaSchema;
use plaza_storage::Store;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The system of record.
    pub store: Store,
    /// The GraphQL schema.
    pub schema: PlazaSchema,
    /// The key that seals secrets at rest.
    pub seal: std::sync::Arc<plaza_auth::seal::SealKey>,
    /// Credentials resolved recently (shared with GraphQL for revocations).
    pub creds: std::sync::Arc<auth::Credentials>,
    /// Search analytics gathered in memory until flushed (shared with GraphQL).
    pub search_stats: std::sync::Arc<plaza_graphql::SearchStatsRecorder>,
    /// Who publishes the open data catalogue.
    pub publisher: open_data::Publisher,
    /// Persisted queries and trusted documents.
    pub persisted: std::sync::Arc<persisted::PersistedQueries>,
    /// Where attachment files live.
    pub blobs: attachments::Blobs,
    /// This replica's search index and the job that keeps it.
    pub indexer: indexer::Indexer,
    /// The database server's HTTP interface (snapshots), when the database is one.
    pub remote_db: Option<snapshot::RemoteDb>,
}

/// The allocator: a search request allocates and frees many small buffers on several threads.
/// glibc's malloc took about 15 % of a request's CPU in perf; with mimalloc `make bench` measured
/// (same day, same machine) 100k at 500 req/s p50 4.7 ms / p99 12.5 ms against 8.9 / 26.1, and
/// 1M at 300 req/s p50 5.9 / p99 42 ms against 109 / 308 (glibc saturated); peak RSS was about
/// the same with both (see infra/bench/REPORT.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Thread stack size: SurrealDB's executor recurses deeply (see pitfalls.md).
const STACK_SIZE: usize = 8 * 1024 * 1024;

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(STACK_SIZE)
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("plaza: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(cli::run())
}
