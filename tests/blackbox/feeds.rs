//! Feeds and crawler files through plain HTTP: `/feed.atom` parsed by a real feed parser
//! (feed-rs), `/sitemap.xml`, `/robots.txt`; public content only, whatever the query.

use plaza_blackbox::{TestApp, two_agencies};
use serde_json::json;

const CREATE: &str = "mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { caseStudy { id } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishCaseStudy(input: { id: $id }) { caseStudy { status } } }";

/// Creates and publishes a case study with `title` and `visibility`; its global id.
async fn published_case(app: &TestApp, token: &str, title: &str, visibility: &str, platform: &str) -> String {
    let input = json!({
        "title": title,
        "summary": format!("Resumen de {title}"),
        "objectives": ["citizen_service"],
        "platforms": [platform],
        "visibility": visibility,
    });
    let (status, created) = app.graphql(CREATE, json!({ "input": input }), Some(token)).await;
    assert_eq!(status, 200, "{created}");
    let id = created["data"]["createCaseStudy"]["caseStudy"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let (_, published) = app.graphql(PUBLISH, json!({ "id": id }), Some(token)).await;
    assert_eq!(
        published["data"]["publishCaseStudy"]["caseStudy"]["status"], "PUBLISHED",
        "{published}"
    );
    id
}

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let response = app
        .http
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.text().await.unwrap_or_default())
}

fn parse(body: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|error| panic!("not a feed ({error}): {body}"))
}

fn entry_ids(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries.iter().map(|entry| entry.id.clone()).collect()
}

#[tokio::test]
async fn the_atom_feed_lists_public_items_newest_first_and_nothing_else() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = tokens["editor_a"].as_str();
    let older = published_case(&app, editor, "Primero: <b>TikTok</b> & \"vídeos\"", "PUBLIC", "tiktok").await;
    let internal = published_case(&app, editor, "Interno de la agencia", "AGENCY", "tiktok").await;
    let network = published_case(&app, editor, "Para toda la red", "NETWORK", "tiktok").await;
    let newer = published_case(&app, editor, "Segundo público", "PUBLIC", "whatsapp").await;

    let (status, content_type, body) = get(&app, "/feed.atom").await;
    assert_eq!(status, 200, "{body}");
    assert!(content_type.starts_with("application/atom+xml"), "{content_type}");
    let feed = parse(&body);
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert!(!feed.id.is_empty() && feed.title.is_some() && feed.updated.is_some());
    assert!(
        feed.links.iter().any(|link| link.rel.as_deref() == Some("self")),
        "{body}"
    );
    let ids = entry_ids(&feed);
    let pos = |id: &str| ids.iter().position(|entry| entry.ends_with(&urlencode(id)));
    assert!(pos(&newer).is_some() && pos(&older).is_some(), "{ids:?}");
    assert!(pos(&newer) < pos(&older), "newest first: {ids:?}");
    assert_eq!(pos(&internal), None, "an agency-only case is never fed");
    assert_eq!(pos(&network), None, "a network case is not public");
    // Markup in a title arrives as text, exactly.
    let escaped = feed
        .entries
        .iter()
        .find(|entry| entry.id.ends_with(&urlencode(&older)))
        .and_then(|entry| entry.title.as_ref())
        .map(|title| title.content.clone());
    assert_eq!(escaped.as_deref(), Some("Primero: <b>TikTok</b> & \"vídeos\""));
    for entry in &feed.entries {
        assert!(
            entry.updated.is_some() && entry.title.is_some() && !entry.links.is_empty(),
            "{entry:?}"
        );
        assert!(!entry.authors.is_empty(), "an entry names its agency: {entry:?}");
    }

    // A search with operators: only what matches, still only public.
    let (status, _, body) = get(&app, "/feed.atom?q=plataforma%3Atiktok").await;
    assert_eq!(status, 200);
    let ids = entry_ids(&parse(&body));
    assert!(ids.iter().any(|id| id.ends_with(&urlencode(&older))), "{ids:?}");
    assert!(
        !ids.iter().any(|id| id.ends_with(&urlencode(&newer))),
        "not on TikTok: {ids:?}"
    );
    assert!(!ids.iter().any(|id| id.ends_with(&urlencode(&internal))), "{ids:?}");

    // Words that match nothing give a valid, empty feed; an overlong query a clear 400.
    let (status, _, body) = get(&app, "/feed.atom?q=zzyzxqq").await;
    assert_eq!(status, 200);
    assert!(parse(&body).entries.is_empty());
    let (status, _, body) = get(&app, &format!("/feed.atom?q={}", "a".repeat(5_000))).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn the_sitemap_and_robots_name_public_pages_only() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = tokens["editor_a"].as_str();
    let public = published_case(&app, editor, "Caso público", "PUBLIC", "tiktok").await;
    let internal = published_case(&app, editor, "Caso interno", "AGENCY", "tiktok").await;

    let (status, content_type, body) = get(&app, "/sitemap.xml").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/xml"), "{content_type}");
    assert!(body.starts_with("<?xml") && body.contains("http://www.sitemaps.org/schemas/sitemap/0.9"));
    assert!(body.contains(&format!("/casos/{}</loc>", urlencode(&public))), "{body}");
    assert!(!body.contains(&urlencode(&internal)), "{body}");
    assert!(body.contains("<lastmod>"), "{body}");

    let (status, _, robots) = get(&app, "/robots.txt").await;
    assert_eq!(status, 200);
    assert!(
        robots.contains("Sitemap: ") && robots.contains("/sitemap.xml"),
        "{robots}"
    );
    assert!(robots.contains("Disallow: /graphql"), "{robots}");
}

/// The percent-encoding the feed uses for a global id in a URL path.
fn urlencode(raw: &str) -> String {
    raw.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}
