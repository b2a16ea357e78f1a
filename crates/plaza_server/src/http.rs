//! HTTP routes: GraphQL over HTTP at `/graphql` (POST JSON; GET for queries and GraphiQL),
//! feeds and crawler files (`/feed.atom`, `/sitemap.xml`, `/robots.txt`), open data (`/datos/…`),
//! attachments (`/adjuntos…`), `/healthz`, `/readyz`. Assembled in one place so the whole surface reads in one screen.

use std::time::Instant;

use poem::http::{HeaderMap, StatusCode, header};
use poem::middleware::SetHeader;
use poem::web::{Data, Html, Query};
use poem::{Body, EndpointExt, FromRequest, IntoResponse, Request, Response, Route, get, handler};
use serde_json::json;

use std::sync::Arc;

use crate::AppState;
use crate::auth::{self, Auth, CredentialError};

/// The media type the GraphQL-over-HTTP spec defines for responses.
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// Every route of the service.
pub fn routes(
    state: AppState,
    auth: Arc<Auth>,
    body_limit: usize,
    web: crate::web::WebDir,
    demo_idp: Option<Arc<crate::demo_idp::DemoIdp>>,
    metrics: crate::metrics::MetricsToken,
    admin: crate::admin::AdminToken,
) -> impl poem::Endpoint {
    let origins = Arc::new(crate::cors::AllowedOrigins::new(state.store.clone()));
    let mut route = Route::new()
        .at(
            "/graphql",
            get(graphql_get)
                .post(graphql_post)
                .options(crate::cors::preflight)
                .around(crate::cors::cors),
        )
        .at("/auth/login", get(auth::login).around(auth::html_errors))
        .at("/auth/callback", get(auth::callback).around(auth::html_errors))
        .at("/auth/logout", get(auth::logout_get).post(auth::logout))
        .at("/feed.atom", get(crate::feeds::feed_atom))
        .at("/feed.rss", get(crate::feeds::feed_rss))
        .at("/sitemap.xml", get(crate::feeds::sitemap))
        .at("/robots.txt", get(crate::feeds::robots))
        .at("/datos/:file", get(crate::open_data::file))
        .at("/adjuntos", poem::post(crate::attachments::upload))
        .at("/adjuntos/:id", get(crate::attachments::serve_file))
        .at("/adjuntos/:id/mini", get(crate::attachments::serve_thumbnail))
        .at("/mis-datos", get(crate::personal_data::download))
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .at("/metrics", get(crate::metrics::scrape))
        .at("/admin/backup", get(crate::snapshot::download))
        .at("/admin/reindex", poem::post(crate::admin::reindex))
        .at("/*path", get(crate::web::serve))
        .at("/", get(crate::web::serve));
    // The demo identity provider exists in demo mode only.
    if let Some(idp) = demo_idp {
        route = route.nest("/demo-idp", crate::demo_idp::routes(idp));
    }
    route
        .with(
            SetHeader::new()
                .overriding(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
                .overriding(header::REFERRER_POLICY, "no-referrer"),
        )
        .around(crate::web::deny_framing)
        .around(auth::limit_by_address)
        .around(log_request)
        .data(state)
        .data(auth)
        .data(BodyLimit(body_limit))
        .data(web)
        .data(origins)
        .data(metrics)
        .data(admin)
}

#[derive(Debug, Clone, Copy)]
struct BodyLimit(usize);

/// The request's id: the caller's `X-Request-Id` when it is a short token (a proxy's), else a
/// new one.
fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .filter(|id| {
            !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map_or_else(|| ulid::Ulid::new().to_string(), str::to_owned)
}

/// Gives every request an id (in `X-Request-Id` on the response and on every log line written
/// while it is handled), logs one structured line per request (method, path — never the query
/// string —, status, time) and counts it in the metrics.
async fn log_request<E: poem::Endpoint>(next: E, request: Request) -> poem::Result<Response> {
    use tracing::Instrument as _;
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let id = request_id(request.headers());
    let span = tracing::info_span!("request", request_id = %id);
    let mut response = next.get_response(request).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    span.in_scope(|| {
        tracing::info!(
            http.method = %method,
            http.path = %path,
            http.status = response.status().as_u16(),
            elapsed_ms = elapsed.as_secs_f64() * 1000.0,
            "request"
        );
    });
    crate::metrics::http_request(&path, &method, response.status(), elapsed);
    if let Ok(value) = poem::http::HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    Ok(response)
}

/// The process is alive.
#[handler]
fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers.
#[handler]
async fn readyz(state: Data<&AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => "ready".into_response(),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// A GraphQL-shaped error response outside execution (bad transport, bad credential).
fn transport_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(body.to_string())
}

fn wants_graphql_response(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains(GRAPHQL_RESPONSE))
}

/// Executes a request for the viewer its credential names, and encodes the response. A
/// session cookie counts only on requests from Plaza's own pages when `checks_origin` (POST);
/// GET runs queries only.
async fn execute(
    state: &AppState,
    auth: &Auth,
    headers: &HeaderMap,
    request: async_graphql::Request,
    checks_origin: bool,
) -> Response {
    let resolved = match auth::resolve(&state.store, auth, headers).await {
        Ok(resolved) => resolved,
        Err(CredentialError::Invalid) => {
            return transport_error(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "the token is invalid, revoked or expired",
            )
            .with_header(header::WWW_AUTHENTICATE, "Bearer")
            .into_response();
        }
        Err(CredentialError::Storage(error)) => {
            tracing::error!(%error, "credential lookup failed");
            return transport_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
        }
    };
    if resolved.via_cookie && checks_origin && !auth::same_origin(auth, headers) {
        return auth::csrf_refused();
    }
    if let Some(digest) = &resolved.digest
        && let Some(refused) = auth::credential_over_limit(auth, digest)
    {
        return refused;
    }
    // An API token (a widget's, an intranet's) may be limited to the trusted documents.
    if resolved.digest.is_some() && !resolved.via_cookie && !state.persisted.allows_token(&request.query) {
        return persisted_refused(crate::persisted::Refusal::NotAllowed);
    }
    let operation = request.operation_name.clone();
    let started = Instant::now();
    let response = state
        .schema
        .execute(plaza_graphql::prepare(
            request,
            resolved.viewer,
            reader_language(headers),
        ))
        .await;
    crate::metrics::graphql_operation(operation.as_deref(), response.errors.is_empty(), started.elapsed());
    // Serialising a large response (a page of 100 long bodies is megabytes) is CPU work: off the
    // async workers, so /healthz and other requests keep their latency.
    let (graphql_media_type, lang) = (wants_graphql_response(headers), request_lang(headers));
    let encoded = tokio::task::spawn_blocking(move || encode(response, graphql_media_type, lang))
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "cannot encode a response");
            transport_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error")
        });
    if resolved.stale_cookie {
        // The browser holds a session that ended: forget it.
        let clear = auth.cookie(auth.session_cookie(), "", 0);
        return encoded.with_header(header::SET_COOKIE, clear).into_response();
    }
    encoded
}

