//! Prometheus metrics at `GET /metrics` (OpenMetrics text): requests and their latency per HTTP
//! route and per GraphQL operation, time spent in the search index, the search index following the database (when it last caught
//! up, records applied, failed rounds), open WebSocket connections, and the process's uptime. Labels
//! are bounded: routes are families (`/adjuntos/:id`), methods a short list, and operation names
//! the first [`OPERATIONS_MAX`] well-formed ones seen (then `other`), so no client can grow the
//! series without end. The endpoint answers only with `PLAZA_METRICS_TOKEN` as a bearer token
//! (404 when none is configured): counts of what a network does are not for everyone.

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use poem::http::{HeaderMap, StatusCode, header};
use poem::web::Data;
use poem::{Response, handler};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Most distinct GraphQL operation names labelled; later ones count as `other`.
pub const OPERATIONS_MAX: usize = 100;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: String,
    outcome: String,
}

/// Latency buckets: 1 ms to about 16 s, doubling.
fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<RouteLabels, Histogram, fn() -> Histogram>,
    operations: Family<OperationLabels, Counter>,
    operation_seconds: Family<OperationLabels, Histogram, fn() -> Histogram>,
    websockets: Gauge,
    uptime: Gauge,
    index_caught_up_at: Gauge,
    index_applied: Counter,
    index_failures: Counter,
    index_round_seconds: Histogram,
    search_seconds: Histogram,
    replicas: Gauge,
    database_queries: Counter,
    database_seconds: Counter<f64, std::sync::atomic::AtomicU64>,
    webhooks_pending: Gauge,
    cluster_sent: Counter,
    cluster_received: Counter,
    cluster_resubscribed: Counter,
    started: Instant,
    operation_names: Mutex<HashSet<String>>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let mut registry = Registry::with_prefix("plaza");
    let requests = Family::<RequestLabels, Counter>::default();
    let request_seconds = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency);
    let operations = Family::<OperationLabels, Counter>::default();
    let operation_seconds = Family::<OperationLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency);
    let websockets = Gauge::default();
    let uptime = Gauge::default();
    let index_caught_up_at = Gauge::default();
    let index_applied = Counter::default();
    let index_failures = Counter::default();
    let index_round_seconds = latency();
    let search_seconds = latency();
    let (replicas, cluster_sent, cluster_received, cluster_resubscribed) = (
        Gauge::default(),
        Counter::default(),
        Counter::default(),
        Counter::default(),
    );
    let (database_queries, webhooks_pending) = (Counter::default(), Gauge::default());
    registry.register(
        "database_queries",
        "Queries this process sent to the database (a retried one counts per attempt)",
        database_queries.clone(),
    );
    let database_seconds = Counter::<f64, std::sync::atomic::AtomicU64>::default();
    registry.register(
        "database_query_seconds",
        "Time this process waited for the database's answers to its queries and transactions, \
         summed (its rate divided by plaza_database_queries_total's is about the mean query time)",
        database_seconds.clone(),
    );
    registry.register(
        "webhook_deliveries_pending",
        "Webhook deliveries waiting to be sent (due now or retrying later), as of the scrape",
        webhooks_pending.clone(),
    );
    registry.register(
        "replicas",
        "Replicas of Plaza seen alive on this database in the last seconds (heartbeats), this one included",
        replicas.clone(),
    );
    registry.register(
        "cluster_events_sent",
        "Events this replica relayed to the others through the database",
        cluster_sent.clone(),
    );
    registry.register(
        "cluster_events_received",
        "Events from other replicas applied here",
        cluster_received.clone(),
    );
    registry.register(
        "cluster_resubscriptions",
        "Times this replica had to follow the database's events again (its live query was lost)",
        cluster_resubscribed.clone(),
    );
    registry.register(
        "http_requests",
        "HTTP requests by route family, method and status",
        requests.clone(),
    );
    registry.register(
        "http_request_duration_seconds",
        "Time to answer an HTTP request, by route family",
        request_seconds.clone(),
    );
    registry.register(
        "graphql_operations",
        "GraphQL operations by operation name and outcome (ok, error)",
        operations.clone(),
    );
    registry.register(
        "graphql_operation_duration_seconds",
        "Time to execute a GraphQL operation, by operation name and outcome",
        operation_seconds.clone(),
    );
    registry.register(
        "search_duration_seconds",
        "Time a search spends in the index (ranking, filters, facets), per search",
        search_seconds.clone(),
    );
    registry.register(
        "websocket_connections",
        "Open GraphQL WebSocket connections",
        websockets.clone(),
    );
    registry.register("uptime_seconds", "Seconds since the process started", uptime.clone());
    registry.register(
        "index_last_catch_up_timestamp_seconds",
        "When the search index last caught up with the database (Unix time; time() minus it is the lag)",
        index_caught_up_at.clone(),
    );
    registry.register(
        "index_records_applied",
        "Changed records the search index applied from the database",
        index_applied.clone(),
    );
    registry.register(
        "index_catch_up_failures",
        "Rounds in which the search index could not catch up",
        index_failures.clone(),
    );
    registry.register(
        "index_catch_up_duration_seconds",
        "Time one round of following the database takes",
        index_round_seconds.clone(),
    );
    Metrics {
        registry,
        requests,
        request_seconds,
        operations,
        operation_seconds,
        websockets,
        uptime,
        index_caught_up_at,
        index_applied,
        index_failures,
        index_round_seconds,
        search_seconds,
        replicas,
        database_queries,
        database_seconds,
        webhooks_pending,
        cluster_sent,
        cluster_received,
        cluster_resubscribed,
        started: Instant::now(),
        operation_names: Mutex::new(HashSet::new()),
    }
});

