//! Write-to-searchable delay: publish a public practice carrying a unique word, then poll
//! `search` as an anonymous reader until it appears. Also checks that the writer finds it
//! right after `publishPractice` answers (read-your-writes).

use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use crate::percentile;

/// `plaza-bench freshness` arguments.
#[derive(clap::Args, Debug)]
pub struct FreshnessArgs {
    /// Plaza's `/graphql`.
    #[arg(long)]
    url: String,
    /// A write-scope API token of an editor.
    #[arg(long, env = "PLAZA_BENCH_TOKEN")]
    token: String,
    /// How many publications to time.
    #[arg(long, default_value_t = 50)]
    samples: usize,
}

const CREATE: &str = "mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishPractice(input: {id: $id}) { practice { id } } }";
const FIND: &str = "query($q: String!) { search(query: $q, first: 1) { totalCount } }";

/// Longest a sample waits before it counts as never searchable.
const GIVE_UP: Duration = Duration::from_secs(10);

pub async fn run(args: FreshnessArgs) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .map_err(|e| e.to_string())?;
    let mut delays = Vec::with_capacity(args.samples);
    let mut writer_misses = 0usize;
    let mut never = 0usize;
    let run_tag = format!("{:x}", std::process::id());
    for sample in 0..args.samples {
        let word = format!("frescura{run_tag}x{sample}");
        let created = call(
            &client,
            &args.url,
            Some(&args.token),
            CREATE,
            json!({ "input": { "title": format!("Prueba de frescura {word}"), "body": format!("Texto con la palabra {word}."), "visibility": "PUBLIC" } }),
        )
        .await?;
        let id = created["createPractice"]["practice"]["id"]
            .as_str()
            .ok_or("createPractice returned no id")?
            .to_owned();
        let published_at = Instant::now();
        call(&client, &args.url, Some(&args.token), PUBLISH, json!({ "id": id })).await?;
        if total(&client, &args.url, Some(&args.token), &word).await? == 0 {
            writer_misses += 1;
        }
        loop {
            if total(&client, &args.url, None, &word).await? > 0 {
                delays.push(published_at.elapsed().as_secs_f64() * 1000.0);
                break;
            }
            if published_at.elapsed() > GIVE_UP {
                never += 1;
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    delays.sort_by(f64::total_cmp);
    println!(
        "{}",
        json!({
            "samples": args.samples,
            "writer_misses": writer_misses,
            "never_searchable": never,
            "p50_ms": percentile(&delays, 50.0),
            "p99_ms": percentile(&delays, 99.0),
            "max_ms": delays.last(),
        })
    );
    Ok(())
}

async fn total(client: &reqwest::Client, url: &str, token: Option<&str>, word: &str) -> Result<u64, String> {
    let data = call(client, url, token, FIND, json!({ "q": word })).await?;
    data["search"]["totalCount"]
        .as_u64()
        .ok_or_else(|| "search returned no totalCount".to_owned())
}

async fn call(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    query: &str,
    variables: Json,
) -> Result<Json, String> {
    let mut request = client
        .post(url)
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let body: Json = response.json().await.map_err(|e| e.to_string())?;
    if let Some(errors) = body.get("errors") {
        return Err(format!("GraphQL errors: {errors}"));
    }
    Ok(body["data"].clone())
}
