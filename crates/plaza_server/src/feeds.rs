//! What Plaza offers to feed readers and crawlers, public content only:
//! - `/feed.atom?q=…`: an Atom feed (RFC 4287) of the public items a search matches, newest
//!   first; `q` takes the search operators (`plataforma:tiktok`, `agencia:…`, `tipo:caso`…),
//!   and no `q` lists the latest public items;
//! - `/feed.rss?q=…`: the same feed as RSS 2.0;
//! - either with `&key=<a member's secret feed key>`: a private feed of what that member may
//!   read (read-only, never cached by shared caches, not for search engines); the member resets
//!   or revokes the key through GraphQL (`resetFeedKey`, `revokeFeedKey`), which ends the old URLs;
//! - `/sitemap.xml`: public items with their last modification (sitemaps.org);
//! - `/robots.txt`: what crawlers may read, and where the sitemap is.
//!
//! The feed runs a search through the GraphQL schema as an anonymous viewer, so the audience
//! rules are the API's own: the index filters by audience and every hit is re-read and checked
//! against the policy before it is written out. The sitemap lists what the store's anonymous
//! read filter allows.

use std::fmt::Write as _;
use std::sync::Arc;

use poem::http::{StatusCode, header};
use poem::web::{Data, Query};
use poem::{Response, handler};
use serde::Deserialize;
use serde_json::{Value, json};

use plaza_domain::item::ContentKind;
use plaza_domain::policy::Viewer;

use crate::AppState;
use crate::auth::Auth;

/// Entries in a feed.
const FEED_ENTRIES: i32 = 50;
/// The longest `q` a feed takes (the search reads at most 4 KiB of a query).
const MAX_FEED_QUERY: usize = 1_000;
/// The most URLs one sitemap file may hold (sitemaps.org).
const SITEMAP_URLS: usize = 50_000;

const ITEM_FIELDS: &str = "
  __typename
  ... on CaseStudy { title summary updatedAt publishedAt agency { name } platforms { code label } }
  ... on Practice { title summary updatedAt publishedAt agency { name } platforms { code label } }
  ... on Guideline { title summary updatedAt publishedAt agency { name } }
  ... on Discussion { title updatedAt: lastActivityAt publishedAt: createdAt agency { name } }";

#[derive(Debug, Deserialize)]
pub struct FeedParams {
    q: Option<String>,
    /// A member's secret feed key: the feed shows what that member may read.
    key: Option<String>,
}

/// Runs a newest-first search as `viewer`; the edges of the connection.
async fn newest(state: &AppState, viewer: Viewer, query: &str, first: i32) -> Result<Vec<Value>, String> {
    let document = format!(
        "query Feed($q: String!, $first: Int!) {{
           search(query: $q, first: $first, order: NEWEST) {{
             edges {{ node {{ id kind item {{ {ITEM_FIELDS} }} }} }}
           }}
         }}"
    );
    let variables = json!({ "q": query, "first": first });
    let data = crate::public_pages::query_as(state, viewer, document, variables).await?;
    Ok(data["search"]["edges"].as_array().cloned().unwrap_or_default())
}

/// The page of a search hit (`kind` as `SearchKind` spells it) on `origin`.
fn item_url(origin: &str, kind: &str, id: &str) -> String {
    let kind = ContentKind::parse(&kind.to_ascii_lowercase()).unwrap_or(ContentKind::CaseStudy);
    format!("{origin}{}", crate::public_pages::page_path(kind, id))
}

/// Escapes text for XML content and attribute values (HTML's escaping is XML's too); drops
/// the characters XML 1.0 cannot carry.
fn xml(text: &str) -> String {
    let allowed = |c: &char| matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    crate::html::escape(&text.chars().filter(allowed).collect::<String>())
}

fn respond(status: StatusCode, content_type: &str, cache: Option<&str>, body: String) -> Response {
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(cache) = cache {
        response = response.header(header::CACHE_CONTROL, cache);
    }
    response.body(body)
}

