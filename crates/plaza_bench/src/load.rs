//! Open-loop load: request `i` is due at `start + i / rate`, whether or not earlier ones have
//! answered; its latency counts from when it was due, so a stalled server shows up in the
//! percentiles instead of slowing the generator down (no coordinated omission).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use crate::percentile;

/// What the generator talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Plaza's GraphQL `search` (20 hits with id, title, score, snippet, and `totalCount`).
    Search,
    /// Plaza's GraphQL `suggest` (typeahead: 8 titles).
    Suggest,
    /// A comparator: `GET url?q=…` answering `{"hits": [...]}`.
    Get,
}

/// `plaza-bench load` arguments.
#[derive(clap::Args, Debug)]
pub struct LoadArgs {
    /// Endpoint: Plaza's `/graphql`, or a comparator's `/search`. Several, comma separated
    /// (replicas of one network), take the requests in turn, as a round-robin balancer would.
    #[arg(long, value_delimiter = ',', required = true)]
    url: Vec<String>,
    /// What kind of endpoint it is.
    #[arg(long, value_enum)]
    target: Target,
    /// One query per line; requests rotate through them.
    #[arg(long)]
    queries: PathBuf,
    /// Requests per second.
    #[arg(long, default_value_t = 100.0)]
    rate: f64,
    /// Measured seconds.
    #[arg(long, default_value_t = 20.0)]
    seconds: f64,
    /// Seconds of the same load before measuring (not reported).
    #[arg(long, default_value_t = 3.0)]
    warmup: f64,
    /// A label copied into the report line.
    #[arg(long, default_value = "")]
    label: String,
}

const SEARCH: &str = "query Bench($q: String!) { search(query: $q, first: 20) { totalCount edges { node { id kind score title snippet { html } } } } }";
const SUGGEST: &str = "query Typeahead($p: String!) { suggest(prefix: $p, first: 8) { id title } }";

/// How one request went.
struct Outcome {
    latency_ms: f64,
    ok: bool,
    hits: usize,
    error: Option<String>,
}

pub async fn run(args: LoadArgs) -> Result<(), String> {
    if !(args.rate > 0.0 && args.rate <= 20_000.0) {
        return Err("--rate must be in (0, 20000]".into());
    }
    let text = std::fs::read_to_string(&args.queries).map_err(|e| format!("{}: {e}", args.queries.display()))?;
    let queries: Arc<Vec<String>> = Arc::new(
        text.lines()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
            .collect(),
    );
    if queries.is_empty() {
        return Err("no queries".into());
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(512)
        .tcp_nodelay(true)
        .build()
        .map_err(|e| e.to_string())?;
    let context = Arc::new(Request {
        client,
        urls: args.url.clone(),
        target: args.target,
    });
    if args.warmup > 0.0 {
        drive(&context, &queries, args.rate, args.warmup, 0).await;
    }
    let offset = (args.rate * args.warmup) as usize;
    let started = Instant::now();
    let mut outcomes = drive(&context, &queries, args.rate, args.seconds, offset).await;
    let wall = started.elapsed().as_secs_f64();
    let report = summarise(&args, &mut outcomes, wall);
    println!("{report}");
    Ok(())
}

struct Request {
    client: reqwest::Client,
    urls: Vec<String>,
    target: Target,
}

/// Sends `rate × seconds` requests on schedule; waits for all of them.
async fn drive(
    context: &Arc<Request>,
    queries: &Arc<Vec<String>>,
    rate: f64,
    seconds: f64,
    offset: usize,
) -> Vec<Outcome> {
    let total = (rate * seconds).round() as usize;
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(due).await;
        let context = context.clone();
        let query = queries[(i + offset) % queries.len()].clone();
        tasks.push(tokio::spawn(async move {
            let url = &context.urls[i % context.urls.len()];
            send(&context, url, &query, due.into_std()).await
        }));
    }
    let mut outcomes = Vec::with_capacity(total);
    for task in tasks {
        match task.await {
            Ok(outcome) => outcomes.push(outcome),
            Err(error) => outcomes.push(Outcome {
                latency_ms: f64::NAN,
                ok: false,
                hits: 0,
                error: Some(error.to_string()),
            }),
        }
    }
    outcomes
}

