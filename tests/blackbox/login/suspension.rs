//! Suspending a member: their browser session and their tokens stop working at once, they
//! cannot sign in while it lasts, it is audited, and reinstating lets them sign in again
//! (revoked tokens stay revoked). Who may suspend whom is checked in `plaza_domain::policy`.

use plaza_blackbox::{error_code, error_field};

use super::*;

const SUSPEND: &str = "mutation($input: SuspendMemberInput!) {
    suspendMember(input: $input) { id canSuspend suspension { reason until suspendedBy { name } } } }";
const REINSTATE: &str = "mutation($input: ReinstateMemberInput!) {
    reinstateMember(input: $input) { id suspension { reason } } }";
const WHO_AM_I: &str = "{ viewer { member { id } } }";

#[tokio::test]
async fn a_suspended_member_is_signed_out_refused_at_login_and_reinstated() {
    let net = network(&[("PLAZA_LOGIN_RATE_PER_MINUTE", "6000")]).await;
    let plaza = net.app.address.clone();
    let app = &net.app;

    // Ana signs in through agency A's provider.
    let mut ana = Browser::new();
    assert_eq!(ana.log_in(&plaza, "agency=agency-a", "ana").await.status, 303);
    let me = who(&mut ana, &plaza).await;
    assert_eq!(me["signedIn"], true, "{me}");
    let ana_id = me["member"]["id"].as_str().unwrap().to_owned();

    // A member may not suspend anyone; nobody may suspend themself; the reason and the end
    // are checked.
    let member_a = &net.tokens["member_a"];
    let input = json!({ "member": ana_id, "reason": "Spam reiterado en los debates" });
    let (_, body) = app.graphql(SUSPEND, json!({ "input": input }), Some(member_a)).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
    let (_, body) = app.graphql(WHO_AM_I, json!({}), Some(&net.root)).await;
    let root_id = body["data"]["viewer"]["member"]["id"].clone();
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    for (input, field) in [
        (json!({ "member": root_id, "reason": "x" }), "input.member"),
        (json!({ "member": ana_id, "reason": "x", "until": past }), "input.until"),
        (json!({ "member": ana_id, "reason": "  " }), "input.reason"),
    ] {
        let (_, body) = app.graphql(SUSPEND, json!({ "input": input }), Some(&net.root)).await;
        assert_eq!(error_field(&body), Some(field), "{body}");
    }
    assert_eq!(
        who(&mut ana, &plaza).await["signedIn"],
        true,
        "refused attempts change nothing"
    );

    // The network admin suspends Ana for a week.
    let until = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339();
    let input = json!({ "member": ana_id, "reason": "Spam reiterado en los debates", "until": until });
    let (_, body) = app.graphql(SUSPEND, json!({ "input": input }), Some(&net.root)).await;
    let suspended = &body["data"]["suspendMember"];
    assert_eq!(
        suspended["suspension"]["reason"], "Spam reiterado en los debates",
        "{body}"
    );
    assert_eq!(suspended["suspension"]["suspendedBy"]["name"], "Root");
    assert!(suspended["suspension"]["until"].is_string());
    assert_eq!(suspended["canSuspend"], true);

    // Her session ended at once, and she cannot sign in again while suspended.
    assert_eq!(who(&mut ana, &plaza).await["signedIn"], false);
    let mut again = Browser::new();
    let refused = again.log_in(&plaza, "agency=agency-a", "ana").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(
        error_code(&refused.json()),
        Some("ACCOUNT_SUSPENDED"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Spam reiterado"), "{}", refused.body);
    assert!(session_cookie(&again, &plaza).is_none());

    // Other members see no suspension details; the admin does, and the audit log has it.
    let read = "query($id: ID!) { node(id: $id) { ... on Member { suspension { reason } canSuspend } } }";
    let (_, body) = app.graphql(read, json!({ "id": ana_id }), Some(member_a)).await;
    assert_eq!(body["data"]["node"]["suspension"], Value::Null, "{body}");
    assert_eq!(body["data"]["node"]["canSuspend"], false);
    let (_, body) = app.graphql(read, json!({ "id": ana_id }), Some(&net.root)).await;
    assert_eq!(
        body["data"]["node"]["suspension"]["reason"],
        "Spam reiterado en los debates"
    );
    let audit = "{ auditLog { action targetId reason actor { name } } }";
    let (_, body) = app.graphql(audit, json!({}), Some(&net.root)).await;
    let entries = body["data"]["auditLog"].as_array().unwrap_or_else(|| panic!("{body}"));
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "suspend" && e["targetId"] == json!(ana_id) && e["actor"]["name"] == "Root"),
        "{body}"
    );
    let (_, body) = app.graphql(audit, json!({}), Some(member_a)).await;
    assert_eq!(
        body["data"]["auditLog"],
        json!([]),
        "members see no admin actions: {body}"
    );

    // A member with a token and a live subscription: suspended, the token is refused at once
    // (and stays revoked) and the subscription is closed.
    let (_, body) = app.graphql(WHO_AM_I, json!({}), Some(member_a)).await;
    let member_a_id = body["data"]["viewer"]["member"]["id"].clone();
    let mut socket = plaza_blackbox::ws::subscribed_with_token(&app.address, member_a).await;
    let input = json!({ "member": member_a_id, "reason": "Cuenta comprometida" });
    let (_, body) = app.graphql(SUSPEND, json!({ "input": input }), Some(&net.root)).await;
    assert_eq!(
        body["data"]["suspendMember"]["suspension"]["until"],
        Value::Null,
        "{body}"
    );
    let (status, _) = app.graphql(WHO_AM_I, json!({}), Some(member_a)).await;
    assert_eq!(status, 401);
    let closed = plaza_blackbox::ws::close_code(&mut socket, std::time::Duration::from_secs(5)).await;
    assert_eq!(closed, Some(4403));

    // Reinstated, Ana signs in again; the token revoked by member A's suspension stays revoked.
    let reason = "Aclarado con la persona";
    let (_, body) = app
        .graphql(
            REINSTATE,
            json!({ "input": { "member": ana_id, "reason": reason } }),
            Some(&net.root),
        )
        .await;
    assert_eq!(body["data"]["reinstateMember"]["suspension"], Value::Null, "{body}");
    let (_, body) = app
        .graphql(
            REINSTATE,
            json!({ "input": { "member": ana_id, "reason": reason } }),
            Some(&net.root),
        )
        .await;
    assert_eq!(
        error_field(&body),
        Some("input.member"),
        "not suspended any more: {body}"
    );
    let mut back = Browser::new();
    assert_eq!(back.log_in(&plaza, "agency=agency-a", "ana").await.status, 303);
    assert_eq!(who(&mut back, &plaza).await["member"]["id"], json!(ana_id));
    let input = json!({ "member": member_a_id, "reason": reason });
    let (_, body) = app.graphql(REINSTATE, json!({ "input": input }), Some(&net.root)).await;
    assert!(body["errors"].is_null(), "{body}");
    let (status, _) = app.graphql(WHO_AM_I, json!({}), Some(member_a)).await;
    assert_eq!(status, 401, "a revoked token stays revoked");
}
