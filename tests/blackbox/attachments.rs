//! Attachments through plain HTTP: `POST /adjuntos` with its limits and codes, then the files
//! served only through links signed for the item's readers; a file follows its item's audience.

use plaza_blackbox::{TestApp, cli, cli_ok, error_code, two_agencies};
use serde_json::{Value, json};

/// A PNG of `width` × `height` pixels, a gradient (so it is not trivially compressible).
fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

/// A small but real PDF.
fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// Uploads `bytes` as `name` with an optional bearer token: the status and the JSON answer.
async fn upload(app: &TestApp, token: Option<&str>, name: &str, bytes: Vec<u8>) -> (u16, Value) {
    let mut request = app
        .http
        .post(format!("{}/adjuntos", app.address))
        .query(&[("nombre", name)])
        .header("content-type", "application/octet-stream")
        .body(bytes);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json::<Value>().await.unwrap_or(Value::Null))
}

/// Fetches a link as a stranger would (no credentials): status, headers and bytes.
async fn fetch(app: &TestApp, link: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let url = if link.starts_with("http") {
        link.to_owned()
    } else {
        format!("{}{link}", app.address)
    };
    let response = app.http.get(url).send().await.expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (
        status,
        headers,
        response.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
    )
}

/// Uploads a PNG as `token` and returns the upload's answer.
pub(crate) async fn uploaded_png(app: &TestApp, token: &str) -> Value {
    let (status, body) = upload(app, Some(token), "captura.png", png(64, 48)).await;
    assert_eq!(status, 201, "{body}");
    body
}

const CREATE: &str = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";
const READ: &str = "query($id: ID!) { node(id: $id) { ... on CaseStudy { contextHtml attachments { id name mediaType width height isImage url thumbnailUrl markdown } } } }";

/// Creates and publishes a case with `attachments` and a body showing the first one.
pub(crate) async fn case_with(app: &TestApp, token: &str, visibility: &str, attachments: &[&str]) -> (u16, Value) {
    let context = attachments
        .first()
        .map(|id| format!("Antes y después:\n\n![captura](/adjuntos/{id})"))
        .unwrap_or_default();
    let input = json!({
        "title": format!("Caso con adjuntos {visibility}"),
        "summary": "Un caso con capturas",
        "context": context,
        "objectives": ["citizen_service"],
        "platforms": ["instagram"],
        "visibility": visibility,
        "attachments": attachments,
    });
    let (status, created) = app.graphql(CREATE, json!({ "input": input }), Some(token)).await;
    if let Some(id) = created["data"]["createCaseStudy"]["caseStudy"]["id"].as_str() {
        let (_, published) = app.graphql(PUBLISH, json!({ "id": id }), Some(token)).await;
        assert_eq!(
            published["data"]["publishCaseStudy"]["caseStudy"]["status"], "PUBLISHED",
            "{published}"
        );
    }
    (status, created)
}