/// The family a path belongs to, as a label (never the path itself: ids would multiply series).
pub fn route(path: &str) -> &'static str {
    const EXACT: [&str; 10] = [
        "/graphql",
        "/healthz",
        "/readyz",
        "/metrics",
        "/feed.atom",
        "/feed.rss",
        "/sitemap.xml",
        "/robots.txt",
        "/adjuntos",
        "/",
    ];
    if let Some(exact) = EXACT.iter().find(|exact| **exact == path) {
        return exact;
    }
    const PREFIXES: [(&str, &str); 8] = [
        ("/auth/", "/auth/*"),
        ("/adjuntos/", "/adjuntos/:id"),
        ("/datos/", "/datos/:file"),
        ("/demo-idp/", "/demo-idp/*"),
        ("/assets/", "static"),
        ("/widgets/", "static"),
        ("/graphiql", "static"),
        ("/embed", "/embed/*"),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))
        .map_or("page", |(_, family)| family)
}

fn method(method: &poem::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

/// Counts one answered HTTP request.
pub fn http_request(path: &str, verb: &poem::http::Method, status: StatusCode, elapsed: Duration) {
    let route = route(path).to_owned();
    METRICS
        .requests
        .get_or_create(&RequestLabels {
            route: route.clone(),
            method: method(verb).to_owned(),
            status: status.as_u16().to_string(),
        })
        .inc();
    METRICS
        .request_seconds
        .get_or_create(&RouteLabels { route })
        .observe(elapsed.as_secs_f64());
}

/// The label for an operation name: itself if well formed and among the first
/// [`OPERATIONS_MAX`] seen, `anonymous` without one, `other` otherwise.
pub fn operation_label(name: Option<&str>) -> String {
    let Some(name) = name else {
        return "anonymous".into();
    };
    let well_formed = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit();
    if !well_formed {
        return "other".into();
    }
    let Ok(mut seen) = METRICS.operation_names.lock() else {
        return "other".into();
    };
    if seen.contains(name) || seen.len() < OPERATIONS_MAX {
        seen.insert(name.to_owned());
        name.to_owned()
    } else {
        "other".into()
    }
}

/// Counts one executed GraphQL operation.
pub fn graphql_operation(name: Option<&str>, ok: bool, elapsed: Duration) {
    let labels = OperationLabels {
        operation: operation_label(name),
        outcome: if ok { "ok" } else { "error" }.into(),
    };
    METRICS.operations.get_or_create(&labels).inc();
    METRICS
        .operation_seconds
        .get_or_create(&labels)
        .observe(elapsed.as_secs_f64());
}

/// The search index caught up with the database, applying `applied` changed records.
pub fn index_caught_up(applied: usize, took: Duration) {
    METRICS.index_caught_up_at.set(chrono::Utc::now().timestamp());
    METRICS.index_applied.inc_by(applied as u64);
    METRICS.index_round_seconds.observe(took.as_secs_f64());
}

/// A search spent `took` in the index.
pub fn search(took: Duration) {
    METRICS.search_seconds.observe(took.as_secs_f64());
}

/// How many replicas are alive (this one included).
pub fn replicas(count: usize) {
    METRICS.replicas.set(i64::try_from(count).unwrap_or(i64::MAX));
}

/// An event was relayed to the other replicas.
pub fn cluster_sent() {
    METRICS.cluster_sent.inc();
}

/// An event from another replica was applied.
pub fn cluster_received() {
    METRICS.cluster_received.inc();
}

/// The events' live query was opened again.
pub fn cluster_resubscribed() {
    METRICS.cluster_resubscribed.inc();
}

/// A round of following the database failed.
pub fn index_failed() {
    METRICS.index_failures.inc();
}

/// An open WebSocket connection, counted while this lives.
pub struct OpenWebSocket(());

impl OpenWebSocket {
    /// Counts a connection as open until the value is dropped.
    pub fn open() -> OpenWebSocket {
        METRICS.websockets.inc();
        OpenWebSocket(())
    }
}

impl Drop for OpenWebSocket {
    fn drop(&mut self) {
        METRICS.websockets.dec();
    }
}

/// The token `/metrics` asks for, if the operators configured one.
#[derive(Debug, Clone)]
pub struct MetricsToken(pub Option<String>);

/// Whether the request carries the configured operator token (compared in constant time);
/// `None` when none is configured.
pub fn bearer_matches(expected: Option<&str>, headers: &HeaderMap) -> Option<bool> {
    let expected = expected?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    let same = given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    Some(same)
}

/// The metrics, in the OpenMetrics text format.
pub fn render() -> String {
    METRICS
        .uptime
        .set(i64::try_from(METRICS.started.elapsed().as_secs()).unwrap_or(i64::MAX));
    let mut out = String::new();
    if prometheus_client::encoding::text::encode(&mut out, &METRICS.registry).is_err() {
        out.clear();
    }
    out
}

/// Brings the values read from the database up to date (at each scrape).
async fn observe_database(store: &plaza_storage::Store) {
    let sent = store.round_trips();
    let counted = METRICS.database_queries.get();
    METRICS.database_queries.inc_by(sent.saturating_sub(counted));
    let waited = store.time_in_database().as_secs_f64();
    METRICS
        .database_seconds
        .inc_by((waited - METRICS.database_seconds.get()).max(0.0));
    match store.pending_delivery_count().await {
        Ok(pending) => {
            METRICS.webhooks_pending.set(i64::try_from(pending).unwrap_or(i64::MAX));
        }
        Err(error) => tracing::warn!(%error, "cannot count pending webhook deliveries"),
    }
}

/// `GET /metrics`.
#[handler]
pub async fn scrape(request: &poem::Request, token: Data<&MetricsToken>, state: Data<&crate::AppState>) -> Response {
    if bearer_matches(token.0.0.as_deref(), request.headers()) == Some(true) {
        observe_database(&state.store).await;
    }
    match bearer_matches(token.0.0.as_deref(), request.headers()) {
        None => Response::builder().status(StatusCode::NOT_FOUND).body("not found"),
        Some(false) => Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .header(header::WWW_AUTHENTICATE, "Bearer")
            .body("the metrics need the configured token"),
        Some(true) => Response::builder()
            .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
            .header(header::CACHE_CONTROL, "no-store")
            .body(render()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_families_never_paths() {
        assert_eq!(route("/adjuntos/01ARZ3NDEKTSV4RRFFQ69G5FAV"), "/adjuntos/:id");
        assert_eq!(route("/casos/Q2FzZTox"), "page");
        assert_eq!(route("/auth/callback"), "/auth/*");
        assert_eq!(route("/graphql"), "/graphql");
        assert_eq!(route("/datos/casos.csv"), "/datos/:file");
    }

    #[test]
    fn operation_names_are_bounded() {
        assert_eq!(operation_label(None), "anonymous");
        assert_eq!(operation_label(Some("Case")), "Case");
        assert_eq!(operation_label(Some("bad name{}")), "other");
        assert_eq!(operation_label(Some(&"a".repeat(65))), "other");
        for n in 0..OPERATIONS_MAX + 10 {
            operation_label(Some(&format!("Op{n}")));
        }
        assert_eq!(operation_label(Some("NeverSeenBefore")), "other");
        assert_eq!(
            operation_label(Some("Case")),
            "Case",
            "a name seen early keeps its label"
        );
    }

    #[test]
    fn the_text_names_every_family() {
        http_request(
            "/graphql",
            &poem::http::Method::POST,
            StatusCode::OK,
            Duration::from_millis(3),
        );
        graphql_operation(Some("Case"), true, Duration::from_millis(2));
        let _open = OpenWebSocket::open();
        index_caught_up(3, Duration::from_millis(4));
        search(Duration::from_millis(6));
        let text = render();
        for family in [
            "plaza_http_requests_total{",
            "plaza_http_request_duration_seconds_bucket{",
            "plaza_graphql_operations_total{",
            "plaza_graphql_operation_duration_seconds_count{",
            "plaza_websocket_connections ",
            "plaza_uptime_seconds ",
            "plaza_index_last_catch_up_timestamp_seconds ",
            "plaza_index_records_applied_total ",
            "plaza_index_catch_up_failures_total ",
            "plaza_index_catch_up_duration_seconds_count ",
            "plaza_search_duration_seconds_count ",
        ] {
            assert!(text.contains(family), "{family} missing from:\n{text}");
        }
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn the_endpoint_needs_the_configured_token() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_matches(None, &headers), None);
        let token = Some("s3cret");
        assert_eq!(bearer_matches(token, &headers), Some(false));
        headers.insert(header::AUTHORIZATION, "Bearer s3cre".parse().unwrap());
        assert_eq!(bearer_matches(token, &headers), Some(false));
        headers.insert(header::AUTHORIZATION, "Bearer s3cret".parse().unwrap());
        assert_eq!(bearer_matches(token, &headers), Some(true));
    }
}