/// Encodes a response. Errors async-graphql raised before execution (syntax, validation,
/// limits) get `GRAPHQL_VALIDATION_FAILED`; with the spec's media type they answer 400.
fn encode(
    mut response: async_graphql::Response,
    graphql_media_type: bool,
    lang: plaza_domain::messages::Lang,
) -> Response {
    // A request error (syntax, validation, limits) never started execution: its errors carry no
    // path. A field error that nulled the whole result (`data: null`) did execute, and the
    // GraphQL-over-HTTP spec wants 200 for it, with the `data` entry present.
    let not_executed = matches!(response.data, async_graphql::Value::Null)
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty());
    for error in &mut response.errors {
        // People read these in the language their browser asks for; scripts get English.
        error.message = plaza_domain::messages::localize(&error.message, lang);
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|extensions| extensions.get("code").is_some());
        if !has_code {
            let code = if not_executed {
                "GRAPHQL_VALIDATION_FAILED"
            } else {
                "BAD_USER_INPUT"
            };
            error.extensions.get_or_insert_with(Default::default).set("code", code);
        }
    }
    let encoded = serde_json::to_value(&response).map(|mut value| {
        if not_executed && let Some(object) = value.as_object_mut() {
            // A request error has no `data` entry at all.
            object.remove("data");
        }
        value
    });
    let body = match encoded.and_then(|value| serde_json::to_string(&value)) {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "cannot encode a response");
            return transport_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
        }
    };
    let (status, media_type) = match (graphql_media_type, not_executed) {
        (true, true) => (StatusCode::BAD_REQUEST, GRAPHQL_RESPONSE),
        (true, false) => (StatusCode::OK, GRAPHQL_RESPONSE),
        (false, _) => (StatusCode::OK, "application/json"),
    };
    Response::builder().status(status).content_type(media_type).body(body)
}