#[tokio::test]
async fn uploads_are_bounded_typed_by_their_content_and_refused_to_strangers() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = tokens["editor_a"].as_str();

    let (status, body) = upload(&app, None, "a.png", png(8, 8)).await;
    assert_eq!((status, error_code(&body)), (401, Some("UNAUTHENTICATED")), "{body}");
    let (status, body) = upload(&app, Some(tokens["reader_a"].as_str()), "a.png", png(8, 8)).await;
    assert_eq!((status, error_code(&body)), (403, Some("FORBIDDEN")), "{body}");
    let (status, body) = upload(&app, Some("plz_not-a-token"), "a.png", png(8, 8)).await;
    assert_eq!(status, 401, "{body}");

    // The type is what the bytes are, whatever the name says.
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    exe.resize(4096, 0);
    let (status, body) = upload(&app, Some(editor), "captura.png", exe).await;
    assert_eq!(
        (status, error_code(&body)),
        (415, Some("UNSUPPORTED_FILE_TYPE")),
        "{body}"
    );
    let (status, body) = upload(&app, Some(editor), "vacío.pdf", Vec::new()).await;
    assert_eq!((status, error_code(&body)), (400, Some("EMPTY_FILE")), "{body}");
    let mut broken = png(16, 16);
    broken.truncate(40);
    let (status, body) = upload(&app, Some(editor), "rota.png", broken).await;
    assert_eq!((status, error_code(&body)), (422, Some("UNREADABLE_IMAGE")), "{body}");
    // Too large: refused from the declared length before any byte is read, and, sent without a
    // length, once the limit is passed.
    assert!(declared_too_large(&app, editor).await.starts_with("HTTP/1.1 413"));
    let chunks = (0..=10).map(|_| Ok::<_, std::io::Error>(vec![b'%'; 1024 * 1024]));
    // A client of its own: the refused connection is closed and must not be reused.
    let response = reqwest::Client::new()
        .post(format!("{}/adjuntos?nombre=grande.pdf", app.address))
        .bearer_auth(editor)
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await;
    if let Ok(response) = response {
        let status = response.status().as_u16();
        let body = response.json::<Value>().await.unwrap_or(Value::Null);
        assert_eq!((status, error_code(&body)), (413, Some("FILE_TOO_LARGE")), "{body}");
    }

    // An image: its size read from it, a thumbnail made, a link that serves the same bytes.
    let original = png(800, 600);
    let (status, body) = upload(&app, Some(editor), "../../etc/Captura <1>.png", original.clone()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["mediaType"], "image/png");
    assert_eq!(
        (body["width"].as_u64(), body["height"].as_u64()),
        (Some(800), Some(600))
    );
    let name = body["name"].as_str().unwrap_or_default();
    assert!(
        !name.contains('/') && !name.contains('<'),
        "a file name is only a name: {name}"
    );
    let id = body["id"].as_str().expect("id");
    assert_eq!(
        body["markdown"]
            .as_str()
            .map(|m| m.contains(&format!("/adjuntos/{id}"))),
        Some(true)
    );
    let (status, headers, bytes) = fetch(&app, body["url"].as_str().expect("url")).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, original, "the file comes back byte for byte");
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let cache = headers["cache-control"].to_str().unwrap_or_default();
    assert!(cache.starts_with("private"), "{cache}");
    let (status, headers, thumbnail) = fetch(&app, body["thumbnailUrl"].as_str().expect("thumbnail")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    let small = image::load_from_memory(&thumbnail).expect("a real JPEG");
    assert!(
        small.width() <= 320 && small.height() <= 320,
        "{}×{}",
        small.width(),
        small.height()
    );
    assert_eq!(small.width(), 320, "the longer side is scaled to 320");

    // The same link again with its ETag: 304 and no body.
    let etag = headers_etag(&app, body["url"].as_str().expect("url")).await;
    let url = format!("{}{}", app.address, body["url"].as_str().expect("url"));
    let again = app
        .http
        .get(url)
        .header("if-none-match", etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status().as_u16(), 304);

    // A PDF is downloaded, never shown inline, and has no thumbnail.
    let (status, body) = upload(&app, Some(editor), "informe.pdf", pdf()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["mediaType"], "application/pdf");
    assert_eq!(body["thumbnailUrl"], Value::Null);
    let (status, headers, _) = fetch(&app, body["url"].as_str().expect("url")).await;
    assert_eq!(status, 200);
    let disposition = headers["content-disposition"].to_str().unwrap_or_default();
    assert!(disposition.starts_with("attachment"), "{disposition}");
}

/// Declares a 20 MB upload over a raw connection, sends a little of it, and reads the answer.
async fn declared_too_large(app: &TestApp, token: &str) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let head = format!(
        "POST /adjuntos?nombre=x.pdf HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Length: 20000000\r\n\r\n%PDF-1.4\n"
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut answer = vec![0; 4096];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("an answer without waiting for the body")
        .expect("read");
    String::from_utf8_lossy(&answer[..read]).into_owned()
}

async fn headers_etag(app: &TestApp, link: &str) -> String {
    let (_, headers, _) = fetch(app, link).await;
    headers["etag"].to_str().expect("etag").to_owned()
}