fn text_response(status: StatusCode, message: &str) -> Response {
    respond(status, "text/plain; charset=utf-8", None, message.to_owned())
}

/// The two feed formats: Atom (RFC 4287) and RSS 2.0, the same entries in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FeedFormat {
    Atom,
    Rss,
}

impl FeedFormat {
    fn path(self) -> &'static str {
        match self {
            FeedFormat::Atom => "/feed.atom",
            FeedFormat::Rss => "/feed.rss",
        }
    }
}

/// `GET /feed.atom?q=…`.
#[handler]
pub async fn feed_atom(params: Query<FeedParams>, state: Data<&AppState>, auth: Data<&Arc<Auth>>) -> Response {
    feed(params.0, &state, &auth, FeedFormat::Atom).await
}

/// `GET /feed.rss?q=…`: the same feed as RSS 2.0, for readers that only take RSS.
#[handler]
pub async fn feed_rss(params: Query<FeedParams>, state: Data<&AppState>, auth: Data<&Arc<Auth>>) -> Response {
    feed(params.0, &state, &auth, FeedFormat::Rss).await
}

async fn feed(params: FeedParams, state: &AppState, auth: &Auth, format: FeedFormat) -> Response {
    let q = params.q.unwrap_or_default();
    if q.len() > MAX_FEED_QUERY {
        return text_response(
            StatusCode::BAD_REQUEST,
            "q is too long: a feed's search takes at most 1000 bytes",
        );
    }
    let q = q.trim();
    // A private feed reads as its member (read-only); a key that opens nothing is simply not
    // found, whether it never existed, was reset or was revoked.
    let (viewer, key) = match params.key.as_deref().map(str::trim).filter(|key| !key.is_empty()) {
        None => (Viewer::Anonymous, None),
        Some(key) => match member_of_feed_key(state, key).await {
            Ok(Some(viewer)) => (viewer, Some(key.to_owned())),
            Ok(None) => return text_response(StatusCode::NOT_FOUND, "unknown, reset or revoked feed key"),
            Err(error) => {
                tracing::warn!(%error, "feed key lookup failed");
                return text_response(StatusCode::SERVICE_UNAVAILABLE, "the feed cannot be built right now");
            }
        },
    };
    let edges = match newest(state, viewer, q, FEED_ENTRIES).await {
        Ok(found) => found,
        Err(error) => {
            tracing::warn!(%error, "feed search failed");
            return text_response(StatusCode::SERVICE_UNAVAILABLE, "the feed cannot be built right now");
        }
    };
    let origin = auth.public_url.trim_end_matches('/');
    let mut query_string: Vec<String> = Vec::new();
    if !q.is_empty() {
        query_string.push(format!("q={}", crate::public_pages::percent_encode(q)));
    }
    if let Some(key) = &key {
        query_string.push(format!("key={}", crate::public_pages::percent_encode(key)));
    }
    let self_url = if query_string.is_empty() {
        format!("{origin}{}", format.path())
    } else {
        format!("{origin}{}?{}", format.path(), query_string.join("&"))
    };
    // Private feeds are for one reader: no shared caches, no search engines.
    let cache = if key.is_some() {
        "private, max-age=300"
    } else {
        "public, max-age=300"
    };
    let page_url = if q.is_empty() {
        format!("{origin}/")
    } else {
        format!("{origin}/buscar?q={}", crate::public_pages::percent_encode(q))
    };
    let title = match (q.is_empty(), key.is_some()) {
        (true, false) => "Plaza: lo último publicado".to_owned(),
        (true, true) => "Plaza (privado): lo último".to_owned(),
        (false, false) => format!("Plaza: {q}"),
        (false, true) => format!("Plaza (privado): {q}"),
    };
    let entries: Vec<(String, &Value)> = edges
        .iter()
        .filter_map(|edge| {
            let node = &edge["node"];
            let url = item_url(origin, node["kind"].as_str()?, node["id"].as_str()?);
            Some((url, &node["item"]))
        })
        .collect();
    // The feed changed when its newest entry did; an empty feed is as old as the epoch.
    let newest_change = entries
        .iter()
        .filter_map(|(_, item)| item["updatedAt"].as_str())
        .filter_map(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .max();
    if format == FeedFormat::Rss {
        let body = rss(&title, &self_url, &page_url, newest_change, &entries);
        return private(
            respond(StatusCode::OK, "application/rss+xml; charset=utf-8", Some(cache), body),
            key.is_some(),
        );
    }
    let updated = newest_change.map_or_else(
        || "1970-01-01T00:00:00Z".to_owned(),
        |at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"es\">\n");
    let _ = writeln!(out, "  <id>{}</id>", xml(&self_url));
    let _ = writeln!(out, "  <title>{}</title>", xml(&title));
    let _ = writeln!(out, "  <updated>{}</updated>", xml(&updated));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml(&self_url)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(&page_url)
    );
    out.push_str("  <author><name>Plaza</name></author>\n");
    out.push_str("  <generator>Plaza</generator>\n");
    for (url, item) in &entries {
        write_entry(&mut out, url, item);
    }
    out.push_str("</feed>\n");
    private(
        respond(StatusCode::OK, "application/atom+xml; charset=utf-8", Some(cache), out),
        key.is_some(),
    )
}

