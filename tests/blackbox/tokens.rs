//! Machine credentials: personal and agency service tokens with scopes (read public, read
//! network, write), deny by default, expiry, revocation that takes effect at once, last use.

use plaza_blackbox::{TestApp, agency_admin, cli, error_code, two_agencies};
use serde_json::{Value, json};

use crate::visibility::create_published;

const READ: &str =
    "query($ids: [ID!]!) { nodes(ids: $ids) { ... on CaseStudy { id } } caseStudies(first: 50) { totalCount } }";

/// The ids among `ids` a credential can read, and the total it is shown.
async fn readable(app: &TestApp, token: Option<&str>, ids: &[&str]) -> (Vec<String>, i64) {
    let (status, body) = app.graphql(READ, json!({ "ids": ids }), token).await;
    assert_eq!(status, 200, "{body}");
    let found = body["data"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .filter_map(|node| node["id"].as_str().map(str::to_owned))
        .collect();
    (found, body["data"]["caseStudies"]["totalCount"].as_i64().unwrap_or(-1))
}

#[tokio::test]
async fn service_tokens_read_as_their_scope_allows_and_never_write() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let admin = agency_admin(data.path(), "agency-a", "admin@a.example");
    // The command line refuses a writing service token, and defaults to the narrowest scope.
    let refused = cli(
        data.path(),
        &["token", "issue", "--agency", "agency-a", "--scope", "write"],
    );
    assert!(
        !refused.success && refused.stderr.contains("read only"),
        "{}",
        refused.stderr
    );
    let narrow = cli(data.path(), &["token", "issue", "--agency", "agency-a"]);
    assert!(
        narrow.success && narrow.stderr.contains("scope read_public"),
        "{}",
        narrow.stderr
    );
    let app = TestApp::start(data, &[]).await;

    let public = create_published(&app, &tokens["editor_a"], "Guía pública", "PUBLIC").await;
    let network = create_published(&app, &tokens["editor_b"], "Caso para la red", "NETWORK").await;
    let agency_a = create_published(&app, &tokens["editor_a"], "Interno de A", "AGENCY").await;
    let agency_b = create_published(&app, &tokens["editor_b"], "Interno de B", "AGENCY").await;
    let all = [public.as_str(), network.as_str(), agency_a.as_str(), agency_b.as_str()];

    let (_, body) = app
        .graphql("{ agency(slug: \"agency-a\") { id } }", json!({}), None)
        .await;
    let agency = body["data"]["agency"]["id"].as_str().unwrap().to_owned();
    let issue = "mutation($agency: ID!, $input: IssueTokenInput!) {
        issueServiceToken(agency: $agency, input: $input) { token apiToken { id scope active expiresAt } } }";
    let mut service = std::collections::HashMap::new();
    for scope in ["READ_PUBLIC", "READ_NETWORK"] {
        let input = json!({ "scope": scope, "label": format!("intranet {scope}"), "expiresInDays": 30 });
        let (_, body) = app
            .graphql(issue, json!({ "agency": agency, "input": input }), Some(&admin))
            .await;
        let issued = &body["data"]["issueServiceToken"];
        assert_eq!(issued["apiToken"]["scope"], scope, "{body}");
        assert_eq!(issued["apiToken"]["active"], true);
        assert!(issued["apiToken"]["expiresAt"].is_string());
        service.insert(
            scope,
            (
                issued["token"].as_str().unwrap().to_owned(),
                issued["apiToken"]["id"].clone(),
            ),
        );
    }

    // Anonymous and READ_PUBLIC read the same: public content only.
    let (anonymous, anonymous_total) = readable(&app, None, &all).await;
    assert_eq!(anonymous, vec![public.clone()]);
    let (found, total) = readable(&app, Some(&service["READ_PUBLIC"].0), &all).await;
    assert_eq!((found, total), (vec![public.clone()], anonymous_total));
    // READ_NETWORK: network content and the agency's own, never another agency's.
    let (found, _) = readable(&app, Some(&service["READ_NETWORK"].0), &all).await;
    assert_eq!(found, vec![public.clone(), network.clone(), agency_a.clone()]);
    assert!(!found.contains(&agency_b));
    // Every item carries the objective "comunicación interna", so search counts all readable.
    let search = "{ search(query: \"interna\", first: 10) { totalCount } }";
    for _ in 0..50 {
        let (_, body) = app.graphql(search, json!({}), Some(&tokens["editor_b"])).await;
        if body["data"]["search"]["totalCount"] == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (_, body) = app.graphql(search, json!({}), Some(&service["READ_NETWORK"].0)).await;
    assert_eq!(body["data"]["search"]["totalCount"], 3, "{body}");
    let (_, body) = app.graphql(search, json!({}), Some(&service["READ_PUBLIC"].0)).await;
    assert_eq!(body["data"]["search"]["totalCount"], 1, "{body}");

    // Service tokens never write, and cannot be issued with WRITE.
    let create = "mutation { createCaseStudy(input: { title: \"desde la intranet\", objectives: [\"brand\"] }) { caseStudy { id } } }";
    for (token, code) in [
        (&service["READ_NETWORK"].0, "FORBIDDEN"),
        (&service["READ_PUBLIC"].0, "UNAUTHENTICATED"),
    ] {
        let (_, body) = app.graphql(create, json!({}), Some(token)).await;
        assert_eq!(error_code(&body), Some(code), "{body}");
    }
    let input = json!({ "scope": "WRITE", "label": "x" });
    let (_, body) = app
        .graphql(issue, json!({ "agency": agency, "input": input }), Some(&admin))
        .await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    // Only the agency's admins issue its service tokens.
    let input = json!({ "scope": "READ_PUBLIC", "label": "x" });
    for token in [&tokens["editor_a"], &tokens["editor_b"]] {
        let (_, body) = app
            .graphql(issue, json!({ "agency": agency, "input": input }), Some(token))
            .await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    }

    // The admin lists them (with last use), and revocation takes effect on the next request.
    let list = "query($agency: ID) { apiTokens(agency: $agency) { id label scope lastUsedAt active } }";
    let (_, body) = app.graphql(list, json!({ "agency": agency }), Some(&admin)).await;
    let listed = body["data"]["apiTokens"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .clone();
    // The two issued here (used above, so with a last use) and the one the CLI issued (unused).
    assert_eq!(listed.len(), 3);
    for (_, id) in service.values() {
        let token = listed
            .iter()
            .find(|token| token["id"] == *id)
            .unwrap_or_else(|| panic!("{body}"));
        assert!(token["lastUsedAt"].is_string(), "{body}");
    }
    assert_eq!(listed.iter().filter(|token| token["lastUsedAt"].is_null()).count(), 1);
    assert!(!body.to_string().contains(&service["READ_NETWORK"].0));
    let (_, body) = app
        .graphql(list, json!({ "agency": agency }), Some(&tokens["member_b"]))
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
    let revoke = "mutation($id: ID!) { revokeApiToken(id: $id) { active revokedAt } }";
    let (_, body) = app
        .graphql(
            revoke,
            json!({ "id": service["READ_NETWORK"].1 }),
            Some(&tokens["member_b"]),
        )
        .await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"), "{body}");
    let (_, body) = app
        .graphql(revoke, json!({ "id": service["READ_NETWORK"].1 }), Some(&admin))
        .await;
    assert_eq!(body["data"]["revokeApiToken"]["active"], false, "{body}");
    let (status, body) = app
        .graphql(READ, json!({ "ids": all }), Some(&service["READ_NETWORK"].0))
        .await;
    assert_eq!((status, error_code(&body)), (401, Some("UNAUTHENTICATED")), "{body}");
}

#[tokio::test]
async fn personal_tokens_are_issued_listed_and_revoked_by_their_owner() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let issue =
        "mutation($input: IssueTokenInput!) { issuePersonalToken(input: $input) { token apiToken { id scope } } }";
    // A read credential cannot mint tokens; a write one can.
    let input = json!({ "scope": "READ_NETWORK", "label": "mi script" });
    let (_, body) = app
        .graphql(issue, json!({ "input": input }), Some(&tokens["reader_a"]))
        .await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let (_, body) = app.graphql(issue, json!({ "input": input }), None).await;
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{body}");
    let (_, body) = app
        .graphql(issue, json!({ "input": input }), Some(&tokens["member_a"]))
        .await;
    let secret = body["data"]["issuePersonalToken"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let id = body["data"]["issuePersonalToken"]["apiToken"]["id"].clone();
    assert!(secret.starts_with("plz_"));
    // It acts for its member, read-only.
    let (_, body) = app
        .graphql("{ viewer { scope member { email } } }", json!({}), Some(&secret))
        .await;
    assert_eq!(
        body["data"]["viewer"],
        json!({ "scope": "read", "member": { "email": "member@a.example" } })
    );
    let create = "mutation { createPractice(input: { title: \"x\", summary: \"y\", objectives: [\"brand\"] }) { practice { id } } }";
    let (_, body) = app.graphql(create, json!({}), Some(&secret)).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
    // Bad input is refused with its field.
    for (input, field) in [
        (json!({ "scope": "WRITE", "label": " " }), "input.label"),
        (
            json!({ "scope": "WRITE", "label": "x", "expiresInDays": 0 }),
            "input.expiresInDays",
        ),
        (
            json!({ "scope": "WRITE", "label": "x", "expiresInDays": 100000 }),
            "input.expiresInDays",
        ),
    ] {
        let (_, body) = app
            .graphql(issue, json!({ "input": input }), Some(&tokens["member_a"]))
            .await;
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    // Listed for its owner only; revoked by its owner, effective at once.
    let list = "{ apiTokens { id label } }";
    let (_, body) = app.graphql(list, json!({}), Some(&tokens["member_a"])).await;
    assert!(
        body["data"]["apiTokens"]
            .as_array()
            .is_some_and(|tokens| tokens.iter().any(|t| t["id"] == id))
    );
    let (_, body) = app.graphql(list, json!({}), Some(&tokens["member_b"])).await;
    assert!(
        !body["data"]["apiTokens"]
            .as_array()
            .is_some_and(|tokens| tokens.iter().any(|t| t["id"] == id))
    );
    let revoke = "mutation($id: ID!) { revokeApiToken(id: $id) { active } }";
    let (_, body) = app
        .graphql(revoke, json!({ "id": id }), Some(&tokens["member_b"]))
        .await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"));
    // Warm the credential cache, then revoke: the next request is refused.
    let (status, _) = app.graphql("{ viewer { signedIn } }", json!({}), Some(&secret)).await;
    assert_eq!(status, 200);
    let (_, body) = app
        .graphql(revoke, json!({ "id": id }), Some(&tokens["member_a"]))
        .await;
    assert_eq!(body["data"]["revokeApiToken"]["active"], false, "{body}");
    let (status, body): (u16, Value) = app.graphql("{ viewer { signedIn } }", json!({}), Some(&secret)).await;
    assert_eq!((status, error_code(&body)), (401, Some("UNAUTHENTICATED")));
}

#[tokio::test]
async fn an_open_subscription_ends_when_its_token_is_revoked() {
    use plaza_blackbox::ws::{close_code, subscribed_with_token};
    use std::time::{Duration, Instant};

    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let issue = "mutation($input: IssueTokenInput!) { issuePersonalToken(input: $input) { token apiToken { id } } }";
    let (_, body) = app
        .graphql(
            issue,
            json!({ "input": { "scope": "READ_NETWORK", "label": "live" } }),
            Some(&tokens["member_a"]),
        )
        .await;
    let issued = &body["data"]["issuePersonalToken"];
    let (token, id) = (
        issued["token"].as_str().unwrap().to_owned(),
        issued["apiToken"]["id"].clone(),
    );
    let mut kept = subscribed_with_token(&app.address, &tokens["member_b"]).await;
    let mut socket = subscribed_with_token(&app.address, &token).await;
    assert_eq!(
        close_code(&mut socket, Duration::from_millis(2500)).await,
        None,
        "a valid token stays connected"
    );

    let (_, body) = app
        .graphql(
            "mutation($id: ID!) { revokeApiToken(id: $id) { active } }",
            json!({ "id": id }),
            Some(&tokens["member_a"]),
        )
        .await;
    assert_eq!(body["data"]["revokeApiToken"]["active"], false, "{body}");
    let revoked = Instant::now();
    assert_eq!(close_code(&mut socket, Duration::from_secs(5)).await, Some(4403));
    println!("subscription closed {:?} after the revocation", revoked.elapsed());
    assert_eq!(
        close_code(&mut kept, Duration::from_millis(500)).await,
        None,
        "other connections stay open"
    );
}
