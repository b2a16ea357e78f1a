//! Reports, hiding and restoring with a reason, and the audit trail.

use super::*;

#[tokio::test]
async fn reports_reach_the_threads_moderators_who_hide_and_restore_with_an_audit_trail() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    for (email, agency) in [("mod@a.example", "agency-a"), ("mod@b.example", "agency-b")] {
        plaza_blackbox::cli_ok(
            data.path(),
            &[
                "member",
                "add",
                "--email",
                email,
                "--name",
                "Moderación",
                "--agency",
                agency,
                "--role",
                "moderator",
            ],
        );
    }
    let issue = |email: &str| {
        plaza_blackbox::cli_ok(data.path(), &["token", "issue", "--member", email, "--scope", "write"])
            .trim()
            .to_owned()
    };
    let (mod_a, mod_b) = (issue("mod@a.example"), issue("mod@b.example"));
    let app = TestApp::start(data, &[]).await;
    let (ana, bea) = (&tokens["member_a"], &tokens["member_b"]);

    // Bea (agency B) opens a network thread; Ana (agency A) posts an abusive reply.
    let thread = ok(
        &app,
        START,
        json!({ "input": { "title": "Horarios del 010", "body": "¿Cómo los publicáis?" } }),
        bea,
    )
    .await;
    let thread_id = thread["startDiscussion"]["id"].as_str().unwrap().to_owned();
    let abuse = ok(
        &app,
        REPLY,
        json!({ "input": { "discussionId": thread_id, "body": "Sois unos inútiles." } }),
        ana,
    )
    .await;
    let abuse_id = abuse["replyToDiscussion"]["id"].as_str().unwrap().to_owned();

    let report = "mutation($id: ID!, $reason: String!) { reportPost(targetId: $id, reason: $reason) }";
    let (_, refused) = app
        .graphql(report, json!({ "id": abuse_id, "reason": " " }), Some(bea))
        .await;
    assert_eq!(error_field(&refused), Some("reason"), "{refused}");
    assert_eq!(
        ok(&app, report, json!({ "id": abuse_id, "reason": "Insulta" }), bea).await["reportPost"],
        true
    );

    // The thread is agency B's: its moderator sees the report, agency A's does not.
    let queue = "{ moderationQueue { reason targetId replyBody discussion { title } } }";
    let seen = ok(&app, queue, json!({}), &mod_b).await;
    assert_eq!(seen["moderationQueue"][0]["reason"], "Insulta", "{seen}");
    assert_eq!(seen["moderationQueue"][0]["replyBody"], "Sois unos inútiles.");
    assert_eq!(ok(&app, queue, json!({}), &mod_a).await["moderationQueue"], json!([]));
    assert_eq!(ok(&app, queue, json!({}), ana).await["moderationQueue"], json!([]));

    // Only its moderators hide it.
    let hide = "mutation($id: ID!, $reason: String!) { hidePost(targetId: $id, reason: $reason) }";
    let (_, refused) = app
        .graphql(hide, json!({ "id": abuse_id, "reason": "x" }), Some(&mod_a))
        .await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    assert_eq!(
        ok(
            &app,
            hide,
            json!({ "id": abuse_id, "reason": "Falta de respeto" }),
            &mod_b
        )
        .await["hidePost"],
        true
    );
    let read = ok(&app, READ, json!({ "id": thread_id }), bea).await;
    assert_eq!(
        read["discussion"]["replies"],
        json!([]),
        "a hidden reply stays out of the thread"
    );
    assert_eq!(
        ok(&app, queue, json!({}), &mod_b).await["moderationQueue"],
        json!([]),
        "hiding resolves the report"
    );
    let (_, refused) = app
        .graphql(
            REPLY,
            json!({ "input": { "discussionId": thread_id, "parentId": abuse_id, "body": "¿Por qué?" } }),
            Some(bea),
        )
        .await;
    assert_eq!(
        error_field(&refused),
        Some("input.parentId"),
        "replying to a hidden reply: {refused}"
    );

    // The author is told, with the reason.
    let feed = ok(
        &app,
        "{ notifications { items { kind discussion { title } } } }",
        json!({}),
        ana,
    )
    .await;
    assert_eq!(feed["notifications"]["items"][0]["kind"], "MODERATION", "{feed}");

    // Hiding the whole thread: only its author and moderators still read it.
    ok(
        &app,
        hide,
        json!({ "id": thread_id, "reason": "Fuera de lugar" }),
        &mod_b,
    )
    .await;
    assert!(!can_read(&app, &thread_id, Some(ana)).await);
    let (_, refused) = app
        .graphql(
            REPLY,
            json!({ "input": { "discussionId": thread_id, "body": "hola" } }),
            Some(ana),
        )
        .await;
    assert_eq!(
        error_code(&refused),
        Some("NOT_FOUND"),
        "replying to a hidden thread: {refused}"
    );
    let own = ok(
        &app,
        "query($id: ID!) { discussion(id: $id) { hiddenReason } }",
        json!({ "id": thread_id }),
        bea,
    )
    .await;
    assert_eq!(own["discussion"]["hiddenReason"], "Fuera de lugar");
    let restore = "mutation($id: ID!, $reason: String!) { restorePost(targetId: $id, reason: $reason) }";
    ok(&app, restore, json!({ "id": thread_id, "reason": "Revisado" }), &mod_b).await;
    assert!(can_read(&app, &thread_id, Some(ana)).await);

    // Every action is in the audit log, for the thread's moderators only.
    let log = "{ auditLog { action reason actor { name } } }";
    let entries = ok(&app, log, json!({}), &mod_b).await["auditLog"].clone();
    let actions: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, vec!["restore", "hide", "hide"], "{entries}");
    assert_eq!(ok(&app, log, json!({}), &mod_a).await["auditLog"], json!([]));
    assert_eq!(ok(&app, log, json!({}), ana).await["auditLog"], json!([]));
}