/// POST /graphql: only `application/json` bodies (a cross-site form cannot send one without a
/// CORS preflight), up to the configured size, one operation per request (no batching).
#[handler]
async fn graphql_post(
    request: &Request,
    body: Body,
    state: Data<&AppState>,
    auth: Data<&Arc<Auth>>,
    limit: Data<&BodyLimit>,
) -> Response {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared_length.is_some_and(|length| length > DRAIN_LIMIT) {
        return transport_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "the request body is far too large",
        );
    }
    if media_type != "application/json" {
        return transport_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send GraphQL requests as application/json",
        );
    }
    // A client that trickles its body is cut off: it holds no worker, but it holds memory.
    let read = tokio::time::timeout(BODY_READ_TIMEOUT, read_limited(body, limit.0.0))
        .await
        .unwrap_or(BodyRead::TimedOut);
    let bytes = match read {
        BodyRead::Complete(bytes) => bytes,
        BodyRead::TimedOut => {
            return transport_error(
                StatusCode::REQUEST_TIMEOUT,
                "REQUEST_TIMEOUT",
                "the request body took too long to arrive",
            );
        }
        BodyRead::TooLarge => {
            return transport_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                &format!("the request body is larger than {} bytes", limit.0.0),
            );
        }
        BodyRead::Failed => {
            return transport_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the request body could not be read",
            );
        }
    };
    // Nesting first: the outer object and `variables` itself sit above the variables' levels.
    if let Err(refusal) = plaza_graphql::prescan::prescan_json(&bytes, 2) {
        return refused(&refusal, request.headers());
    }
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(_) => {
            return transport_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the request body is not valid JSON",
            );
        }
    };
    if value.is_array() {
        return transport_error(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "batched requests are not supported",
        );
    }
    let mut value = value;
    if let Some(object) = value.as_object_mut()
        && object.contains_key("extensions")
    {
        let query = object.get("query").and_then(serde_json::Value::as_str);
        match state.persisted.resolve(query, object.get("extensions")) {
            Ok(Some(query)) => {
                object.insert("query".to_owned(), serde_json::Value::String(query));
            }
            Ok(None) => {}
            Err(refusal) => return persisted_refused(refusal),
        }
    }
    let graphql_request: async_graphql::Request = match serde_json::from_value(value) {
        Ok(request) => request,
        Err(_) => {
            return transport_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "expected {\"query\": string, \"variables\"?: object, \"operationName\"?: string}",
            );
        }
    };
    if let Err(refusal) = plaza_graphql::prescan::prescan_document(&graphql_request.query) {
        return refused(&refusal, request.headers());
    }
    execute(&state, &auth, request.headers(), graphql_request, true).await
}

/// A persisted query that cannot run. An unknown hash is answered 200, as Apollo's protocol
/// expects (the client then sends the document); the others are bad requests.
fn persisted_refused(refusal: crate::persisted::Refusal) -> Response {
    let (code, message) = refusal.code_and_message();
    let status = match refusal {
        crate::persisted::Refusal::NotFound => StatusCode::OK,
        _ => StatusCode::BAD_REQUEST,
    };
    transport_error(status, code, message)
}

/// A request the pre-scan refused: 400 whatever media type was asked for (nothing was parsed),
/// in the language the client asks for.
fn refused(refusal: &plaza_graphql::prescan::Refusal, headers: &HeaderMap) -> Response {
    let message = plaza_domain::messages::localize(&refusal.message, request_lang(headers));
    transport_error(StatusCode::BAD_REQUEST, refusal.code, &message)
}

/// The language of `Accept-Language` among those the message catalogue knows (English else).
fn request_lang(headers: &HeaderMap) -> plaza_domain::messages::Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map_or(
            plaza_domain::messages::Lang::En,
            plaza_domain::messages::Lang::from_accept_language,
        )
}

/// The content language of `Accept-Language` (the interface language the web app sends), which
/// search reads queries in too.
fn reader_language(headers: &HeaderMap) -> Option<plaza_domain::content::Language> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(plaza_domain::content::Language::from_accept_language)
}

/// Past this many bytes an oversized body is no longer drained: the connection is dropped.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// The longest a request body may take to arrive.
const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

enum BodyRead {
    Complete(Vec<u8>),
    TooLarge,
    Failed,
    TimedOut,
}