/// Marks a member's private feed as not for search engines.
fn private(mut response: Response, is_private: bool) -> Response {
    if is_private {
        response.headers_mut().insert(
            "x-robots-tag",
            poem::http::HeaderValue::from_static("noindex, nofollow"),
        );
    }
    response
}

/// The read-only viewer a secret feed key stands for, if it opens anything.
async fn member_of_feed_key(state: &AppState, key: &str) -> Result<Option<Viewer>, plaza_storage::StorageError> {
    let Ok(hash) = plaza_auth::presented_feed_key_hash(key) else {
        return Ok(None);
    };
    Ok(state
        .store
        .member_by_feed_key(&hash)
        .await?
        .map(|(member, groups)| Viewer::reading_as(member, groups)))
}

/// An RFC 822 date (RSS), from the API's RFC 3339 one.
fn rfc822(at: &str) -> Option<String> {
    chrono::DateTime::parse_from_rfc3339(at).ok().map(|at| at.to_rfc2822())
}

/// The feed as RSS 2.0: a channel with its self link (atom:link, as the RSS Advisory Board
/// recommends), each entry an item whose guid is its page.
fn rss(
    title: &str,
    self_url: &str,
    page_url: &str,
    newest_change: Option<chrono::DateTime<chrono::FixedOffset>>,
    entries: &[(String, &Value)],
) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    let _ = writeln!(out, "  <title>{}</title>", xml(title));
    let _ = writeln!(out, "  <link>{}</link>", xml(page_url));
    let _ = writeln!(
        out,
        "  <description>{}</description>",
        xml("Casos, prácticas y guías públicas de la red Plaza, lo más reciente primero")
    );
    out.push_str("  <language>es</language>\n  <generator>Plaza</generator>\n");
    if let Some(at) = newest_change {
        let _ = writeln!(out, "  <lastBuildDate>{}</lastBuildDate>", at.to_rfc2822());
    }
    let _ = writeln!(
        out,
        "  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        xml(self_url)
    );
    for (url, item) in entries {
        let text = |key: &str| item[key].as_str().unwrap_or_default();
        out.push_str("  <item>\n");
        let _ = writeln!(out, "    <title>{}</title>", xml(text("title")));
        let _ = writeln!(out, "    <link>{}</link>", xml(url));
        let _ = writeln!(out, "    <guid isPermaLink=\"true\">{}</guid>", xml(url));
        if let Some(date) = rfc822(text("publishedAt")).or_else(|| rfc822(text("updatedAt"))) {
            let _ = writeln!(out, "    <pubDate>{date}</pubDate>");
        }
        for platform in item["platforms"].as_array().into_iter().flatten() {
            if let Some(label) = platform["label"].as_str() {
                let _ = writeln!(out, "    <category>{}</category>", xml(label));
            }
        }
        if !text("summary").is_empty() {
            let _ = writeln!(out, "    <description>{}</description>", xml(text("summary")));
        }
        out.push_str("  </item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

fn write_entry(out: &mut String, url: &str, item: &Value) {
    let text = |key: &str| item[key].as_str().unwrap_or_default();
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <id>{}</id>", xml(url));
    let _ = writeln!(out, "    <title>{}</title>", xml(text("title")));
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(url)
    );
    let _ = writeln!(out, "    <updated>{}</updated>", xml(text("updatedAt")));
    if !text("publishedAt").is_empty() {
        let _ = writeln!(out, "    <published>{}</published>", xml(text("publishedAt")));
    }
    let agency = item["agency"]["name"].as_str().unwrap_or("Plaza");
    let _ = writeln!(out, "    <author><name>{}</name></author>", xml(agency));
    for platform in item["platforms"].as_array().into_iter().flatten() {
        if let (Some(code), Some(label)) = (platform["code"].as_str(), platform["label"].as_str()) {
            let _ = writeln!(out, "    <category term=\"{}\" label=\"{}\"/>", xml(code), xml(label));
        }
    }
    if !text("summary").is_empty() {
        let _ = writeln!(out, "    <summary>{}</summary>", xml(text("summary")));
    }
    out.push_str("  </entry>\n");
}

/// `GET /sitemap.xml`: public items (at most the protocol's 50,000, most recently updated
/// first) with their last modification.
#[handler]
pub async fn sitemap(state: Data<&AppState>, auth: Data<&Arc<Auth>>) -> Response {
    let origin = auth.public_url.trim_end_matches('/');
    let mut items = Vec::new();
    for kind in ContentKind::ALL {
        match state.store.public_items(kind, SITEMAP_URLS).await {
            Ok(found) => items.extend(found),
            Err(error) => {
                tracing::warn!(%error, "sitemap listing failed");
                return text_response(StatusCode::SERVICE_UNAVAILABLE, "the sitemap cannot be built right now");
            }
        }
    }
    items.sort_by_key(|item| std::cmp::Reverse(item.1));
    items.truncate(SITEMAP_URLS - 1 - crate::legal_pages::LEGAL_PAGES.len());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let _ = writeln!(out, "  <url><loc>{}/</loc></url>", xml(origin));
    for (slug, _) in crate::legal_pages::LEGAL_PAGES {
        let _ = writeln!(out, "  <url><loc>{}/{slug}</loc></url>", xml(origin));
    }
    for (item, updated_at) in items {
        let kind = item.content_kind().unwrap_or(ContentKind::CaseStudy);
        let url = format!(
            "{origin}{}",
            crate::public_pages::page_path(kind, &plaza_graphql::global_id(item))
        );
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc><lastmod>{}</lastmod></url>",
            xml(&url),
            updated_at.format("%Y-%m-%d")
        );
    }
    out.push_str("</urlset>\n");
    respond(
        StatusCode::OK,
        "application/xml; charset=utf-8",
        Some("public, max-age=3600"),
        out,
    )
}

/// `GET /robots.txt`.
#[handler]
pub fn robots(auth: Data<&Arc<Auth>>) -> Response {
    let origin = auth.public_url.trim_end_matches('/');
    let body = format!(
        "User-agent: *\nDisallow: /graphql\nDisallow: /auth/\nDisallow: /embed/\nDisallow: /demo-idp/\nAllow: /\n\nSitemap: {origin}/sitemap.xml\n"
    );
    respond(StatusCode::OK, "text/plain; charset=utf-8", None, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(xml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(xml("bell\u{7}tab\tok"), "belltab\tok");
    }

    #[test]
    fn item_urls_follow_the_web_app_routes() {
        assert_eq!(
            item_url("https://p.example", "PRACTICE", "UHJh+/="),
            "https://p.example/practicas/UHJh%2B%2F%3D"
        );
        assert_eq!(item_url("", "CASE_STUDY", "Q2Fz"), "/casos/Q2Fz");
    }
}
