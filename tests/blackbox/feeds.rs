//! The public face through plain HTTP: `/feed.atom` parsed by a real feed parser (feed-rs),
//! `/sitemap.xml`, `/robots.txt`, and item pages rendered on the server; public content only.

use plaza_blackbox::{TestApp, two_agencies};
use serde_json::json;

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
    let older = app
        .published_case(editor, "Primero: <b>TikTok</b> & \"vídeos\"", "PUBLIC", "tiktok")
        .await;
    let internal = app
        .published_case(editor, "Interno de la agencia", "AGENCY", "tiktok")
        .await;
    let network = app
        .published_case(editor, "Para toda la red", "NETWORK", "tiktok")
        .await;
    let newer = app
        .published_case(editor, "Segundo público", "PUBLIC", "whatsapp")
        .await;

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

    // The same feed as RSS 2.0, read by the same parser: same entries, same order, same rules.
    let (status, content_type, body) = get(&app, "/feed.rss?q=plataforma%3Atiktok").await;
    assert_eq!(status, 200, "{body}");
    assert!(content_type.starts_with("application/rss+xml"), "{content_type}");
    let rss = parse(&body);
    assert_eq!(rss.feed_type, feed_rs::model::FeedType::RSS2);
    let atom = parse(&get(&app, "/feed.atom?q=plataforma%3Atiktok").await.2);
    let links = |feed: &feed_rs::model::Feed| {
        feed.entries
            .iter()
            .map(|entry| entry.links.first().map(|link| link.href.clone()).unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(links(&rss), links(&atom), "RSS and Atom list the same items");
    assert!(
        links(&rss)
            .iter()
            .all(|link| !link.contains(&urlencode(&internal)) && !link.contains(&urlencode(&network)))
    );
    assert!(
        rss.entries
            .iter()
            .all(|entry| entry.published.is_some() && entry.title.is_some())
    );
}

/// The viewer's feed key, after resetting it.
async fn reset_key(app: &TestApp, token: &str) -> String {
    let (status, body) = app.graphql("mutation { resetFeedKey }", json!({}), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["resetFeedKey"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned()
}

#[tokio::test]
async fn a_private_feed_shows_what_its_member_may_read_until_its_key_is_reset_or_revoked() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = tokens["editor_a"].as_str();
    let public = app
        .published_case(editor, "Público del feed privado", "PUBLIC", "tiktok")
        .await;
    let network = app
        .published_case(editor, "De la red, feed privado", "NETWORK", "tiktok")
        .await;
    let internal = app
        .published_case(editor, "Interno de A, feed privado", "AGENCY", "tiktok")
        .await;
    let ids = |body: &str| entry_ids(&parse(body));
    let has = |ids: &[String], id: &str| ids.iter().any(|entry| entry.ends_with(&urlencode(id)));

    // A member of agency B: public and network items, never agency A's own.
    let key_b = reset_key(&app, &tokens["member_b"]).await;
    assert!(key_b.starts_with("plzf_"), "{key_b}");
    let (status, body) = app
        .graphql("{ viewer { feedKey } }", json!({}), Some(&tokens["member_b"]))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["viewer"]["feedKey"],
        key_b.as_str(),
        "the member sees their key again"
    );
    let (status, _, body) = get(&app, &format!("/feed.atom?q=plataforma%3Atiktok&key={key_b}")).await;
    assert_eq!(status, 200, "{body}");
    let found = ids(&body);
    assert!(has(&found, &public) && has(&found, &network), "{found:?}");
    assert!(!has(&found, &internal), "another agency's item is never fed: {found:?}");
    assert!(
        body.contains(&format!("key={key_b}")),
        "the feed's own URL carries its key"
    );
    // Agency A's member reads A's internal item too, in RSS as well.
    let key_a = reset_key(&app, &tokens["member_a"]).await;
    let (status, _, body) = get(&app, &format!("/feed.rss?key={key_a}")).await;
    assert_eq!(status, 200, "{body}");
    let links: Vec<String> = parse(&body)
        .entries
        .iter()
        .filter_map(|e| e.links.first().map(|l| l.href.clone()))
        .collect();
    assert!(
        links.iter().any(|link| link.ends_with(&urlencode(&internal))),
        "{links:?}"
    );
    // Without the key, the same search is public only.
    let (_, _, body) = get(&app, "/feed.atom?q=plataforma%3Atiktok").await;
    assert!(!has(&ids(&body), &network));

    // Resetting ends the old URL at once; revoking ends the new one; forged keys open nothing.
    let renewed = reset_key(&app, &tokens["member_b"]).await;
    assert_ne!(renewed, key_b);
    let (status, _, _) = get(&app, &format!("/feed.atom?key={key_b}")).await;
    assert_eq!(status, 404);
    let (status, _, _) = get(&app, &format!("/feed.atom?key={renewed}")).await;
    assert_eq!(status, 200);
    let (_, body) = app
        .graphql("mutation { revokeFeedKey }", json!({}), Some(&tokens["member_b"]))
        .await;
    assert_eq!(body["data"]["revokeFeedKey"], true, "{body}");
    let (status, _, _) = get(&app, &format!("/feed.atom?key={renewed}")).await;
    assert_eq!(status, 404);
    for forged in [
        "plzf_",
        "nope",
        &format!("plzf_{}", "A".repeat(43)),
        &key_b.replace("plzf_", "plz_"),
    ] {
        let (status, _, _) = get(&app, &format!("/feed.atom?key={}", urlencode(forged))).await;
        assert_eq!(status, 404, "{forged}");
    }
    // A read-only credential cannot mint feed keys; anonymous viewers have none.
    let (_, body) = app
        .graphql("mutation { resetFeedKey }", json!({}), Some(&tokens["reader_a"]))
        .await;
    assert!(body["errors"].is_array(), "{body}");
    let (_, body) = app.graphql("{ viewer { feedKey } }", json!({}), None).await;
    assert!(body["data"]["viewer"]["feedKey"].is_null(), "{body}");
}

#[tokio::test]
async fn the_sitemap_and_robots_name_public_pages_only() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let app = TestApp::start(data, &[]).await;
    let editor = tokens["editor_a"].as_str();
    let public = app.published_case(editor, "Caso público", "PUBLIC", "tiktok").await;
    let internal = app.published_case(editor, "Caso interno", "AGENCY", "tiktok").await;

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

const SHELL: &str = "<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\" /><title>Plaza</title></head>\
<body><main id=\"main\" tabindex=\"-1\"></main></body></html>";

#[tokio::test]
async fn a_public_item_page_carries_its_content_and_nothing_else_does() {
    let data = TestApp::data_dir();
    let tokens = two_agencies(data.path());
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), SHELL).unwrap();
    let web_dir = web.path().to_str().unwrap().to_owned();
    let app = TestApp::start_with(data, &[], &[("PLAZA_WEB_DIR", web_dir.as_str())], None).await;
    let editor = tokens["editor_a"].as_str();
    let title = "WhatsApp <para> el 010 & \"más\"";
    let public = app.published_case(editor, title, "PUBLIC", "whatsapp").await;
    let internal = app
        .published_case(editor, "Plan interno confidencial", "AGENCY", "whatsapp")
        .await;

    let (status, content_type, page) = get(&app, &format!("/casos/{public}")).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(
        page.contains("<h1 tabindex=\"-1\">WhatsApp &lt;para&gt; el 010 &amp; &quot;más&quot;</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<title>WhatsApp &lt;para&gt; el 010 &amp; &quot;más&quot; · Plaza</title>"),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<link rel=\"canonical\" href=\"{}/casos/{public}\" />",
            canonical_origin(&page)
        )),
        "{page}"
    );
    assert!(canonical_origin(&page).starts_with("http"), "{page}");
    assert!(page.contains("<meta property=\"og:title\""), "{page}");
    assert!(
        page.contains("<meta name=\"twitter:card\" content=\"summary\" />"),
        "{page}"
    );
    assert!(
        page.contains("Resumen de WhatsApp"),
        "the summary is on the page: {page}"
    );
    let ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(ld).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], title);
    assert!(ld["datePublished"].is_string(), "{ld}");

    // Outside the audience, or not an item of this kind: the app's empty page, nothing more.
    for path in [
        format!("/casos/{internal}"),
        "/casos/Q2FzZVN0dWR5OjAxSDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA".to_owned(),
        "/practicas/nope".to_owned(),
    ] {
        let (status, _, page) = get(&app, &path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(page, SHELL, "{path} renders nothing of an item");
    }
    let (_, _, internal_as_practice) = get(&app, &format!("/practicas/{public}")).await;
    assert_eq!(
        internal_as_practice, SHELL,
        "a case study's id under /practicas is not a page"
    );
}

/// The origin the page's canonical link uses (the configured public URL).
fn canonical_origin(page: &str) -> String {
    page.split("<link rel=\"canonical\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split("/casos/").next())
        .unwrap_or_default()
        .to_owned()
}
