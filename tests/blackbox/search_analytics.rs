//! Search analytics through the API: anonymous searches and clicks are counted (first pages
//! only, typeahead never), flushed in the background and at shutdown, and read back by network
//! admins only, with queries searched fewer than 3 times a week left out.

use std::time::{Duration, Instant};

use plaza_blackbox::{TestApp, cli_ok, error_code, error_field};
use serde_json::{Value, json};

const SEARCH: &str = "query($q: String!, $first: Int, $after: String) { search(query: $q, first: $first, after: $after) { totalCount pageInfo { endCursor } } }";
const CLICK: &str = "mutation($q: String!, $p: Int!) { recordSearchClick(query: $q, position: $p) }";
const ANALYTICS: &str = "query($weeks: Int) { searchAnalytics(weeks: $weeks) { minimumCount
    overall { start end totalSearches zeroResultSearches
      topQueries { query count zeroResults clicks } zeroResultQueries { query count zeroResults clicks }
      clickPositions { position count } }
    weeks { start end totalSearches zeroResultSearches
      topQueries { query count zeroResults clicks } zeroResultQueries { query count zeroResults clicks }
      clickPositions { position count } } } }";

/// The demo network, a network admin (read-only token: reading analytics changes nothing) and
/// a plain member (write token).
fn prepare() -> (tempfile::TempDir, String, String) {
    let data = TestApp::data_dir();
    cli_ok(data.path(), &["seed-demo"]);
    cli_ok(
        data.path(),
        &[
            "member",
            "add",
            "--email",
            "raiz@vallverde.example",
            "--name",
            "Raíz",
            "--agency",
            "demo-ayto-vallverde",
            "--role",
            "network_admin",
        ],
    );
    let issue = |email: &str, scope: &str| {
        cli_ok(data.path(), &["token", "issue", "--member", email, "--scope", scope])
            .trim()
            .to_owned()
    };
    let admin = issue("raiz@vallverde.example", "read");
    let member = issue("pablo.ruiz@vallverde.example", "write");
    (data, admin, member)
}

async fn search(app: &TestApp, query: &str) -> Value {
    let (status, body) = app.graphql(SEARCH, json!({ "q": query, "first": 1 }), None).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["search"].clone()
}

fn listed<'a>(period: &'a Value, list: &str, query: &str) -> Option<&'a Value> {
    period[list].as_array()?.iter().find(|stat| stat["query"] == query)
}

