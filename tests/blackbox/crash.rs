//! Crashes: the database is the source of truth and the search index converges to it after a
//! `kill -9` at any moment, without a full rebuild.

use std::process::{Command, Stdio};
use std::time::Duration;

use plaza_blackbox::{TestApp, cli_ok, plaza_binary};
use serde_json::json;

const SEARCH_COUNT: &str = "{ search(query: \"\", filter: { types: [\"case_study\"] }, first: 0) { totalCount } }";
const LIST_COUNT: &str = "{ caseStudies(first: 0) { totalCount } }";

async fn counts(app: &TestApp) -> (u64, u64) {
    let (_, searched) = app.graphql(SEARCH_COUNT, json!({}), None).await;
    let (_, listed) = app.graphql(LIST_COUNT, json!({}), None).await;
    (
        searched["data"]["search"]["totalCount"].as_u64().unwrap_or(u64::MAX),
        listed["data"]["caseStudies"]["totalCount"].as_u64().unwrap_or(u64::MAX),
    )
}

#[tokio::test]
async fn every_document_an_import_wrote_before_a_kill_9_is_searchable_after_restart() {
    let data = TestApp::data_dir();
    cli_ok(
        data.path(),
        &[
            "agency",
            "add",
            "--slug",
            "bulk",
            "--name",
            "Bulk",
            "--level",
            "local",
            "--country",
            "ES",
        ],
    );
    let file = data.path().join("bulk.jsonl");
    let lines: String = (0..1000)
        .map(|i| {
            let record = json!({"type": "case_study", "external_id": format!("bulk-{i}"), "agency": "bulk", "title": format!("Caso masivo número {i}"), "objectives": ["information"], "visibility": "public"});
            format!("{record}\n")
        })
        .collect();
    std::fs::write(&file, lines).expect("write");
    let mut import = Command::new(plaza_binary())
        .args(["import", file.to_str().expect("path")])
        .env("PLAZA_DATA_DIR", data.path())
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("import");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let _ = import.kill();
    let _ = import.wait();

    // Let the killed process's lock go, then serve: the index is built from what was written.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let app = TestApp::start(data, &[]).await;
    let (searched, listed) = counts(&app).await;
    assert!(listed > 0, "the import wrote something before it was killed");
    assert_eq!(searched, listed, "search and database agree after the crash");

    // Finish the import (idempotent), crash the server mid-way through API writes, restart.
    let data = app.stop();
    cli_ok(data.path(), &["import", file.to_str().expect("path")]);
    cli_ok(
        data.path(),
        &[
            "member",
            "add",
            "--email",
            "ed@bulk.example",
            "--name",
            "Ed",
            "--agency",
            "bulk",
            "--role",
            "editor",
        ],
    );
    let tokens = cli_ok(
        data.path(),
        &["token", "issue", "--member", "ed@bulk.example", "--scope", "write"],
    )
    .trim()
    .to_owned();
    let app = TestApp::start(data, &[]).await;
    assert_eq!(counts(&app).await, (1000, 1000));
    let create = "mutation($t: String!) { createCaseStudy(input: { title: $t, objectives: [\"brand\"], visibility: PUBLIC }) { caseStudy { id } } }";
    let publish = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";
    let mut acknowledged = 0;
    for i in 0..25 {
        let (_, created) = app
            .graphql(
                create,
                json!({ "t": format!("Escrito antes del fallo {i}") }),
                Some(&tokens),
            )
            .await;
        let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let (_, published) = app.graphql(publish, json!({ "id": id }), Some(&tokens)).await;
        if published["data"]["publishCaseStudy"]["caseStudy"]["status"] == "PUBLISHED" {
            acknowledged += 1;
        }
    }
    let data = app.crash();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let app = TestApp::start(data, &[]).await;
    assert_eq!(counts(&app).await, (1000 + acknowledged, 1000 + acknowledged));
    let (_, found) = app
        .graphql(
            "{ search(query: \"escrito antes del fallo\", first: 0) { totalCount } }",
            json!({}),
            None,
        )
        .await;
    assert_eq!(found["data"]["search"]["totalCount"].as_u64(), Some(acknowledged));
}
