//! Who sees what: authentication, authorisation and audience through every read path.

use plaza_blackbox::{TestApp, error_code, two_agencies};
use serde_json::{Value, json};

pub(crate) async fn create_published(app: &TestApp, token: &str, title: &str, visibility: &str) -> String {
    let create = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
    let input = json!({ "title": title, "objectives": ["internal_communication"], "visibility": visibility });
    let (_, created) = app.graphql(create, json!({ "input": input }), Some(token)).await;
    let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let publish = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";
    let (_, published) = app.graphql(publish, json!({ "id": id }), Some(token)).await;
    assert_eq!(
        published["data"]["publishCaseStudy"]["caseStudy"]["status"],
        "PUBLISHED"
    );
    id
}

#[tokio::test]
async fn a_mutation_without_a_token_is_unauthenticated_and_a_bad_token_is_refused() {
    let data = TestApp::data_dir();
    let _tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let create = "mutation { createCaseStudy(input: { title: \"x\", objectives: [\"brand\"] }) { caseStudy { id } } }";
    let (status, body) = app.graphql(create, json!({}), None).await;
    assert_eq!(status, 200);
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");

    let (status, body) = app
        .graphql("{ viewer { signedIn } }", json!({}), Some("plz_not-a-real-token"))
        .await;
    assert_eq!(status, 401);
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));
}

#[tokio::test]
async fn an_editor_of_one_agency_cannot_edit_another_agencys_case_and_read_tokens_cannot_write() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let id = create_published(&app, &tokens["editor_b"], "Caso de B", "NETWORK").await;
    let update =
        "mutation($id: ID!) { updateCaseStudy(input: { id: $id, title: \"Secuestrado\" }) { caseStudy { title } } }";

    let (_, body) = app
        .graphql(update, json!({ "id": id }), Some(&tokens["editor_a"]))
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let (_, body) = app
        .graphql(update, json!({ "id": id }), Some(&tokens["member_b"]))
        .await;
    assert_eq!(
        error_code(&body),
        Some("FORBIDDEN"),
        "a plain member of B is not its editor: {body}"
    );

    let create = "mutation { createCaseStudy(input: { title: \"x\", objectives: [\"brand\"] }) { caseStudy { id } } }";
    let (_, body) = app.graphql(create, json!({}), Some(&tokens["reader_a"])).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");

    let (_, unchanged) = app
        .graphql(
            "query($id: ID!) { caseStudy(id: $id) { title viewerCanEdit } }",
            json!({ "id": id }),
            Some(&tokens["editor_b"]),
        )
        .await;
    assert_eq!(unchanged["data"]["caseStudy"]["title"], "Caso de B");
    assert_eq!(unchanged["data"]["caseStudy"]["viewerCanEdit"], true);
}

#[tokio::test]
async fn an_agency_visible_case_is_invisible_to_other_agencies_and_anonymous_viewers_on_every_path() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let internal = create_published(&app, &tokens["editor_a"], "Interno de A", "AGENCY").await;
    let network = create_published(&app, &tokens["editor_a"], "Red de A", "NETWORK").await;
    let public = create_published(&app, &tokens["editor_a"], "Público de A", "PUBLIC").await;

    let by_node = "query($id: ID!) { node(id: $id) { id } caseStudy(id: $id) { id } nodes(ids: [$id]) { id } }";
    let list = "{ caseStudies(first: 100) { totalCount nodes { id } } }";
    let filtered = "{ caseStudies(first: 100, filter: { agency: \"agency-a\", objective: \"internal_communication\" }) { totalCount nodes { id } } }";
    let titles = |body: &Value| -> Vec<String> {
        body["data"]["caseStudies"]["nodes"]
            .as_array()
            .map(|nodes| {
                nodes
                    .iter()
                    .map(|n| n["id"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };

    let viewers: [(&str, Option<&str>, Vec<&String>); 5] = [
        ("anonymous", None, vec![&public]),
        (
            "member of B",
            Some(tokens["member_b"].as_str()),
            vec![&network, &public],
        ),
        (
            "editor of B",
            Some(tokens["editor_b"].as_str()),
            vec![&network, &public],
        ),
        (
            "member of A",
            Some(tokens["member_a"].as_str()),
            vec![&internal, &network, &public],
        ),
        (
            "editor of A",
            Some(tokens["editor_a"].as_str()),
            vec![&internal, &network, &public],
        ),
    ];
    for (name, token, visible) in viewers {
        for query in [list, filtered] {
            let (_, body) = app.graphql(query, json!({}), token).await;
            let mut seen = titles(&body);
            let mut expected: Vec<String> = visible.iter().map(|id| (*id).clone()).collect();
            seen.sort();
            expected.sort();
            assert_eq!(seen, expected, "{name}: {body}");
            assert_eq!(
                body["data"]["caseStudies"]["totalCount"],
                expected.len(),
                "{name} totalCount"
            );
        }
        let (_, body) = app.graphql(by_node, json!({ "id": internal }), token).await;
        let can_see = visible.contains(&&internal);
        assert_eq!(body["data"]["node"].is_null(), !can_see, "{name} node: {body}");
        assert_eq!(body["data"]["caseStudy"].is_null(), !can_see, "{name} caseStudy");
        assert_eq!(body["data"]["nodes"][0].is_null(), !can_see, "{name} nodes");
    }
}
