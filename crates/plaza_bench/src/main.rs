//! `plaza-bench`: the tools `make bench` drives (see `infra/bench/run.sh`).
//!
//! - `load`: an open-loop load generator. Requests leave on a fixed schedule whatever the
//!   server does, latency is measured from the scheduled start (no coordinated omission), and
//!   every response body is checked, so a fast error never passes for a fast answer.
//! - `surreal`: SurrealDB's own full-text index behind a minimal HTTP handler, a comparator.
//! - `postgres`: PostgreSQL full-text search behind a compiled, pooled HTTP handler, a comparator.
//! - `freshness`: how long after a write it becomes searchable for another reader.

mod freshness;
mod load;
mod postgres;
mod surreal;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "plaza-bench", about = "Plaza benchmark tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sends queries at a fixed rate and reports latency percentiles as one JSON line.
    Load(load::LoadArgs),
    /// Serves SurrealDB full-text search over HTTP (GET /search?q=), loading documents first.
    Surreal(surreal::SurrealArgs),
    /// Serves PostgreSQL full-text search over HTTP (GET /search?q=) through a connection pool.
    Postgres(postgres::PostgresArgs),
    /// Measures write-to-searchable delay against a running Plaza.
    Freshness(freshness::FreshnessArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Load(args) => runtime(1).and_then(|rt| rt.block_on(load::run(args))),
        Command::Surreal(args) => runtime(2).and_then(|rt| rt.block_on(surreal::run(args))),
        Command::Postgres(args) => runtime(2).and_then(|rt| rt.block_on(postgres::run(args))),
        Command::Freshness(args) => runtime(1).and_then(|rt| rt.block_on(freshness::run(args))),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("plaza-bench: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn runtime(workers: usize) -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_stack_size(8 * 1024 * 1024)
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))
}

/// Percentile (0–100) of sorted values, nearest-rank.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 50.0);
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert_eq!(percentile(&values, 100.0), 100.0);
        assert_eq!(percentile(&values, 0.0), 1.0);
        assert!(percentile(&[], 50.0).is_nan());
    }
}