/// Reads at most `limit` bytes. An oversized body is drained (up to [`DRAIN_LIMIT`]) and
/// discarded before answering, so the client reads the 413 instead of a broken connection.
async fn read_limited(body: Body, limit: usize) -> BodyRead {
    use futures::StreamExt;
    let mut stream = std::pin::pin!(body.into_bytes_stream());
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return if seen > limit {
                BodyRead::TooLarge
            } else {
                BodyRead::Failed
            };
        };
        seen = seen.saturating_add(chunk.len());
        if seen <= limit {
            kept.extend_from_slice(&chunk);
        } else if seen > DRAIN_LIMIT {
            return BodyRead::TooLarge;
        }
    }
    if seen > limit {
        BodyRead::TooLarge
    } else {
        BodyRead::Complete(kept)
    }
}

/// Query parameters of GET /graphql.
#[derive(Debug, serde::Deserialize)]
struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
    /// JSON: `{"persistedQuery": {"version": 1, "sha256Hash": "…"}}` (then `query` may be left out).
    extensions: Option<String>,
}

/// GET /graphql: subscriptions over WebSocket when upgrading; GraphiQL for browsers; queries
/// (never mutations) for API clients.
#[handler]
async fn graphql_get(
    request: &Request,
    websocket: Option<poem::web::websocket::WebSocket>,
    state: Data<&AppState>,
    auth: Data<&Arc<Auth>>,
    origins: Data<&Arc<crate::cors::AllowedOrigins>>,
    web: Data<&crate::web::WebDir>,
) -> Response {
    if let Some(websocket) = websocket {
        return crate::ws::upgrade(&state, &auth, &origins, request.headers(), websocket).await;
    }
    let params = Query::<GetParams>::from_request_without_body(request)
        .await
        .map(|q| q.0)
        .ok();
    let accepts_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let Some(mut params) = params.filter(|p| p.query.is_some() || p.extensions.is_some()) else {
        if accepts_html {
            return match crate::web::graphiql(request, &web).await {
                Some(page) => page,
                None => Html(
                    "<!doctype html><title>Plaza GraphQL</title><p>GraphiQL is part of the web app, which this \
                     binary was built without (build it with <code>infra/web.sh build</code>). POST \
                     application/json to this URL, or GET it with a <code>query</code> parameter.</p>",
                )
                .into_response(),
            };
        }
        return transport_error(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "give a query parameter, or POST application/json",
        );
    };
    if let Some(extensions) = params.extensions.take() {
        if let Err(refusal) = plaza_graphql::prescan::prescan_json(extensions.as_bytes(), 0) {
            return refused(&refusal, request.headers());
        }
        let Ok(extensions) = serde_json::from_str::<serde_json::Value>(&extensions) else {
            return transport_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "extensions must be a JSON object",
            );
        };
        match state.persisted.resolve(params.query.as_deref(), Some(&extensions)) {
            Ok(query) => params.query = query,
            Err(refusal) => return persisted_refused(refusal),
        }
    }
    let query = params.query.unwrap_or_default();
    // Before anything parses the document (the mutation check below does).
    if let Err(refusal) = plaza_graphql::prescan::prescan_document(&query).and_then(|()| {
        params.variables.as_deref().map_or(Ok(()), |variables| {
            plaza_graphql::prescan::prescan_json(variables.as_bytes(), 0)
        })
    }) {
        return refused(&refusal, request.headers());
    }
    if is_mutation(&query, params.operation_name.as_deref()) {
        return transport_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "mutations must be sent with POST",
        )
        .with_header(header::ALLOW, "POST")
        .into_response();
    }
    let variables = match params
        .variables
        .as_deref()
        .map(serde_json::from_str::<serde_json::Value>)
    {
        None => async_graphql::Variables::default(),
        Some(Ok(value)) => async_graphql::Variables::from_json(value),
        Some(Err(_)) => {
            return transport_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "variables must be a JSON object",
            );
        }
    };
    let mut graphql_request = async_graphql::Request::new(query).variables(variables);
    if let Some(name) = params.operation_name {
        graphql_request = graphql_request.operation_name(name);
    }
    execute(&state, &auth, request.headers(), graphql_request, false).await
}

/// Whether the operation a GET would run is a mutation (unparsable queries are left to the
/// executor, which reports them properly).
fn is_mutation(query: &str, operation_name: Option<&str>) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(document) = async_graphql::parser::parse_query(query) else {
        return false;
    };
    match &document.operations {
        DocumentOperations::Single(operation) => operation.node.ty == OperationType::Mutation,
        DocumentOperations::Multiple(operations) => operations.iter().any(|(name, operation)| {
            operation.node.ty == OperationType::Mutation && operation_name.is_none_or(|wanted| name.as_str() == wanted)
        }),
    }
}