/// Reads analytics as `token` until `ready` holds (the flush runs in the background).
async fn analytics_once(app: &TestApp, token: &str, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = app.graphql(ANALYTICS, json!({ "weeks": 2 }), Some(token)).await;
        assert!(body["errors"].is_null(), "{body}");
        let analytics = body["data"]["searchAnalytics"].clone();
        if ready(&analytics) || Instant::now() > deadline {
            return analytics;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn search_analytics_count_searches_and_clicks_and_list_only_repeated_queries_to_network_admins() {
    let (data, admin, member) = prepare();
    let app = TestApp::start_with(data, &[], &[("PLAZA_SEARCH_STATS_FLUSH_MS", "50")], None).await;

    // Anonymous searches: a query with results three times (once with other spacing and case),
    // a query that finds nothing three times, a rare query twice.
    let first = search(&app, "whatsapp").await;
    assert!(first["totalCount"].as_u64().unwrap_or(0) > 0, "{first}");
    search(&app, "  WhatsApp ").await;
    search(&app, "whatsapp").await;
    for _ in 0..3 {
        let nothing = search(&app, "zzqxw   inexistente").await;
        assert_eq!(nothing["totalCount"], 0, "{nothing}");
    }
    search(&app, "consulta rara").await;
    search(&app, "consulta rara").await;
    // Neither a next page nor typeahead is a search.
    let cursor = first["pageInfo"]["endCursor"].as_str().expect("a cursor").to_owned();
    let (_, next) = app
        .graphql(SEARCH, json!({ "q": "whatsapp", "first": 1, "after": cursor }), None)
        .await;
    assert!(next["errors"].is_null(), "{next}");
    for _ in 0..3 {
        let (_, body) = app
            .graphql("{ suggest(prefix: \"whats\") { title } }", json!({}), None)
            .await;
        assert!(body["errors"].is_null(), "{body}");
    }
    // Anyone may report a click; bad positions and queries are refused.
    let (_, clicked) = app.graphql(CLICK, json!({ "q": "WhatsApp", "p": 1 }), None).await;
    assert_eq!(clicked["data"]["recordSearchClick"], true, "{clicked}");
    let (_, clicked) = app
        .graphql(CLICK, json!({ "q": "whatsapp", "p": 12 }), Some(&member))
        .await;
    assert_eq!(clicked["data"]["recordSearchClick"], true, "{clicked}");
    for (query, position, field) in [
        ("whatsapp", 0, "position"),
        ("whatsapp", 1001, "position"),
        ("   ", 1, "query"),
    ] {
        let (_, refused) = app.graphql(CLICK, json!({ "q": query, "p": position }), None).await;
        assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{refused}");
        assert_eq!(error_field(&refused), Some(field), "{refused}");
    }
    let long = "a".repeat(501);
    let (_, refused) = app.graphql(CLICK, json!({ "q": long, "p": 1 }), None).await;
    assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{refused}");

    let analytics = analytics_once(&app, &admin, |a| {
        listed(&a["weeks"][0], "topQueries", "whatsapp").is_some_and(|s| s["clicks"] == 2)
            && listed(&a["weeks"][0], "zeroResultQueries", "zzqxw inexistente").is_some()
    })
    .await;

    assert_eq!(analytics["minimumCount"], 3);
    let week = &analytics["weeks"][0];
    let whatsapp = listed(week, "topQueries", "whatsapp").unwrap_or_else(|| panic!("{analytics}"));
    assert_eq!(
        (&whatsapp["count"], &whatsapp["zeroResults"], &whatsapp["clicks"]),
        (&json!(3), &json!(0), &json!(2)),
        "the next page is not counted: {whatsapp}"
    );
    let nothing = listed(week, "zeroResultQueries", "zzqxw inexistente").unwrap_or_else(|| panic!("{analytics}"));
    assert_eq!((&nothing["count"], &nothing["zeroResults"]), (&json!(3), &json!(3)));
    assert_eq!(week["totalSearches"], 8, "{week}");
    assert_eq!(week["zeroResultSearches"], 3, "{week}");
    let positions: Vec<(String, u64)> = week["clickPositions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["position"].as_str().unwrap().to_owned(), p["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        positions,
        [("1", 1), ("2", 0), ("3", 0), ("4-10", 0), (">10", 1)].map(|(p, c)| (p.to_owned(), c))
    );
    let text = analytics.to_string();
    assert!(!text.contains("consulta rara"), "searched twice, suppressed: {text}");
    assert!(!text.contains("whats\""), "typeahead is not recorded: {text}");
    assert!(
        listed(&analytics["overall"], "topQueries", "whatsapp").is_some(),
        "{analytics}"
    );

    // Only network admins read analytics.
    let (_, forbidden) = app.graphql(ANALYTICS, json!({}), Some(&member)).await;
    assert_eq!(error_code(&forbidden), Some("FORBIDDEN"), "{forbidden}");
    assert!(forbidden["data"].is_null() || forbidden["data"]["searchAnalytics"].is_null());
    let (_, anonymous) = app.graphql(ANALYTICS, json!({}), None).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"), "{anonymous}");
    for weeks in [0, 53] {
        let (_, refused) = app.graphql(ANALYTICS, json!({ "weeks": weeks }), Some(&admin)).await;
        assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{refused}");
    }
}

#[tokio::test]
async fn searches_counted_since_the_last_flush_are_written_at_shutdown() {
    let (data, admin, _) = prepare();
    // A flush interval far longer than the test: only the shutdown flush can write.
    let slow = [("PLAZA_SEARCH_STATS_FLUSH_MS", "3600000")];
    let app = TestApp::start_with(data, &[], &slow, None).await;
    for _ in 0..3 {
        search(&app, "bulos en campaña").await;
    }
    let before = analytics_once(&app, &admin, |_| true).await;
    assert_eq!(before["weeks"], json!([]), "nothing flushed yet: {before}");

    let data = app.stop();
    let app = TestApp::start_with(data, &[], &slow, None).await;

    let after = analytics_once(&app, &admin, |_| true).await;
    let listed_query = listed(&after["weeks"][0], "topQueries", "bulos en campaña");
    assert_eq!(listed_query.map(|s| s["count"].clone()), Some(json!(3)), "{after}");
}
