//! Persisted queries over HTTP: the Automatic Persisted Queries exchange (hash, not found,
//! hash and document, then hash alone, by POST and by GET), hashes checked, and trusted
//! documents binding API tokens while the web app (cookies, anonymous) is unaffected.

use plaza_blackbox::{TestApp, two_agencies};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

fn sha256(document: &str) -> String {
    hex::encode(Sha256::digest(document.as_bytes()))
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

async fn post(app: &TestApp, body: Value, token: Option<&str>) -> (u16, Value) {
    let mut request = app.http.post(format!("{}/graphql", app.address)).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

const DOCUMENT: &str = "query Kinds($first: Int) { caseStudies(first: $first) { totalCount } }";

#[tokio::test]
async fn a_hash_is_asked_for_its_document_once_then_runs_alone_by_post_and_get() {
    let app = TestApp::start(TestApp::data_dir(), &[]).await;
    let hash = sha256(DOCUMENT);
    let variables = json!({ "first": 1 });
    let (status, unknown) = post(
        &app,
        json!({ "variables": variables, "extensions": persisted(&hash) }),
        None,
    )
    .await;
    assert_eq!(status, 200, "{unknown}");
    assert_eq!(code(&unknown), Some("PERSISTED_QUERY_NOT_FOUND"), "{unknown}");
    assert_eq!(unknown["errors"][0]["message"], "PersistedQueryNotFound");
    let (status, wrong) = post(
        &app,
        json!({ "query": "{ __typename }", "extensions": persisted(&hash) }),
        None,
    )
    .await;
    assert_eq!(
        (status, code(&wrong)),
        (400, Some("PERSISTED_QUERY_HASH_MISMATCH")),
        "{wrong}"
    );
    let (status, malformed) = post(
        &app,
        json!({ "query": DOCUMENT, "extensions": { "persistedQuery": { "version": 2, "sha256Hash": hash } } }),
        None,
    )
    .await;
    assert_eq!((status, code(&malformed)), (400, Some("BAD_REQUEST")), "{malformed}");
    let (status, registered) = post(
        &app,
        json!({ "query": DOCUMENT, "variables": variables, "extensions": persisted(&hash) }),
        None,
    )
    .await;
    assert_eq!(status, 200, "{registered}");
    assert!(
        registered["data"]["caseStudies"]["totalCount"].is_number(),
        "{registered}"
    );
    let (status, alone) = post(
        &app,
        json!({ "variables": variables, "extensions": persisted(&hash) }),
        None,
    )
    .await;
    assert_eq!(status, 200, "{alone}");
    assert_eq!(alone["data"], registered["data"], "{alone}");
    // GET with the hash and variables only: a URL an intranet proxy can cache.
    let response = app
        .http
        .get(format!("{}/graphql", app.address))
        .header("accept", "application/json")
        .query(&[
            ("extensions", persisted(&hash).to_string()),
            ("variables", variables.to_string()),
        ])
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"], registered["data"], "{body}");
}

#[tokio::test]
async fn trusted_documents_bind_api_tokens_and_leave_the_web_app_alone() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let trusted = "query Signed { viewer { signedIn } }";
    let manifest = data.path().join("documents.json");
    std::fs::write(&manifest, json!({ sha256(trusted): trusted }).to_string()).unwrap();
    let manifest = manifest.display().to_string();
    let app = TestApp::start_with(
        data,
        &[],
        &[
            ("PLAZA_TRUSTED_DOCUMENTS", manifest.as_str()),
            ("PLAZA_TRUSTED_DOCUMENTS_ONLY", "1"),
        ],
        None,
    )
    .await;
    let token = tokens["member_a"].as_str();
    // By hash, with no registration: the manifest is known from the start.
    let (status, by_hash) = post(&app, json!({ "extensions": persisted(&sha256(trusted)) }), Some(token)).await;
    assert_eq!(status, 200, "{by_hash}");
    assert_eq!(by_hash["data"]["viewer"]["signedIn"], true, "{by_hash}");
    // The same document as text is trusted too; any other is refused to a token.
    let (status, as_text) = post(&app, json!({ "query": trusted }), Some(token)).await;
    assert_eq!(
        (status, as_text["data"]["viewer"]["signedIn"].clone()),
        (200, json!(true)),
        "{as_text}"
    );
    let other = "{ caseStudies(first: 1) { totalCount } }";
    let (status, refused) = post(&app, json!({ "query": other }), Some(token)).await;
    assert_eq!(
        (status, code(&refused)),
        (400, Some("PERSISTED_QUERY_NOT_ALLOWED")),
        "{refused}"
    );
    // Registering a new document does not make it trusted.
    let (_, registered) = post(
        &app,
        json!({ "query": other, "extensions": persisted(&sha256(other)) }),
        Some(token),
    )
    .await;
    assert_eq!(code(&registered), Some("PERSISTED_QUERY_NOT_ALLOWED"), "{registered}");
    // Without a token (a visitor, the web app) any document runs.
    let (status, anonymous) = post(&app, json!({ "query": other }), None).await;
    assert_eq!(status, 200, "{anonymous}");
    assert!(
        anonymous["data"]["caseStudies"]["totalCount"].is_number(),
        "{anonymous}"
    );
}
