//! Moderation of case studies, practices and guidelines: any reader of a published item may
//! report it; its agency's moderators see the report in their queue (nobody else's), hide it
//! with a reason (it leaves every public path) and restore it; its authors read the reason and
//! cannot publish it again themselves; everything is audited.

use plaza_blackbox::{TestApp, agency_admin, error_code, error_field, ok, two_agencies};
use serde_json::{Value, json};

const REPORT: &str = "mutation($id: ID!, $reason: String!) { reportPost(targetId: $id, reason: $reason) }";
const HIDE: &str = "mutation($id: ID!, $reason: String!) { hidePost(targetId: $id, reason: $reason) }";
const RESTORE: &str = "mutation($id: ID!, $reason: String!) { restorePost(targetId: $id, reason: $reason) }";
const QUEUE: &str = "{ moderationQueue { reason targetId discussion { id } content { id kind title } } }";
const READ: &str = "query($id: ID!) { node(id: $id) { ... on CaseStudy { title status hiddenReason } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";

#[tokio::test]
async fn a_reported_case_is_hidden_by_its_agencys_moderator_and_restored() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let admin_a = agency_admin(data.path(), "agency-a", "admin@a.example");
    let admin_b = agency_admin(data.path(), "agency-b", "admin@b.example");
    let app = TestApp::start(data, &[]).await;
    let (editor_a, member_b) = (tokens["editor_a"].as_str(), tokens["member_b"].as_str());
    let case = app
        .published_case(editor_a, "Caso zqxdenunciado", "PUBLIC", "tiktok")
        .await;
    let vars = |reason: &str| json!({ "id": case, "reason": reason });

    // A reader from another agency reports it; an empty reason is refused.
    let (_, body) = app.graphql(REPORT, vars(" "), Some(member_b)).await;
    assert_eq!(error_field(&body), Some("reason"), "{body}");
    ok(
        &app,
        REPORT,
        vars("Publica datos personales de un vecino"),
        Some(member_b),
    )
    .await;

    // Agency A's admin sees it in the queue; agency B's admin does not.
    let queue = ok(&app, QUEUE, json!({}), Some(&admin_a)).await;
    let report = &queue["moderationQueue"][0];
    assert_eq!(report["content"]["title"], "Caso zqxdenunciado", "{queue}");
    assert_eq!(report["content"]["kind"], "case_study");
    assert!(report["discussion"].is_null());
    let other = ok(&app, QUEUE, json!({}), Some(&admin_b)).await;
    assert_eq!(other["moderationQueue"], json!([]), "{other}");

    // Only its moderators hide it.
    let (_, body) = app.graphql(HIDE, vars("Datos personales"), Some(&admin_b)).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let (_, body) = app.graphql(HIDE, vars("Datos personales"), Some(member_b)).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    ok(
        &app,
        HIDE,
        vars("Datos personales de un vecino en la foto"),
        Some(&admin_a),
    )
    .await;

    // Hidden: gone for readers (node, search), the report closed; its author reads why and
    // cannot publish it again; the reporter cannot see the reason.
    let anonymous = ok(&app, READ, json!({ "id": case }), None).await;
    assert!(anonymous["node"].is_null(), "{anonymous}");
    let search = "{ search(query: \"zqxdenunciado\") { totalCount } }";
    let mut found = Value::Null;
    for _ in 0..50 {
        found = ok(&app, search, json!({}), Some(member_b)).await;
        if found["search"]["totalCount"] == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(found["search"]["totalCount"], 0, "{found}");
    assert_eq!(
        ok(&app, QUEUE, json!({}), Some(&admin_a)).await["moderationQueue"],
        json!([])
    );
    let author = ok(&app, READ, json!({ "id": case }), Some(editor_a)).await;
    assert_eq!(author["node"]["status"], "WITHDRAWN", "{author}");
    assert_eq!(
        author["node"]["hiddenReason"],
        "Datos personales de un vecino en la foto"
    );
    let (_, body) = app.graphql(PUBLISH, json!({ "id": case }), Some(editor_a)).await;
    assert_eq!(error_field(&body), Some("id"), "the author cannot undo it: {body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("moderators hid it"),
        "{body}"
    );
    // A hidden item cannot be reported again.
    let (_, body) = app.graphql(REPORT, vars("otra vez"), Some(member_b)).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");

    // Restored: public again, the reason gone; both actions are in the agency's log.
    ok(&app, RESTORE, vars("Foto sustituida por el autor"), Some(&admin_a)).await;
    let anonymous = ok(&app, READ, json!({ "id": case }), None).await;
    assert_eq!(anonymous["node"]["status"], "PUBLISHED", "{anonymous}");
    assert!(anonymous["node"]["hiddenReason"].is_null());
    let author = ok(&app, READ, json!({ "id": case }), Some(editor_a)).await;
    assert!(author["node"]["hiddenReason"].is_null(), "{author}");
    let log = ok(
        &app,
        "{ auditLog { action targetId reason } }",
        json!({}),
        Some(&admin_a),
    )
    .await;
    let actions: Vec<(&str, &str)> = log["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["targetId"] == json!(case))
        .map(|entry| (entry["action"].as_str().unwrap(), entry["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("restore", "Foto sustituida por el autor"),
            ("hide", "Datos personales de un vecino en la foto")
        ],
        "{log}"
    );
    let theirs = ok(&app, "{ auditLog { targetId } }", json!({}), Some(&admin_b)).await;
    assert!(!theirs.to_string().contains(&case), "{theirs}");

    // Only what is published is hidden, and restoring never publishes a draft.
    let create = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
    let input = json!({ "title": "Borrador zqx", "summary": "Aún no", "objectives": ["citizen_service"], "platforms": ["x"], "visibility": "NETWORK" });
    let draft =
        ok(&app, create, json!({ "input": input }), Some(editor_a)).await["createCaseStudy"]["caseStudy"]["id"].clone();
    let (_, body) = app
        .graphql(HIDE, json!({ "id": draft, "reason": "x" }), Some(&admin_a))
        .await;
    assert_eq!(error_field(&body), Some("targetId"), "{body}");
    ok(
        &app,
        RESTORE,
        json!({ "id": draft, "reason": "nada que restaurar" }),
        Some(&admin_a),
    )
    .await;
    let still = ok(&app, READ, json!({ "id": draft }), Some(editor_a)).await;
    assert_eq!(still["node"]["status"], "DRAFT", "{still}");
}
