//! Observability of the running binary: a request id on every response and on the log lines
//! written while handling it, and Prometheus metrics at `/metrics` behind the configured token.

use plaza_blackbox::TestApp;
use serde_json::json;

#[tokio::test]
async fn every_response_has_a_request_id_that_its_log_lines_carry() {
    let data = TestApp::data_dir();
    let logs = tempfile::tempdir().expect("dir");
    let log = logs.path().join("plaza.log");
    let app = TestApp::start_with(data, &[], &[("RUST_LOG", "info")], Some(&log)).await;
    let url = format!("{}/graphql", app.address);
    let body = json!({ "query": "query Ping { viewer { signedIn } }", "operationName": "Ping" });
    let fresh = app.http.post(&url).json(&body).send().await.expect("request");
    let id = fresh.headers()["x-request-id"].to_str().expect("id").to_owned();
    assert_eq!(id.len(), 26, "a new id (a ULID): {id}");
    // A proxy's id is kept; a malformed one is replaced.
    let kept = app
        .http
        .post(&url)
        .header("x-request-id", "edge-42_a")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(kept.headers()["x-request-id"], "edge-42_a");
    let replaced = app
        .http
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "<script>")
        .send()
        .await
        .expect("request");
    assert_ne!(replaced.headers()["x-request-id"], "<script>");
    let missing = app
        .http
        .get(format!("{}/no/such/page", app.address))
        .send()
        .await
        .expect("request");
    assert!(missing.headers().contains_key("x-request-id"));
    // The request's log line carries its id.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(
        text.lines()
            .any(|line| line.contains("\"request\"") && line.contains("edge-42_a")),
        "no log line with the request id in:\n{}",
        text.lines().rev().take(5).collect::<Vec<_>>().join("\n")
    );
}

#[tokio::test]
async fn metrics_are_scraped_with_the_configured_token_only() {
    let data = TestApp::data_dir();
    let app = TestApp::start_with(data, &[], &[("PLAZA_METRICS_TOKEN", "scrape-me")], None).await;
    let body =
        json!({ "query": "query CaseList { caseStudies(first: 1) { nodes { id } } }", "operationName": "CaseList" });
    let search =
        json!({ "query": "query Find { search(query: \"redes sociales\") { totalCount } }", "operationName": "Find" });
    let searched = app
        .http
        .post(format!("{}/graphql", app.address))
        .json(&search)
        .send()
        .await
        .expect("request");
    assert_eq!(searched.status().as_u16(), 200);
    for _ in 0..3 {
        app.http
            .post(format!("{}/graphql", app.address))
            .json(&body)
            .send()
            .await
            .expect("request");
    }
    let metrics = format!("{}/metrics", app.address);
    let anonymous = app.http.get(&metrics).send().await.expect("request");
    assert_eq!(anonymous.status().as_u16(), 401);
    let wrong = app
        .http
        .get(&metrics)
        .bearer_auth("scrape-you")
        .send()
        .await
        .expect("request");
    assert_eq!(wrong.status().as_u16(), 401);
    let scraped = app
        .http
        .get(&metrics)
        .bearer_auth("scrape-me")
        .send()
        .await
        .expect("request");
    assert_eq!(scraped.status().as_u16(), 200);
    assert!(
        scraped.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("application/openmetrics-text")
    );
    let text = scraped.text().await.expect("text");
    assert!(
        text.contains(r#"plaza_graphql_operations_total{operation="CaseList",outcome="ok"} 3"#),
        "{text}"
    );
    assert!(
        text.contains(r#"plaza_http_requests_total{route="/graphql",method="POST",status="200"}"#),
        "{text}"
    );
    assert!(text.contains("plaza_http_request_duration_seconds_bucket{"), "{text}");
    assert!(
        text.contains("plaza_search_duration_seconds_count 1"),
        "one search timed:\n{text}"
    );
    // The index follows the database: it has caught up (a Unix time of this run).
    let caught_up: i64 = text
        .lines()
        .find_map(|line| line.strip_prefix("plaza_index_last_catch_up_timestamp_seconds "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no index catch-up time in:\n{text}"));
    assert!((chrono::Utc::now().timestamp() - caught_up).abs() < 120, "{caught_up}");
    // Read from the database at the scrape: the queries sent so far, the webhook queue.
    let queries: u64 = text
        .lines()
        .find_map(|line| line.strip_prefix("plaza_database_queries_total "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no database query count in:\n{text}"));
    assert!(queries > 10, "{queries}");
    let waited: f64 = text
        .lines()
        .find_map(|line| line.strip_prefix("plaza_database_query_seconds_total "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no database time in:\n{text}"));
    assert!(waited > 0.0 && waited < 60.0, "{waited}");
    assert!(text.contains("plaza_webhook_deliveries_pending 0"), "{text}");
    assert!(text.trim_end().ends_with("# EOF"), "{text}");
    // The Grafana dashboard in infra/ asks only for series a scrape has.
    let dashboard = include_str!("../../infra/grafana/plaza-dashboard.json");
    let parsed: serde_json::Value = serde_json::from_str(dashboard).expect("the dashboard is JSON");
    let mut queried = std::collections::BTreeSet::new();
    for panel in parsed["panels"].as_array().expect("panels") {
        for target in panel["targets"].as_array().into_iter().flatten() {
            let expr = target["expr"].as_str().expect("a query");
            let words = expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            queried.extend(words.filter(|word| word.starts_with("plaza_")).map(str::to_owned));
        }
    }
    assert!(queried.len() >= 15, "{queried:?}");
    for series in &queried {
        let exposed = text.lines().any(|line| {
            line.strip_prefix(series.as_str())
                .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
        });
        assert!(
            exposed,
            "the dashboard queries {series}, which /metrics does not expose:\n{text}"
        );
    }
    // Without a token configured there is no /metrics at all.
    let plain = TestApp::start(TestApp::data_dir(), &[]).await;
    let none = plain
        .http
        .get(format!("{}/metrics", plain.address))
        .bearer_auth("scrape-me")
        .send()
        .await
        .expect("request");
    assert_eq!(none.status().as_u16(), 404);
}
