//! Abuse: deep queries, many aliases, huge pages, huge bodies, wrong content types. Each is
//! refused with a clear error and the server keeps serving.

use plaza_blackbox::{TestApp, error_code};
use serde_json::json;

#[tokio::test]
async fn abusive_requests_are_refused_and_the_server_stays_healthy() {
    let app = TestApp::start(TestApp::data_dir(), &[]).await;

    let mut deep = String::from("__typename");
    // Deeper than the depth limit (15), within the pre-scan's bracket nesting (32).
    for _ in 0..20 {
        deep = format!("ofType {{ {deep} }}");
    }
    let deep_query = format!("{{ __type(name: \"CaseStudy\") {{ fields {{ type {{ {deep} }} }} }} }}");
    let (_, body) = app.graphql(&deep_query, json!({}), None).await;
    assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "depth: {body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default().to_lowercase();
    assert!(message.contains("deep") || message.contains("depth"), "{body}");

    let aliases: String = (0..100).map(|i| format!("a{i}: viewer {{ signedIn }} ")).collect();
    let (_, body) = app.graphql(&format!("{{ {aliases} }}"), json!({}), None).await;
    assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "aliases: {body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("aliases")
    );

    let (_, body) = app
        .graphql("{ caseStudies(first: 100000) { totalCount } }", json!({}), None)
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "page size: {body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "first");

    let huge = format!(
        "{{\"query\": \"{{ viewer {{ signedIn }} }}\", \"variables\": {{ \"x\": \"{}\" }} }}",
        "a".repeat(5 * 1024 * 1024)
    );
    let (status, body) = app.post_raw("application/json", huge.into_bytes()).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(error_code(&body), Some("PAYLOAD_TOO_LARGE"));

    let (status, body) = app.post_raw("text/plain", br#"{"query":"mutation { createCaseStudy(input: {title: \"x\", objectives: [\"brand\"]}) { caseStudy { id } } }"}"#.to_vec()).await;
    assert_eq!(status, 415, "{body}");
    assert_eq!(error_code(&body), Some("UNSUPPORTED_MEDIA_TYPE"));

    let (status, body) = app
        .post_raw(
            "application/json",
            b"[{\"query\":\"{ viewer { signedIn } }\"}]".to_vec(),
        )
        .await;
    assert_eq!(status, 400, "batching: {body}");

    let (status, body) = app.post_raw("application/json", b"{ not json".to_vec()).await;
    assert_eq!(status, 400, "{body}");

    assert!(app.is_ready().await);
    let (status, body) = app.graphql("{ viewer { signedIn } }", json!({}), None).await;
    assert_eq!(
        (status, body["data"]["viewer"]["signedIn"].as_bool()),
        (200, Some(false))
    );
}
