//! GraphQL over HTTP as clients meet it: GraphiQL, GET queries, media types, health checks and
//! the demo network.

use plaza_blackbox::{TestApp, error_code};
use serde_json::json;

#[tokio::test]
async fn the_demo_network_answers_the_first_query_in_spanish_and_other_languages() {
    let app = TestApp::with_demo().await;
    let query = "{ caseStudies(first: 100) { totalCount edges { node { id title language agency { name } } } } }";
    let (status, body) = app.graphql(query, json!({}), None).await;
    assert_eq!(status, 200, "{body}");
    let connection = &body["data"]["caseStudies"];
    assert!(connection["totalCount"].as_u64().unwrap_or(0) >= 15, "{body}");
    let languages: std::collections::BTreeSet<&str> = connection["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(|edge| edge["node"]["language"].as_str())
        .collect();
    for language in ["es", "ca", "en", "pt"] {
        assert!(languages.contains(language), "no {language} case in {languages:?}");
    }
    assert!(connection["edges"][0]["node"]["agency"]["name"].is_string());

    let (_, guidelines) = app
        .graphql(
            "{ guidelines(first: 10) { totalCount nodes { title language currentVersionNumber } } }",
            json!({}),
            None,
        )
        .await;
    assert!(
        guidelines["data"]["guidelines"]["totalCount"].as_u64().unwrap_or(0) >= 5,
        "{guidelines}"
    );
    let (_, practices) = app
        .graphql(
            "{ practices(first: 5, filter: { language: \"es\" }) { totalCount } }",
            json!({}),
            None,
        )
        .await;
    assert!(
        practices["data"]["practices"]["totalCount"].as_u64().unwrap_or(0) >= 5,
        "{practices}"
    );
}

#[tokio::test]
async fn browsers_get_graphiql_and_clients_may_query_but_not_mutate_over_get() {
    let app = TestApp::start(TestApp::data_dir(), &[]).await;
    let page = app
        .http
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .expect("get");
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.text()
            .await
            .unwrap_or_default()
            .to_lowercase()
            .contains("graphiql")
    );

    let query = app
        .http
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "{ viewer { signedIn } }")])
        .send()
        .await
        .expect("get query");
    assert_eq!(query.status().as_u16(), 200);
    let body: serde_json::Value = query.json().await.expect("json");
    assert_eq!(body["data"]["viewer"]["signedIn"], false);

    let mutation = app
        .http
        .get(format!("{}/graphql", app.address))
        .query(&[(
            "query",
            "mutation { publishCaseStudy(input: {id: \"x\"}) { caseStudy { id } } }",
        )])
        .send()
        .await
        .expect("get mutation");
    assert_eq!(mutation.status().as_u16(), 405);
}

#[tokio::test]
async fn the_graphql_response_media_type_gets_spec_status_codes() {
    let app = TestApp::start(TestApp::data_dir(), &[]).await;
    let send = |query: &'static str| {
        app.http
            .post(format!("{}/graphql", app.address))
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": query }))
            .send()
    };
    let ok = send("{ viewer { signedIn } }").await.expect("ok");
    assert_eq!(ok.status().as_u16(), 200);
    assert!(
        ok.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("application/graphql-response+json")
    );
    let invalid = send("{ noSuchField }").await.expect("invalid");
    assert_eq!(invalid.status().as_u16(), 400);
    let body: serde_json::Value = invalid.json().await.expect("json");
    assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"));
    assert!(body.get("data").is_none(), "a request error has no data entry: {body}");
    let syntax = send("{ viewer { ").await.expect("syntax");
    assert_eq!(syntax.status().as_u16(), 400);
    // A field error that nulls the result was executed: 200, with `data: null` and the error.
    let refused =
        send("mutation { createCaseStudy(input: {title: \"x\", objectives: [], platforms: []}) { caseStudy { id } } }")
            .await
            .expect("refused");
    assert_eq!(refused.status().as_u16(), 200);
    let body: serde_json::Value = refused.json().await.expect("json");
    assert!(body["data"].is_null() && body.get("data").is_some(), "{body}");
    assert!(error_code(&body).is_some(), "{body}");
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::start(TestApp::data_dir(), &[]).await;
    let health = app
        .http
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status().as_u16(), 200);
    assert!(app.is_ready().await);
    for path in ["/assets/nope.js", "/auth/nope", "/demo-idp/jwks"] {
        let missing = app
            .http
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("404");
        assert_eq!(missing.status().as_u16(), 404, "{path}");
    }
}

#[tokio::test]
async fn taxonomies_list_stable_codes_with_labels_in_the_interface_languages() {
    let app = TestApp::start(TestApp::data_dir(), &[]).await;
    let (_, body) = app
        .graphql(
            "{ taxonomies { objectives { code es: label en: label(language: EN) ca: label(language: CA) pt: label(language: PT) } platforms { code } units { code ca: label(language: CA) } } }",
            json!({}),
            None,
        )
        .await;
    let objectives = body["data"]["taxonomies"]["objectives"].as_array().expect("objectives");
    assert_eq!(objectives.len(), 10);
    let service = objectives
        .iter()
        .find(|o| o["code"] == "citizen_service")
        .expect("citizen_service");
    assert_eq!(service["es"], "Atención a la ciudadanía");
    assert_eq!(service["en"], "Citizen service");
    assert_eq!(service["ca"], "Atenció a la ciutadania");
    assert_eq!(service["pt"], "Atendimento ao cidadão");
    let units = body["data"]["taxonomies"]["units"].as_array().expect("units");
    let hours = units.iter().find(|u| u["code"] == "hours").expect("hours");
    assert_eq!(hours["ca"], "Hores");
}

#[tokio::test]
async fn paging_with_cursors_visits_every_visible_case_once_and_bad_cursors_are_bad_input() {
    let app = TestApp::with_demo().await;
    let query = "query($after: String) { caseStudies(first: 6, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }";
    let mut seen = Vec::new();
    let mut after = serde_json::Value::Null;
    let mut total = 0;
    for _ in 0..20 {
        let (_, body) = app.graphql(query, json!({ "after": after }), None).await;
        let connection = &body["data"]["caseStudies"];
        total = connection["totalCount"].as_u64().expect("totalCount");
        for edge in connection["edges"].as_array().expect("edges") {
            seen.push(edge["node"]["id"].as_str().expect("id").to_owned());
        }
        if connection["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = connection["pageInfo"]["endCursor"].clone();
    }
    let unique: std::collections::BTreeSet<&String> = seen.iter().collect();
    assert_eq!(seen.len() as u64, total);
    assert_eq!(unique.len(), seen.len());

    for bad in ["not-a-cursor", "Y3Vyc29yOjEyMy5ub3BlJyk=", ""] {
        let (_, body) = app.graphql(query, json!({ "after": bad }), None).await;
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{bad}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "after");
    }
}
