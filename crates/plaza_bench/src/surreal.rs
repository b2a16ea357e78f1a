//! The SurrealDB comparator: the same documents in an embedded SurrealKV database with
//! SurrealDB's own full-text index (Spanish Snowball stemmer, ASCII folding, BM25), served by
//! a minimal handler: `GET /search?q=` → the 20 best `{id, title, score}`.

use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

use poem::web::{Json as PoemJson, Query};
use poem::{EndpointExt, Route, Server, get, handler, listener::TcpListener};
use serde::Deserialize;
use serde_json::{Value as Json, json};
use surrealdb::Surreal;
use surrealdb::engine::any::Any;

/// `plaza-bench surreal` arguments.
#[derive(clap::Args, Debug)]
pub struct SurrealArgs {
    /// Data directory (SurrealKV).
    #[arg(long)]
    dir: PathBuf,
    /// Plaza import JSONL whose practices are loaded first (skipped when absent).
    #[arg(long)]
    load: Option<PathBuf>,
    /// Address to serve on; without it, load and exit.
    #[arg(long)]
    listen: Option<String>,
}

const SCHEMA: &str = "
DEFINE ANALYZER IF NOT EXISTS es TOKENIZERS blank, class, punct FILTERS lowercase, snowball(spanish), ascii;
DEFINE TABLE IF NOT EXISTS doc SCHEMALESS;
DEFINE INDEX IF NOT EXISTS doc_text ON doc FIELDS text FULLTEXT ANALYZER es BM25;
";

const SEARCH: &str = "SELECT meta::id(id) AS id, title, search::score(1) AS score FROM doc WHERE text @1@ $q ORDER BY score DESC LIMIT 20";

#[derive(Deserialize)]
struct Line {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    external_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

pub async fn run(args: SurrealArgs) -> Result<(), String> {
    let url = format!("surrealkv://{}", args.dir.display());
    let db: Surreal<Any> = surrealdb::engine::any::connect(url).await.map_err(|e| e.to_string())?;
    db.use_ns("bench").use_db("bench").await.map_err(|e| e.to_string())?;
    db.query(SCHEMA)
        .await
        .and_then(|mut r| {
            let errors = r.take_errors();
            match errors.into_values().next() {
                Some(error) => Err(error),
                None => Ok(()),
            }
        })
        .map_err(|e| format!("schema: {e}"))?;
    if let Some(path) = &args.load {
        load(&db, path).await?;
    }
    if let Some(listen) = args.listen {
        let app = Route::new().at("/search", get(search)).data(db);
        eprintln!("surreal comparator listening on http://{listen}");
        Server::new(TcpListener::bind(listen))
            .run(app)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn load(db: &Surreal<Any>, path: &PathBuf) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let started = Instant::now();
    let mut batch = Vec::with_capacity(500);
    let mut loaded = 0usize;
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(|e| e.to_string())?;
        let Ok(record) = serde_json::from_str::<Line>(&line) else {
            continue;
        };
        if record.kind != "practice" {
            continue;
        }
        batch.push(json!({
            "id": record.external_id,
            "title": record.title,
            "text": format!("{}\n{}", record.title, record.body),
        }));
        if batch.len() == 500 {
            loaded += insert(db, std::mem::take(&mut batch)).await?;
        }
    }
    loaded += insert(db, batch).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({"engine": "surrealdb", "loaded": loaded, "seconds": seconds, "docs_per_s": loaded as f64 / seconds})
    );
    Ok(())
}

async fn insert(db: &Surreal<Any>, rows: Vec<Json>) -> Result<usize, String> {
    let count = rows.len();
    if count == 0 {
        return Ok(0);
    }
    let mut response = db
        .query("INSERT IGNORE INTO doc $rows RETURN NONE")
        .bind(("rows", Json::Array(rows)))
        .await
        .map_err(|e| e.to_string())?;
    if let Some(error) = response.take_errors().into_values().next() {
        return Err(format!("insert: {error}"));
    }
    Ok(count)
}

#[derive(Deserialize)]
struct SearchParams {
    q: String,
}

#[handler]
async fn search(
    Query(params): Query<SearchParams>,
    db: poem::web::Data<&Surreal<Any>>,
) -> poem::Result<PoemJson<Json>> {
    let failed = |e: String| poem::Error::from_string(e, poem::http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = db
        .query(SEARCH)
        .bind(("q", params.q))
        .await
        .map_err(|e| failed(e.to_string()))?;
    let hits: Vec<Json> = response.take(0).map_err(|e| failed(e.to_string()))?;
    Ok(PoemJson(json!({ "hits": hits })))
}
