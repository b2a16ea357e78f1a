//! Search through the API, on the demo network: relevance in Spanish, Catalan and English,
//! operators, facets, typeahead, related items, read-your-writes, catch-up after a restart,
//! and the audience on every path.

use plaza_blackbox::{TestApp, cli_ok, error_code};
use serde_json::{Value, json};

const SEARCH: &str = "query($q: String!, $filter: SearchFilterInput) { search(query: $q, filter: $filter, first: 10) { totalCount edges { node { kind title score snippet { html } item { ... on CaseStudy { id visibility } ... on Practice { id } ... on Guideline { id } } } } facets { name values { value count } } } }";

fn titles(body: &Value) -> Vec<String> {
    body["data"]["search"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .map(|e| e["node"]["title"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn facet(body: &Value, name: &str, value: &str) -> u64 {
    body["data"]["search"]["facets"]
        .as_array()
        .and_then(|facets| facets.iter().find(|f| f["name"] == name))
        .and_then(|f| f["values"].as_array())
        .and_then(|values| values.iter().find(|v| v["value"] == value))
        .and_then(|v| v["count"].as_u64())
        .unwrap_or(0)
}

async fn demo_with_tokens() -> (TestApp, String, String) {
    let data = TestApp::data_dir();
    cli_ok(data.path(), &["seed-demo"]);
    let vallverde = cli_ok(
        data.path(),
        &[
            "token",
            "issue",
            "--member",
            "pablo.ruiz@vallverde.example",
            "--scope",
            "write",
        ],
    )
    .trim()
    .to_owned();
    let sierra = cli_ok(
        data.path(),
        &[
            "token",
            "issue",
            "--member",
            "marta.gil@sierraalta.example",
            "--scope",
            "write",
        ],
    )
    .trim()
    .to_owned();
    (TestApp::start(data, &[]).await, vallverde, sierra)
}

#[tokio::test]
async fn people_find_the_right_case_in_their_own_words_and_languages() {
    let (app, _, _) = demo_with_tokens().await;
    let ask = |q: &'static str| app.graphql(SEARCH, json!({ "q": q }), None);

    let (status, body) = ask("como reducir llamadas con whatsapp ayuntamiento").await;
    assert_eq!(status, 200, "{body}");
    assert!(titles(&body)[0].contains("WhatsApp"), "{:?}", titles(&body));
    let (_, body) = ask("subvencion").await;
    assert!(
        titles(&body)
            .iter()
            .any(|t| t.contains("Subvenciones") || t.contains("subvenciones") || t.contains("TikTok")),
        "{:?}",
        titles(&body)
    );
    let (_, body) = ask("plataforma:tiktok nivel:local").await;
    assert!(
        titles(&body).iter().all(|t| t.contains("TikTok")) && !titles(&body).is_empty(),
        "{:?}",
        titles(&body)
    );
    let (_, body) = ask("pressupostos participatius").await;
    assert!(titles(&body)[0].contains("Pressupostos"), "{:?}", titles(&body));
    let (_, body) = ask("social media registry").await;
    assert!(
        titles(&body)
            .iter()
            .take(3)
            .any(|t| t.contains("Social Media Registry")),
        "{:?}",
        titles(&body)
    );
    let (_, body) = ask("inundaciones telegram").await;
    assert!(titles(&body)[0].contains("inundaciones"), "{:?}", titles(&body));
    let (_, body) = ask("vacinação whatsapp").await;
    assert!(titles(&body)[0].contains("vacinação"), "{:?}", titles(&body));
    let (_, body) = ask("canal de whatsapp").await;
    let snippet = body["data"]["search"]["edges"][0]["node"]["snippet"]["html"]
        .as_str()
        .unwrap_or_default();
    assert!(snippet.to_lowercase().contains("<mark>whatsapp</mark>"), "{snippet}");

    for garbage in ["\"", "tipo:", "-", "antes:ayer", "((((", "plataforma:\"", "\u{1F600}"] {
        let (status, body) = ask(garbage).await;
        assert_eq!(status, 200, "{garbage}: {body}");
        assert!(body["errors"].is_null(), "{garbage}: {body}");
    }
}

#[tokio::test]
async fn an_agency_only_case_never_shows_outside_its_agency_in_any_search_path() {
    let (app, vallverde, sierra) = demo_with_tokens().await;
    let internal_title = "Escucha activa en redes para priorizar el mantenimiento urbano (uso interno)";
    for (viewer, token, sees) in [
        ("anonymous", None, false),
        ("other agency", Some(sierra.as_str()), false),
        ("own agency", Some(vallverde.as_str()), true),
    ] {
        let (_, body) = app
            .graphql(SEARCH, json!({ "q": "escucha activa mantenimiento brigadas" }), token)
            .await;
        assert_eq!(
            titles(&body).iter().any(|t| t == internal_title),
            sees,
            "{viewer}: {:?}",
            titles(&body)
        );
        let (_, everything) = app
            .graphql(
                SEARCH,
                // Content types only: the lists compared below are those of content.
                json!({ "q": "", "filter": { "agencies": ["demo-ayto-vallverde"], "types": ["case_study", "practice", "guideline"] } }),
                token,
            )
            .await;
        let visible_count = everything["data"]["search"]["totalCount"].as_u64().unwrap_or(0);
        let (_, listed) = app.graphql("{ caseStudies(first: 100, filter: { agency: \"demo-ayto-vallverde\" }) { totalCount } practices(first: 1, filter: { agency: \"demo-ayto-vallverde\" }) { totalCount } guidelines(first: 1, filter: { agency: \"demo-ayto-vallverde\" }) { totalCount } }", json!({}), token).await;
        let list_count: u64 = ["caseStudies", "practices", "guidelines"]
            .iter()
            .map(|k| listed["data"][k]["totalCount"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(
            visible_count, list_count,
            "{viewer}: search total equals what lists show"
        );
        assert_eq!(
            facet(&everything, "objective", "conversation") > 0,
            sees,
            "{viewer}: the internal case's objective counts only inside"
        );
        let (_, suggested) = app
            .graphql("{ suggest(prefix: \"escucha act\") { title } }", json!({}), token)
            .await;
        let suggestions: Vec<&str> = suggested["data"]["suggest"]
            .as_array()
            .map(|s| s.iter().filter_map(|x| x["title"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(suggestions.contains(&internal_title), sees, "{viewer}: {suggested}");
    }
}

#[tokio::test]
async fn a_published_case_is_searchable_as_soon_as_the_mutation_answers_and_after_a_restart() {
    let (app, vallverde, _) = demo_with_tokens().await;
    let create = "mutation { createCaseStudy(input: { title: \"Chatbot zumbador para la biblioteca\", objectives: [\"citizen_service\"], platforms: [\"telegram\"], visibility: PUBLIC }) { caseStudy { id } } }";
    let (_, created) = app.graphql(create, json!({}), Some(&vallverde)).await;
    let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let (_, draft) = app.graphql(SEARCH, json!({ "q": "zumbador" }), Some(&vallverde)).await;
    assert_eq!(draft["data"]["search"]["totalCount"], 0, "drafts are not searchable");
    let publish = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";
    app.graphql(publish, json!({ "id": id }), Some(&vallverde)).await;
    let (_, found) = app.graphql(SEARCH, json!({ "q": "zumbador" }), None).await;
    assert_eq!(found["data"]["search"]["totalCount"], 1, "{found}");

    let (_, related) = app
        .graphql(
            "query($id: ID!) { related(id: $id, first: 5) { title } }",
            json!({ "id": id }),
            None,
        )
        .await;
    assert!(related["errors"].is_null(), "{related}");

    let withdraw = "mutation($id: ID!) { withdrawCaseStudy(input: { id: $id }) { caseStudy { status } } }";
    app.graphql(withdraw, json!({ "id": id }), Some(&vallverde)).await;
    let (_, gone) = app.graphql(SEARCH, json!({ "q": "zumbador" }), None).await;
    assert_eq!(
        gone["data"]["search"]["totalCount"], 0,
        "withdrawn items leave the index"
    );

    // A write made while the server is down (an import) is caught up at the next start.
    let data = app.stop();
    let file = data.path().join("extra.jsonl");
    let record = json!({"type": "practice", "external_id": "extra-1", "agency": "demo-ayto-vallverde", "title": "Responder en menos de una hora con plantillas cortisimas", "body": "Plantillas de respuesta.", "visibility": "public"});
    std::fs::write(&file, format!("{record}\n")).expect("write");
    cli_ok(data.path(), &["import", file.to_str().expect("path")]);
    let app = TestApp::start(data, &[]).await;
    let (_, caught_up) = app.graphql(SEARCH, json!({ "q": "cortisimas" }), None).await;
    assert_eq!(caught_up["data"]["search"]["totalCount"], 1, "{caught_up}");
    let (_, still) = app.graphql(SEARCH, json!({ "q": "whatsapp" }), None).await;
    assert!(still["data"]["search"]["totalCount"].as_u64().unwrap_or(0) > 0);
}

#[tokio::test]
async fn reindex_rebuilds_beside_the_live_index_and_search_limits_are_enforced() {
    let data = TestApp::data_dir();
    cli_ok(data.path(), &["seed-demo"]);
    let output = cli_ok(data.path(), &["reindex"]);
    assert!(output.contains("searchable documents"), "{output}");
    let app = TestApp::start(data, &[]).await;
    let (_, body) = app.graphql(SEARCH, json!({ "q": "whatsapp" }), None).await;
    assert!(body["data"]["search"]["totalCount"].as_u64().unwrap_or(0) > 0, "{body}");
    let (_, too_many) = app
        .graphql("{ search(query: \"x\", first: 1000) { totalCount } }", json!({}), None)
        .await;
    assert_eq!(error_code(&too_many), Some("BAD_USER_INPUT"));
    let (_, bad_cursor) = app
        .graphql(
            "{ search(query: \"x\", after: \"nope\") { totalCount } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(error_code(&bad_cursor), Some("BAD_USER_INPUT"));
}

#[tokio::test]
async fn the_interface_language_the_browser_sends_is_read_as_a_query_language() {
    // One word says too little for the language detector; the web app sends its interface
    // language as Accept-Language, and search trusts that language's stems as much as the
    // detected one's. The Catalan practice on accessible posts scores higher for a reader with
    // the Catalan interface than for one with the Spanish interface.
    let app = TestApp::with_demo().await;
    let query = "query($q: String!) { search(query: $q, first: 10) { edges { node { title score } } } }";
    let score = |language: &'static str| {
        let app = &app;
        async move {
            let response = app
                .http
                .post(format!("{}/graphql", app.address))
                .header("accept-language", language)
                .json(&json!({ "query": query, "variables": { "q": "publicació" } }))
                .send()
                .await
                .expect("request");
            let body: Value = response.json().await.expect("json");
            body["data"]["search"]["edges"]
                .as_array()
                .and_then(|edges| {
                    edges.iter().find(|e| {
                        e["node"]["title"]
                            .as_str()
                            .is_some_and(|t| t.starts_with("Publicacions accessibles"))
                    })
                })
                .and_then(|e| e["node"]["score"].as_f64())
                .unwrap_or_else(|| panic!("the Catalan practice is not found with {language}: {body}"))
        }
    };
    let catalan = score("ca-ES,ca;q=0.9").await;
    let spanish = score("es-ES,es;q=0.9").await;
    assert!(
        catalan > spanish,
        "Catalan interface {catalan}, Spanish interface {spanish}"
    );
}
