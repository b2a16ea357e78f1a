//! Structured logs: JSON for machines, pretty for people, filtered by `RUST_LOG`.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. Logs go to stderr so stdout stays for command output.
pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,surrealdb=warn,surrealkv=warn,tantivy=warn"));
    // SurrealKV warns when its tree is dropped on a thread outside the async runtime, even after
    // SurrealDB's shutdown has closed it properly (the CLI waits for that): noise, not news.
    let filter = match "surrealkv::lsm=error".parse() {
        Ok(directive) => filter.add_directive(directive),
        Err(_) => filter,
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = if format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.compact().try_init()
    };
    if let Err(error) = result {
        eprintln!("plaza: logging already initialised: {error}");
    }
}
