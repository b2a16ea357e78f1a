//! Webhooks end to end: a real receiver (Node, checking every signature with the Standard
//! Webhooks reference library) gets signed events about what its agency may read and nothing
//! else, filtered like a search, retried after a failure, signed with both secrets during a
//! rotation; endpoints on private addresses are refused unless the network allows them.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use plaza_blackbox::{TestApp, agency_admin, error_code, two_agencies};
use serde_json::{Value, json};

const WITHDRAW: &str = "mutation($id: ID!) { withdrawCaseStudy(input: { id: $id }) { caseStudy { status } } }";
const CREATE_WEBHOOK: &str = "mutation($input: WebhookInput!) { createWebhook(input: $input) { secret webhook { id url events filter enabled } } }";
const ROTATE: &str = "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }";
const LOG: &str =
    "{ webhooks { id url deliveries(first: 50) { messageId event status attempts lastStatus lastError payload } } }";

/// The Node receiver, killed when dropped.
struct Receiver {
    child: Child,
    url: String,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Receiver {
    fn start(fail_first: u32) -> Receiver {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("webhooks");
        assert!(
            dir.join("node_modules/standardwebhooks").exists(),
            "tests/webhooks/node_modules is missing: run `npm ci --prefix tests/webhooks` (make test does)"
        );
        let mut child = Command::new("node")
            .arg(dir.join("receiver.mjs"))
            .args(["--fail-first", &fail_first.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start node tests/webhooks/receiver.mjs");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("receiver address");
        let url = line
            .trim()
            .strip_prefix("receiver listening on ")
            .unwrap_or_else(|| panic!("unexpected receiver output: {line}"))
            .to_owned();
        Receiver { child, url }
    }

    /// Every delivery received so far, verified with `secret` by the reference library.
    async fn verified(&self, secret: &str) -> Vec<Value> {
        let response = reqwest::Client::new()
            .post(format!("{}/verify", self.url))
            .json(&json!({ "secret": secret }))
            .send()
            .await
            .expect("verify");
        response.json::<Vec<Value>>().await.expect("verify JSON")
    }

    /// Waits until `done` holds for the deliveries (verified with `secret`), at most 30 s.
    async fn wait_for(&self, secret: &str, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        for _ in 0..300 {
            let seen = self.verified(secret).await;
            if done(&seen) {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{what}: not received within 30 s: {:#?}", self.verified(secret).await);
    }
}

fn received_types(deliveries: &[Value]) -> Vec<(String, String)> {
    deliveries
        .iter()
        .filter(|d| d["status"] == 204)
        .filter_map(|d| {
            let body: Value = serde_json::from_str(d["body"].as_str()?).ok()?;
            Some((
                body["type"].as_str()?.to_owned(),
                body["data"]["title"].as_str()?.to_owned(),
            ))
        })
        .collect()
}

#[tokio::test]
async fn signed_events_reach_the_receiver_for_what_the_agency_may_read_filtered_and_retried() {
    let receiver = Receiver::start(1);
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let admin_a = agency_admin(data.path(), "agency-a", "admin@a.example");
    let admin_b = agency_admin(data.path(), "agency-b", "admin@b.example");
    let app = TestApp::start_with(
        data,
        &[],
        &[
            ("PLAZA_WEBHOOK_ALLOW_PRIVATE", "1"),
            ("PLAZA_WEBHOOK_RETRY_SCALE", "0.01"),
        ],
        None,
    )
    .await;
    // Members who are not administrators of the agency cannot see or create webhooks.
    let (_, refused) = app.graphql(LOG, json!({}), Some(&tokens["editor_a"])).await;
    assert_eq!(error_code(&refused), Some("FORBIDDEN"), "{refused}");
    let all = json!({
        "url": format!("{}/hook", receiver.url),
        "description": "Intranet de la agencia A",
        "events": ["item.published", "item.updated", "item.withdrawn"],
    });
    let (_, created) = app
        .graphql(CREATE_WEBHOOK, json!({ "input": all }), Some(&admin_a))
        .await;
    let secret = created["data"]["createWebhook"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let webhook_id = created["data"]["createWebhook"]["webhook"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tiktok = json!({
        "url": format!("{}/hook-tiktok", receiver.url),
        "events": ["item.published"],
        "filter": "plataforma:tiktok",
    });
    let (_, created) = app
        .graphql(CREATE_WEBHOOK, json!({ "input": tiktok }), Some(&admin_a))
        .await;
    let tiktok_secret = created["data"]["createWebhook"]["secret"].as_str().unwrap().to_owned();
    // Another agency's administrator does not see agency A's webhooks.
    let (_, rotate_other) = app.graphql(ROTATE, json!({ "id": webhook_id }), Some(&admin_b)).await;
    assert_eq!(error_code(&rotate_other), Some("NOT_FOUND"), "{rotate_other}");

    app.published_case(&tokens["editor_b"], "Caso público de B", "PUBLIC", "facebook")
        .await;
    app.published_case(&tokens["editor_b"], "Caso interno de B", "AGENCY", "tiktok")
        .await;
    let own = app
        .published_case(&tokens["editor_a"], "Caso interno de A", "AGENCY", "tiktok")
        .await;

    let seen = receiver
        .wait_for(&secret, "three publications", |d| received_types(d).len() >= 3)
        .await;
    // The first attempt was refused (500) and the event came again with the same id.
    assert_eq!(seen[0]["status"], 500, "{seen:#?}");
    assert!(
        seen.iter().skip(1).any(|d| d["id"] == seen[0]["id"]),
        "no retry: {seen:#?}"
    );
    let types = received_types(&seen);
    assert!(
        types.contains(&("item.published".into(), "Caso público de B".into())),
        "{types:?}"
    );
    assert!(
        types.contains(&("item.published".into(), "Caso interno de A".into())),
        "{types:?}"
    );
    // Agency B's internal case never leaves for agency A, on any endpoint.
    for delivery in &seen {
        assert!(
            !delivery["body"].as_str().unwrap_or_default().contains("interno de B"),
            "leaked: {delivery}"
        );
    }
    // Every delivery to the unfiltered endpoint carries a valid signature; those of the other
    // endpoint fail with this secret and pass with theirs.
    let theirs = receiver.verified(&tiktok_secret).await;
    assert_eq!(seen.len(), theirs.len());
    for (mine, other) in seen.iter().zip(&theirs) {
        assert!(
            mine["verified"] == true || other["verified"] == true,
            "a delivery no secret verifies: {mine} / {other}"
        );
    }
    let tiktok_deliveries: Vec<&Value> = theirs
        .iter()
        .filter(|d| d["verified"] == true && d["status"] == 204)
        .collect();
    assert_eq!(
        tiktok_deliveries.len(),
        1,
        "the filter lets through only the TikTok case: {theirs:#?}"
    );
    assert!(
        tiktok_deliveries[0]["body"]
            .as_str()
            .unwrap()
            .contains("Caso interno de A")
    );

    // Withdrawn, then signed with both secrets while the old one is still honoured.
    let (_, rotated) = app.graphql(ROTATE, json!({ "id": webhook_id }), Some(&admin_a)).await;
    let new_secret = rotated["data"]["rotateWebhookSecret"]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("{rotated}"))
        .to_owned();
    assert_ne!(new_secret, secret);
    let (_, withdrawn) = app
        .graphql(WITHDRAW, json!({ "id": own }), Some(&tokens["editor_a"]))
        .await;
    assert_eq!(
        withdrawn["data"]["withdrawCaseStudy"]["caseStudy"]["status"], "WITHDRAWN",
        "{withdrawn}"
    );
    let after = receiver
        .wait_for(&new_secret, "the withdrawal", |d| {
            received_types(d).contains(&("item.withdrawn".into(), "Caso interno de A".into()))
        })
        .await;
    let withdrawal = after
        .iter()
        .find(|d| d["body"].as_str().is_some_and(|b| b.contains("item.withdrawn")))
        .unwrap();
    assert_eq!(withdrawal["verified"], true, "{withdrawal}");
    assert_eq!(withdrawal["signatures"], 2, "{withdrawal}");
    let old = receiver.verified(&secret).await;
    assert!(
        old.iter()
            .any(|d| d["verified"] == true && d["body"].as_str().is_some_and(|b| b.contains("item.withdrawn"))),
        "the old secret still verifies during the rotation"
    );

    // Nothing was edited, so nothing was "updated": each change is told once, and the
    // dispatcher's later rounds (it re-reads a few seconds back) do not tell it again.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let all = received_types(&receiver.verified(&new_secret).await);
    assert!(!all.iter().any(|(kind, _)| kind == "item.updated"), "{all:?}");
    let published_a = all
        .iter()
        .filter(|(kind, title)| kind == "item.published" && title == "Caso interno de A")
        .count();
    assert_eq!(published_a, 2, "once per webhook: {all:?}");

    // The delivery log shows the retried delivery and every answer.
    let (_, log) = app.graphql(LOG, json!({}), Some(&admin_a)).await;
    let hooks = log["data"]["webhooks"].as_array().unwrap_or_else(|| panic!("{log}"));
    assert_eq!(hooks.len(), 2, "{log}");
    let deliveries: Vec<Value> = hooks
        .iter()
        .flat_map(|h| h["deliveries"].as_array().cloned().unwrap_or_default())
        .collect();
    assert!(
        deliveries
            .iter()
            .any(|d| d["attempts"] == 2 && d["status"] == "delivered" && d["lastStatus"] == 204),
        "{deliveries:#?}"
    );
    assert!(deliveries.iter().all(|d| d["status"] == "delivered"), "{deliveries:#?}");
}

#[tokio::test]
async fn endpoints_on_private_addresses_are_refused_by_default() {
    let data = TestApp::data_dir();
    let _ = two_agencies(data.path());
    let admin = agency_admin(data.path(), "agency-a", "admin@a.example");
    let app = TestApp::start(data, &[]).await;
    // Plain HTTP is refused outright.
    let plain = json!({ "url": "http://hooks.example.org/x", "events": ["item.published"] });
    let (_, refused) = app
        .graphql(CREATE_WEBHOOK, json!({ "input": plain }), Some(&admin))
        .await;
    assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{refused}");
    let none = json!({ "url": "https://hooks.example.org/x", "events": [] });
    let (_, refused) = app
        .graphql(CREATE_WEBHOOK, json!({ "input": none }), Some(&admin))
        .await;
    assert_eq!(error_code(&refused), Some("BAD_USER_INPUT"), "{refused}");
    // An HTTPS URL naming a loopback or cloud metadata address is accepted as a URL, but
    // nothing is ever sent there: the attempt is refused before connecting, and logged.
    for url in [
        "https://127.0.0.1:9/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/x",
    ] {
        let input = json!({ "url": url, "events": ["item.published"] });
        let (_, created) = app
            .graphql(CREATE_WEBHOOK, json!({ "input": input }), Some(&admin))
            .await;
        let id = created["data"]["createWebhook"]["webhook"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{created}"))
            .to_owned();
        let (_, test) = app
            .graphql(
                "mutation($id: ID!) { testWebhook(id: $id) { status } }",
                json!({ "id": id }),
                Some(&admin),
            )
            .await;
        assert_eq!(test["data"]["testWebhook"]["status"], "pending", "{test}");
    }
    let mut errors = Vec::new();
    for _ in 0..100 {
        let (_, log) = app.graphql(LOG, json!({}), Some(&admin)).await;
        errors = log["data"]["webhooks"]
            .as_array()
            .unwrap_or_else(|| panic!("{log}"))
            .iter()
            .flat_map(|h| h["deliveries"].as_array().cloned().unwrap_or_default())
            .filter_map(|d| d["lastError"].as_str().map(str::to_owned))
            .collect();
        if errors.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().all(|e| e == "private_address"), "{errors:?}");
}