async fn send(context: &Request, url: &str, query: &str, due: Instant) -> Outcome {
    let request = match context.target {
        Target::Search => context
            .client
            .post(url)
            .json(&json!({ "query": SEARCH, "variables": { "q": query } })),
        Target::Suggest => context
            .client
            .post(url)
            .json(&json!({ "query": SUGGEST, "variables": { "p": query } })),
        Target::Get => context.client.get(url).query(&[("q", query)]),
    };
    let answer = async {
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        let json: Json = serde_json::from_slice(&body).map_err(|e| format!("not JSON: {e}"))?;
        check(context.target, &json)
    }
    .await;
    let latency_ms = due.elapsed().as_secs_f64() * 1000.0;
    match answer {
        Ok(hits) => Outcome {
            latency_ms,
            ok: true,
            hits,
            error: None,
        },
        Err(error) => Outcome {
            latency_ms,
            ok: false,
            hits: 0,
            error: Some(error),
        },
    }
}

/// The response is the answer we asked for; returns how many hits it carries.
fn check(target: Target, json: &Json) -> Result<usize, String> {
    if let Some(errors) = json.get("errors") {
        return Err(format!("errors: {errors}"));
    }
    let hits = match target {
        Target::Search => {
            let search = &json["data"]["search"];
            if !search["totalCount"].is_u64() {
                return Err("no totalCount".into());
            }
            search["edges"].as_array().ok_or("no edges")?
        }
        Target::Suggest => json["data"]["suggest"].as_array().ok_or("no suggestions")?,
        Target::Get => json["hits"].as_array().ok_or("no hits")?,
    };
    Ok(hits.len())
}

fn summarise(args: &LoadArgs, outcomes: &mut [Outcome], wall: f64) -> Json {
    let sent = outcomes.len();
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.ok).collect();
    let first_error = failed.iter().find_map(|o| o.error.clone());
    let failures = failed.len();
    let mut latencies: Vec<f64> = outcomes.iter().filter(|o| o.ok).map(|o| o.latency_ms).collect();
    latencies.sort_by(f64::total_cmp);
    let answered_with_hits = outcomes.iter().filter(|o| o.ok && o.hits > 0).count();
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    json!({
        "label": args.label,
        "target": format!("{:?}", args.target).to_lowercase(),
        "rate": args.rate,
        "sent": sent,
        "failed": failures,
        "first_error": first_error,
        "with_hits": answered_with_hits,
        "achieved_rate": round(sent as f64 / wall),
        "p50_ms": round(percentile(&latencies, 50.0)),
        "p90_ms": round(percentile(&latencies, 90.0)),
        "p95_ms": round(percentile(&latencies, 95.0)),
        "p99_ms": round(percentile(&latencies, 99.0)),
        "max_ms": round(latencies.last().copied().unwrap_or(f64::NAN)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_refuse_errors_and_missing_fields() {
        let ok = json!({"data": {"search": {"totalCount": 3, "edges": [{}, {}]}}});
        assert_eq!(check(Target::Search, &ok), Ok(2));
        let errored = json!({"data": null, "errors": [{"message": "boom"}]});
        assert!(check(Target::Search, &errored).is_err());
        assert!(check(Target::Search, &json!({"data": {"search": {"edges": []}}})).is_err());
        assert_eq!(check(Target::Suggest, &json!({"data": {"suggest": [{}]}})), Ok(1));
        assert_eq!(check(Target::Get, &json!({"hits": []})), Ok(0));
        assert!(check(Target::Get, &json!({"rows": []})).is_err());
    }
}