#[tokio::test]
async fn a_file_is_served_only_to_its_items_readers_through_signed_links() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor_a = tokens["editor_a"].as_str();
    let editor_b = tokens["editor_b"].as_str();

    let file = uploaded_png(&app, editor_a).await;
    let file_id = file["id"].as_str().expect("id").to_owned();
    let pending_link = file["url"].as_str().expect("url").to_owned();

    // Another agency's editor cannot put A's pending file on their own case.
    let (status, body) = case_with(&app, editor_b, "PUBLIC", &[&file_id]).await;
    assert_eq!(status, 200);
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "input.attachments.0",
        "{body}"
    );
    assert_eq!(body["data"]["createCaseStudy"], Value::Null, "{body}");
    let (status, body) = case_with(&app, editor_a, "AGENCY", &["not-an-id"]).await;
    assert_eq!((status, error_code(&body)), (200, Some("BAD_USER_INPUT")), "{body}");

    // A's agency-only case claims it.
    let (_, created) = case_with(&app, editor_a, "AGENCY", &[&file_id]).await;
    let case_id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let (_, read) = app
        .graphql(READ, json!({ "id": case_id }), Some(tokens["member_a"].as_str()))
        .await;
    let case = &read["data"]["node"];
    assert_eq!(case["attachments"].as_array().map(Vec::len), Some(1), "{read}");
    let link = case["attachments"][0]["url"].as_str().expect("url").to_owned();
    let html = case["contextHtml"].as_str().unwrap_or_default();
    assert!(
        html.contains(&format!("/adjuntos/{file_id}?o=case_study")),
        "the body's image gets a signed link: {html}"
    );
    assert_eq!(fetch(&app, &link).await.0, 200, "a reader's link works");
    let body_link = html
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an img in the body")
        .replace("&amp;", "&");
    assert_eq!(
        fetch(&app, &body_link).await.0,
        200,
        "the body's link works: {body_link}"
    );
    // Claimed, the file no longer answers to its upload link.
    assert_eq!(fetch(&app, &pending_link).await.0, 404);

    // Agency B reads nothing of it: not the case, not its files.
    let (_, read) = app.graphql(READ, json!({ "id": case_id }), Some(editor_b)).await;
    assert_eq!(read["data"]["node"], Value::Null, "{read}");
    let (_, read) = app.graphql(READ, json!({ "id": case_id }), None).await;
    assert_eq!(read["data"]["node"], Value::Null, "{read}");
    // Guessing or altering a link gets nothing.
    assert_eq!(fetch(&app, &format!("/adjuntos/{file_id}")).await.0, 403);
    let tampered = link.replacen("&s=", "&s=A", 1);
    let (status, _, body) = fetch(&app, &tampered).await;
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    let other_owner = link.replace("o=case_study", "o=member");
    assert_eq!(fetch(&app, &other_owner).await.0, 403);
    let (status, _, body) = fetch(&app, &link.replace("e=", "e=1")).await;
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("LINK_"));

    // Another of A's cases cannot take the claimed file either.
    let (_, body) = case_with(&app, editor_a, "NETWORK", &[&file_id]).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{body}");

    // Saved without it, the file leaves the case: its links stop working.
    let (_, body) = app
        .graphql(
            "mutation($input: UpdateCaseStudyInput!) { updateCaseStudy(input: $input) { caseStudy { attachments { id } } } }",
            json!({ "input": { "id": case_id, "attachments": [] } }),
            Some(editor_a),
        )
        .await;
    assert_eq!(
        body["data"]["updateCaseStudy"]["caseStudy"]["attachments"],
        json!([]),
        "{body}"
    );
    assert_eq!(fetch(&app, &link).await.0, 404);

    // On a public case anyone gets working links, with no account.
    let picture = uploaded_png(&app, editor_a).await;
    let picture_id = picture["id"].as_str().expect("id");
    let (_, created) = case_with(&app, editor_a, "PUBLIC", &[picture_id]).await;
    let public_id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .expect("id");
    let (_, read) = app.graphql(READ, json!({ "id": public_id }), None).await;
    let attachment = &read["data"]["node"]["attachments"][0];
    assert_eq!(attachment["isImage"], true, "{read}");
    assert_eq!(fetch(&app, attachment["url"].as_str().expect("url")).await.0, 200);
    assert_eq!(
        fetch(&app, attachment["thumbnailUrl"].as_str().expect("thumb")).await.0,
        200
    );
}

