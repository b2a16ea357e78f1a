//! Erasing a member (the right to erasure): what they wrote stays, signed by a tombstone; their
//! personal data, credentials and traces go at once; only their agency's admins and network
//! admins may, never on themselves; it is audited.

use plaza_blackbox::{TestApp, agency_admin, error_code, error_field, ok, two_agencies};
use serde_json::json;

const ERASE: &str =
    "mutation($input: EraseMemberInput!) { eraseMember(input: $input) { id name erased email profile { title } } }";

#[tokio::test]
async fn an_erased_member_leaves_a_tombstone_under_what_they_wrote_and_nothing_else() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let admin_a = agency_admin(data.path(), "agency-a", "admin@a.example");
    let app = TestApp::start(data, &[]).await;
    let (member_a, member_b) = (&tokens["member_a"], &tokens["member_b"]);

    // Mia has a profile, a thread, a bookmark and a notification waiting.
    let profile = json!({ "displayName": "Mia Alba", "title": "Community manager", "visibility": "public" });
    ok(
        &app,
        "mutation($input: ProfileInput!) { updateProfile(input: $input) { id } }",
        json!({ "input": profile }),
        Some(member_a),
    )
    .await;
    let me = ok(&app, "{ viewer { member { id } } }", json!({}), Some(member_a)).await;
    let mia = me["viewer"]["member"]["id"].as_str().unwrap().to_owned();
    let start = "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }";
    let input =
        json!({ "title": "Turnos de guardia en redes", "visibility": "NETWORK", "body": "¿Cómo os organizáis?" });
    let thread = ok(&app, start, json!({ "input": input }), Some(member_a)).await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = "mutation($input: ReplyInput!) { replyToDiscussion(input: $input) { id } }";
    ok(
        &app,
        reply,
        json!({ "input": { "discussionId": thread, "body": "Por semanas." } }),
        Some(member_b),
    )
    .await;

    // Who may: not a plain member, not another agency's admin, never oneself.
    let input = json!({ "member": mia, "reason": "Baja en el organismo; pide la supresión" });
    let (_, body) = app.graphql(ERASE, json!({ "input": input }), Some(member_b)).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let me = ok(&app, "{ viewer { member { id } } }", json!({}), Some(&admin_a)).await;
    let own = json!({ "member": me["viewer"]["member"]["id"], "reason": "x" });
    let (_, body) = app.graphql(ERASE, json!({ "input": own }), Some(&admin_a)).await;
    assert_eq!(error_field(&body), Some("input.member"), "{body}");
    let (_, body) = app
        .graphql(
            ERASE,
            json!({ "input": { "member": mia, "reason": " " } }),
            Some(&admin_a),
        )
        .await;
    assert_eq!(error_field(&body), Some("input.reason"), "{body}");

    // Her agency's admin erases her.
    let erased = ok(&app, ERASE, json!({ "input": input }), Some(&admin_a)).await;
    let tombstone = &erased["eraseMember"];
    assert_eq!(tombstone["erased"], true, "{erased}");
    assert_eq!(tombstone["name"], "Antiguo miembro");
    assert!(
        tombstone["profile"].is_null() && tombstone["email"].is_null(),
        "{erased}"
    );
    let (_, body) = app.graphql(ERASE, json!({ "input": input }), Some(&admin_a)).await;
    assert_eq!(error_field(&body), Some("input.member"), "erasing twice: {body}");

    // Her token is refused at once; her thread stays, signed by the tombstone.
    let (status, _) = app.graphql("{ viewer { signedIn } }", json!({}), Some(member_a)).await;
    assert_eq!(status, 401);
    let read = "query($id: ID!) { discussion(id: $id) { title author { name erased } replies { body } } }";
    let kept = ok(&app, read, json!({ "id": thread }), Some(member_b)).await;
    assert_eq!(kept["discussion"]["title"], "Turnos de guardia en redes", "{kept}");
    assert_eq!(
        kept["discussion"]["author"],
        json!({ "name": "Antiguo miembro", "erased": true })
    );
    assert_eq!(kept["discussion"]["replies"][0]["body"], "Por semanas.");
    // Out of the directory, even for the admin, and found by nothing she wrote about herself.
    let directory = "query($q: String) { directory(query: $q) { nodes { name } } }";
    for (q, token) in [
        ("community manager", Some(admin_a.as_str())),
        ("mia", None),
        ("", Some(member_b.as_str())),
    ] {
        let found = ok(&app, directory, json!({ "q": q }), token).await.to_string();
        assert!(!found.contains("Mia") && !found.contains("Antiguo"), "{q}: {found}");
    }
    // The log says who erased whom and why.
    let log = "{ auditLog { action reason actor { name } } }";
    let entries = ok(&app, log, json!({}), Some(&admin_a)).await;
    assert_eq!(
        entries["auditLog"][0],
        json!({ "action": "erase", "reason": "Baja en el organismo; pide la supresión", "actor": { "name": "Agency Admin" } }),
        "{entries}"
    );
}
