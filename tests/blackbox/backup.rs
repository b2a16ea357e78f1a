//! The backup drill: a network with content, discussions, tokens and files is backed up while
//! it serves and takes writes; the snapshot restores into an empty database elsewhere; every
//! table compares equal; the restored network serves, its index rebuilt, its files there.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use plaza_blackbox::{TestApp, plaza_binary, two_agencies};
use serde_json::{Value, json};

const TOKEN: &str = "backup-token-0123456789abcdef";
const CREATE: &str = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";

/// Runs `plaza <args>` over `data` with `env`; its status, stdout and stderr.
fn plaza(data: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let output = Command::new(plaza_binary())
        .args(args)
        .env("PLAZA_DATA_DIR", data)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .current_dir(data)
        .output()
        .expect("run plaza");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn plaza_ok(data: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let (ok, stdout, stderr) = plaza(data, args, env);
    assert!(ok, "plaza {args:?} failed:\n{stdout}\n{stderr}");
    stdout
}

/// `plaza tables` as (table, records, digest) lines.
fn tables(data: &Path) -> Vec<(String, u64, String)> {
    plaza_ok(data, &["tables"], &[])
        .lines()
        .map(|line| {
            let parts: Vec<&str> = line.split('\t').collect();
            assert_eq!(parts.len(), 3, "{line}");
            (parts[0].to_owned(), parts[1].parse().unwrap(), parts[2].to_owned())
        })
        .collect()
}

async fn ok(app: &TestApp, query: &str, variables: Value, token: &str) -> Value {
    let (status, body) = app.graphql(query, variables, Some(token)).await;
    assert!(status == 200 && body["errors"].is_null(), "{status} {body}");
    body["data"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_under_writes_restores_an_equal_database_elsewhere() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let key = std::fs::read(data.path().join("secret.key")).unwrap();
    let app = TestApp::start_with(data, &[], &[("PLAZA_ADMIN_TOKEN", TOKEN)], None).await;
    let (editor_a, editor_b, member_a) = (&tokens["editor_a"], &tokens["editor_b"], &tokens["member_a"]);

    // The route needs the configured token.
    let url = format!("{}/admin/backup", app.address);
    assert_eq!(app.http.get(&url).send().await.unwrap().status(), 401);
    let wrong = app
        .http
        .get(&url)
        .bearer_auth("backup-token-0123456789abcdeX")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    // A network with every kind of record: content, a discussion with a reply, a group, a
    // token issued through the API, an attached file.
    let first = app
        .published_case(
            editor_a,
            "Copia de seguridad del canal de WhatsApp",
            "NETWORK",
            "whatsapp",
        )
        .await;
    for title in ["Vídeos cortos en Instagram", "Boletín municipal por Telegram"] {
        app.published_case(editor_b, title, "PUBLIC", "telegram").await;
    }
    let thread = ok(
        &app,
        "mutation($input: StartDiscussionInput!) { startDiscussion(input: $input) { id } }",
        json!({ "input": { "title": "¿Quién modera de noche?", "body": "Contadnos" } }),
        member_a,
    )
    .await["startDiscussion"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &app,
        "mutation($input: ReplyInput!) { replyToDiscussion(input: $input) { id } }",
        json!({ "input": { "discussionId": thread, "body": "Un turno rotatorio." } }),
        editor_b,
    )
    .await;
    ok(
        &app,
        "mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }",
        json!({ "input": { "slug": "redes-emergencias", "name": "Redes y emergencias", "description": "Protocolos" } }),
        editor_a,
    )
    .await;
    let issued = ok(
        &app,
        "mutation { issuePersonalToken(input: { scope: READ_NETWORK, label: \"intranet\" }) { token } }",
        json!({}),
        editor_a,
    )
    .await["issuePersonalToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let file = crate::attachments::uploaded_png(&app, editor_a).await;
    let file_id = file["id"].as_str().unwrap().to_owned();
    let (status, body) = crate::attachments::case_with(&app, editor_a, "NETWORK", &[&file_id]).await;
    assert_eq!(status, 200, "{body}");

    // Writes go on while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let writer = {
        let (stop, acknowledged, http, address, token) = (
            stop.clone(),
            acknowledged.clone(),
            app.http.clone(),
            app.address.clone(),
            editor_b.clone(),
        );
        tokio::spawn(async move {
            let mut round = 0;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                let input = json!({ "title": format!("Borrador en carga {round}"), "objectives": ["brand"] });
                let response = http
                    .post(format!("{address}/graphql"))
                    .bearer_auth(&token)
                    .json(&json!({ "query": CREATE, "variables": { "input": input } }))
                    .send()
                    .await;
                if let Ok(response) = response
                    && let Ok(body) = response.json::<Value>().await
                    && let Some(id) = body["data"]["createCaseStudy"]["caseStudy"]["id"].as_str()
                {
                    acknowledged.lock().unwrap().push(id.to_owned());
                }
            }
            round
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let backups = tempfile::tempdir().unwrap();
    let under_load = backups.path().join("under-load.surql");
    let before_backup = acknowledged.lock().unwrap().clone();
    // The command runs with the service's own settings (its data directory, where the files
    // are), asking the service for the database it holds.
    let (cli_data, out, server) = (
        app.data.path().to_owned(),
        under_load.to_str().unwrap().to_owned(),
        app.address.clone(),
    );
    let stderr = tokio::task::spawn_blocking(move || {
        let (ok, stdout, stderr) = plaza(
            &cli_data,
            &["backup", "--out", &out, "--server", &server],
            &[("PLAZA_ADMIN_TOKEN", TOKEN)],
        );
        assert!(ok, "backup under load failed:\n{stdout}\n{stderr}");
        stderr
    })
    .await
    .unwrap();
    assert!(stderr.contains("attachment files"), "{stderr}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let rounds = writer.await.unwrap();
    assert!(rounds > before_backup.len(), "writes went on during the backup");
    assert!(!before_backup.is_empty());

    // A quiet backup, then the service stops: the snapshot must equal the database.
    let quiet = backups.path().join("quiet.surql");
    plaza_ok(
        app.data.path(),
        &["backup", "--out", quiet.to_str().unwrap(), "--server", &app.address],
        &[("PLAZA_ADMIN_TOKEN", TOKEN)],
    );
    let data = app.stop();
    let original = tables(data.path());
    for table in [
        "agency",
        "member",
        "api_token",
        "case_study",
        "discussion",
        "reply",
        "community",
        "attachment",
        "migration",
    ] {
        assert!(
            original.iter().any(|(name, records, _)| name == table && *records > 0),
            "{table} is empty or missing: {original:?}"
        );
    }

    // Restored elsewhere: every table is equal, and a second restore into it is refused.
    let elsewhere = TestApp::data_dir();
    std::fs::write(elsewhere.path().join("secret.key"), &key).unwrap();
    plaza_ok(elsewhere.path(), &["restore", quiet.to_str().unwrap()], &[]);
    assert_eq!(tables(elsewhere.path()), original);
    let (refused, _, stderr) = plaza(elsewhere.path(), &["restore", quiet.to_str().unwrap()], &[]);
    assert!(!refused && stderr.contains("empty database"), "{stderr}");

    // The backup taken under writes restores a network that serves: what was acknowledged
    // before it began is there, the index is rebuilt, the tokens and the file work.
    let restored_dir = TestApp::data_dir();
    std::fs::write(restored_dir.path().join("secret.key"), &key).unwrap();
    plaza_ok(restored_dir.path(), &["restore", under_load.to_str().unwrap()], &[]);
    let restored = TestApp::start(restored_dir, &[]).await;
    let read = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on CaseStudy { id title } } }";
    let found = ok(&restored, read, json!({ "ids": before_backup }), editor_b).await;
    let found: Vec<&Value> = found["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|node| !node.is_null())
        .collect();
    assert_eq!(
        found.len(),
        before_backup.len(),
        "acknowledged before the backup, all restored"
    );
    let search =
        "{ search(query: \"whatsapp copia\", first: 5) { edges { node { item { ... on CaseStudy { id } } } } } }";
    let hits = ok(&restored, search, json!({}), &issued).await;
    assert_eq!(hits["search"]["edges"][0]["node"]["item"]["id"], json!(first), "{hits}");
    let attached = ok(
        &restored,
        "{ caseStudies(first: 50) { edges { node { id attachments { id url } } } } }",
        json!({}),
        editor_a,
    )
    .await;
    let url = attached["caseStudies"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|edge| edge["node"]["attachments"].as_array().cloned().unwrap_or_default())
        .find(|attachment| attachment["id"] == json!(file_id))
        .and_then(|attachment| attachment["url"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("the attached file is listed: {attached}"));
    let response = restored
        .http
        .get(format!("{}{url}", restored.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.unwrap().starts_with(b"\x89PNG"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_index_is_rebuilt_online_and_searches_never_see_it_empty() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start_with(data, &[], &[("PLAZA_ADMIN_TOKEN", TOKEN)], None).await;
    let editor = &tokens["editor_a"];
    for round in 0..12 {
        app.published_case(editor, &format!("Protocolo de crisis en redes {round}"), "PUBLIC", "x")
            .await;
    }
    let search = "{ search(query: \"protocolo crisis\", first: 50) { totalCount } }";
    let total = |body: Value| body["data"]["search"]["totalCount"].as_i64().unwrap_or(-1);
    assert_eq!(total(app.graphql(search, json!({}), None).await.1), 12);

    // Searches go on while the operators rebuild the index through the CLI.
    let stop = Arc::new(AtomicBool::new(false));
    let searching = {
        let (stop, http, address) = (stop.clone(), app.http.clone(), app.address.clone());
        tokio::spawn(async move {
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let response = http
                    .post(format!("{address}/graphql"))
                    .json(&json!({ "query": search }))
                    .send()
                    .await
                    .unwrap();
                seen.push(response.json::<Value>().await.map(total).unwrap_or(-1));
            }
            seen
        })
    };
    let (data_dir, server) = (app.data.path().to_owned(), app.address.clone());
    let stderr = tokio::task::spawn_blocking(move || {
        let (ok, stdout, stderr) = plaza(
            &data_dir,
            &["reindex", "--server", &server],
            &[("PLAZA_ADMIN_TOKEN", TOKEN)],
        );
        assert!(ok, "online reindex failed:\n{stdout}\n{stderr}");
        stderr
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    let seen = searching.await.unwrap();
    assert!(stderr.contains("online"), "{stderr}");
    assert!(!seen.is_empty());
    assert!(
        seen.iter().all(|count| *count == 12),
        "a search saw the index mid-rebuild: {seen:?}"
    );
    assert_eq!(total(app.graphql(search, json!({}), None).await.1), 12);
    // Writes after the rebuild are searchable as before.
    app.published_case(editor, "Protocolo de crisis tras reconstruir", "PUBLIC", "x")
        .await;
    assert_eq!(total(app.graphql(search, json!({}), None).await.1), 13);

    // The route needs the token, and does not exist where none is configured.
    let url = format!("{}/admin/reindex", app.address);
    assert_eq!(app.http.post(&url).send().await.unwrap().status(), 401);
    let plain = TestApp::start(TestApp::data_dir(), &[]).await;
    let answer = plain
        .http
        .post(format!("{}/admin/reindex", plain.address))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 404);
}
