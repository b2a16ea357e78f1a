//! The PostgreSQL comparator's handler, compiled: `GET /search?q=` → the 20 best
//! `{id, title, rank}`, through a pool of connections (deadpool) and a prepared statement per
//! connection, on the same kind of runtime and HTTP server as Plaza. A Python loop in front of
//! PostgreSQL measured the loop; this measures PostgreSQL.
//!
//! The table, its generated weighted `tsvector` and GIN index are created and loaded by
//! `infra/bench/pg_search.py load` (loading is timed there, not here). The query is the one
//! Discourse runs: `websearch_to_tsquery` over the `es_unaccent` configuration (unaccent, then
//! the Spanish Snowball stemmer), ranked by `ts_rank_cd`.

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use poem::web::{Data, Json as PoemJson, Query};
use poem::{EndpointExt, Route, Server, get, handler, listener::TcpListener};
use serde::Deserialize;
use serde_json::{Value as Json, json};

/// `plaza-bench postgres` arguments.
#[derive(clap::Args, Debug)]
pub struct PostgresArgs {
    /// Connection string (`host=/tmp port=15432 user=postgres dbname=postgres`).
    #[arg(long)]
    dsn: String,
    /// Address to serve on.
    #[arg(long)]
    listen: String,
    /// Most connections open at once (PostgreSQL runs one query per connection at a time).
    #[arg(long, default_value_t = 8)]
    pool: usize,
}

const SEARCH: &str = "SELECT id, title, ts_rank_cd(search_data, query) AS rank \
     FROM docs, websearch_to_tsquery('es_unaccent', $1) AS query \
     WHERE search_data @@ query ORDER BY rank DESC LIMIT 20";

pub async fn run(args: PostgresArgs) -> Result<(), String> {
    let config: tokio_postgres::Config = args.dsn.parse().map_err(|e| format!("dsn: {e}"))?;
    let manager = Manager::from_config(
        config,
        tokio_postgres::NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    let pool = Pool::builder(manager)
        .max_size(args.pool.max(1))
        .build()
        .map_err(|e| format!("pool: {e}"))?;
    // Fail now, not on the first request, when PostgreSQL or the table is missing.
    let client = pool.get().await.map_err(|e| format!("connect: {e}"))?;
    client
        .prepare_cached(SEARCH)
        .await
        .map_err(|e| format!("prepare: {e}"))?;
    drop(client);
    let app = Route::new().at("/search", get(search)).data(pool);
    eprintln!("postgresql comparator listening on http://{}", args.listen);
    Server::new(TcpListener::bind(args.listen))
        .run(app)
        .await
        .map_err(|e| e.to_string())
}

#[derive(Deserialize)]
struct SearchParams {
    q: String,
}

#[handler]
async fn search(Query(params): Query<SearchParams>, pool: Data<&Pool>) -> poem::Result<PoemJson<Json>> {
    // A comparator reports failures, never hides them: any error is a 500 the load generator
    // counts.
    let failed = |e: String| poem::Error::from_string(e, poem::http::StatusCode::INTERNAL_SERVER_ERROR);
    let client = pool.get().await.map_err(|e| failed(e.to_string()))?;
    let statement = client.prepare_cached(SEARCH).await.map_err(|e| failed(e.to_string()))?;
    let rows = client
        .query(&statement, &[&params.q])
        .await
        .map_err(|e| failed(e.to_string()))?;
    let hits: Vec<Json> = rows
        .iter()
        .map(|row| {
            let id: String = row.get(0);
            let title: String = row.get(1);
            let rank: f32 = row.get(2);
            json!({ "id": id, "title": title, "rank": rank })
        })
        .collect();
    Ok(PoemJson(json!({ "hits": hits })))
}