#[tokio::test]
async fn practices_and_guidelines_keep_their_files_for_their_readers_and_every_version() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor_a = tokens["editor_a"].as_str();
    let (member_a, editor_b) = (tokens["member_a"].as_str(), tokens["editor_b"].as_str());
    let id_of = |file: &Value| file["id"].as_str().expect("id").to_owned();

    // A practice for agency A only, with an image in its text.
    let picture = id_of(&uploaded_png(&app, editor_a).await);
    let create = "mutation($input: CreatePracticeInput!) { createPractice(input: $input) { practice { id } } }";
    let input = json!({
        "title": "Horario en la bio", "summary": "Decir cuándo se responde.",
        "body": format!("Así queda:\n\n![bio](/adjuntos/{picture})"),
        "visibility": "AGENCY", "attachments": [picture],
    });
    let (_, created) = app.graphql(create, json!({ "input": input }), Some(editor_a)).await;
    let practice = created["data"]["createPractice"]["practice"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    app.graphql(
        "mutation($id: ID!) { publishPractice(input: { id: $id }) { practice { id } } }",
        json!({ "id": practice }),
        Some(editor_a),
    )
    .await;
    let read = "query($id: ID!) { node(id: $id) { ... on Practice { bodyHtml attachments { id url } } } }";
    let (_, seen) = app.graphql(read, json!({ "id": practice }), Some(member_a)).await;
    let node = &seen["data"]["node"];
    assert_eq!(node["attachments"][0]["id"], json!(picture), "{seen}");
    assert!(
        node["bodyHtml"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("/adjuntos/{picture}?o=practice")),
        "{seen}"
    );
    assert_eq!(
        fetch(&app, node["attachments"][0]["url"].as_str().expect("url"))
            .await
            .0,
        200
    );
    let (_, hidden) = app.graphql(read, json!({ "id": practice }), Some(editor_b)).await;
    assert_eq!(hidden["data"]["node"], Value::Null, "{hidden}");

    // A guideline: version 1 with one file, version 2 adds another; both stay, so version 1's
    // image still shows.
    let first = id_of(&uploaded_png(&app, editor_a).await);
    let create = "mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { guideline { id } } }";
    let input = json!({
        "title": "Guía de estilo", "body": format!("Logotipo:\n\n![logo](/adjuntos/{first})"),
        "visibility": "NETWORK", "attachments": [first],
    });
    let (_, created) = app.graphql(create, json!({ "input": input }), Some(editor_a)).await;
    let guideline = created["data"]["createGuideline"]["guideline"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let second = id_of(&uploaded_png(&app, editor_a).await);
    let publish = "mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version { number } } }";
    let input = json!({ "guidelineId": guideline, "body": format!("Nuevo logotipo:\n\n![logo](/adjuntos/{second})"),
                        "changelog": "Logotipo nuevo", "attachments": [second] });
    let (_, published) = app.graphql(publish, json!({ "input": input }), Some(editor_a)).await;
    assert_eq!(
        published["data"]["publishGuidelineVersion"]["version"]["number"], 2,
        "{published}"
    );
    // Another agency's editor cannot add their own pending file to A's guideline.
    let theirs = id_of(&uploaded_png(&app, editor_b).await);
    let input = json!({ "guidelineId": guideline, "body": "x", "changelog": "y", "attachments": [theirs] });
    let (_, refused) = app.graphql(publish, json!({ "input": input }), Some(editor_b)).await;
    assert!(error_code(&refused).is_some(), "{refused}");

    let read =
        "query($id: ID!) { node(id: $id) { ... on Guideline { attachments { id } version(number: 1) { bodyHtml } } } }";
    let (_, seen) = app.graphql(read, json!({ "id": guideline }), Some(editor_a)).await;
    let node = &seen["data"]["node"];
    let mut ids: Vec<String> = node["attachments"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|file| file["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    let mut expected = vec![first.clone(), second];
    expected.sort();
    assert_eq!(ids, expected, "{seen}");
    let html = node["version"]["bodyHtml"].as_str().unwrap_or_default();
    let link = html
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an img in version 1")
        .replace("&amp;", "&");
    assert!(link.contains(&first), "{html}");
    assert_eq!(fetch(&app, &link).await.0, 200, "version 1's image still shows");
}

#[tokio::test]
async fn a_backup_keeps_the_files_items_have_and_an_import_restores_them_under_the_same_links() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = tokens["editor_a"].as_str();
    let original = png(120, 90);
    let (status, file) = upload(&app, Some(editor), "antes.png", original.clone()).await;
    assert_eq!(status, 201, "{file}");
    let file_id = file["id"].as_str().expect("id").to_owned();
    case_with(&app, editor, "AGENCY", &[&file_id]).await;
    // A file nobody saved with an item is not kept.
    uploaded_png(&app, editor).await;
    let data = app.stop();

    let backups = tempfile::tempdir().expect("dir");
    let backup = backups.path().join("plaza.jsonl");
    let backup_arg = backup.to_str().expect("path");
    cli_ok(data.path(), &["export", "--out", backup_arg]);
    let text = std::fs::read_to_string(&backup).expect("backup");
    let lines: Vec<Value> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|record| record["type"] == "attachment")
        .collect();
    assert_eq!(lines.len(), 1, "one attachment line, for the claimed file: {lines:?}");
    assert_eq!(lines[0]["id"], json!(file_id));
    assert!(
        lines[0]["item"]
            .as_str()
            .is_some_and(|item| item.starts_with("case_study/")),
        "{lines:?}"
    );
    assert_eq!(lines[0]["uploaded_by"], "editor@a.example");
    let copied = std::fs::read(backups.path().join("plaza.jsonl.files").join(&file_id)).expect("the file is copied");
    assert_eq!(copied, original);

    // Into an empty database: the case comes back with its file, served under a signed link.
    let fresh = TestApp::data_dir();
    let imported = cli(fresh.path(), &["import", backup_arg]);
    assert!(imported.success, "{}{}", imported.stdout, imported.stderr);
    assert!(
        imported.stdout.contains("restored 1 attachments"),
        "{}",
        imported.stdout
    );
    // Importing again changes nothing and refuses nothing.
    let again = cli(fresh.path(), &["import", backup_arg]);
    assert!(again.success, "{}{}", again.stdout, again.stderr);
    let token = cli_ok(
        fresh.path(),
        &["token", "issue", "--member", "editor@a.example", "--scope", "write"],
    );
    let app = TestApp::start(fresh, &[]).await;
    let (_, body) = app
        .graphql(
            "{ caseStudies(first: 10) { nodes { title contextHtml attachments { id url } } } }",
            json!({}),
            Some(token.trim()),
        )
        .await;
    let case = &body["data"]["caseStudies"]["nodes"][0];
    assert_eq!(case["attachments"][0]["id"], json!(file_id), "{body}");
    let (status, _, bytes) = fetch(&app, case["attachments"][0]["url"].as_str().expect("url")).await;
    assert_eq!((status, bytes == original), (200, true));
    assert!(
        case["contextHtml"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("/adjuntos/{file_id}?o=case_study")),
        "{body}"
    );

    // A file altered in the backup is refused, with its line.
    std::fs::write(backups.path().join("plaza.jsonl.files").join(&file_id), png(10, 10)).expect("write");
    let other = TestApp::data_dir();
    let tampered = cli(other.path(), &["import", backup_arg]);
    assert!(!tampered.success);
    assert!(
        tampered.stdout.contains("is not the one backed up"),
        "{}",
        tampered.stdout
    );
}
