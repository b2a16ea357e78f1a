//! The web app, the intranet widgets and GraphiQL, so one URL has everything: embedded in the
//! binary at build time (`build.rs`, gzipped once, with ETags), or read from a directory named by
//! `PLAZA_WEB_DIR` (development). Hashed assets are cached for a year; the app's pages fall back
//! to `index.html` (client-side routes) with a strict Content-Security-Policy; the widget script
//! may be loaded by pages of any origin.
//!
//! `/embed/...` pages are the iframe variant of the widgets. The page names the agency whose
//! intranet embeds it (`?agencia=slug`); only that agency's allowed origins (and Plaza itself,
//! for its demo page) may frame it (CSP `frame-ancestors`).

use std::path::{Component, Path, PathBuf};

use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{Endpoint, IntoResponse, Request, Response, handler};
use serde::Deserialize;

use crate::AppState;

/// One built file embedded in the binary.
#[derive(Debug)]
pub struct Asset {
    /// URL path (`/index.html`, `/assets/…`).
    pub path: &'static str,
    /// The file.
    pub raw: &'static [u8],
    /// The file gzipped, when that saves bytes.
    pub gzip: Option<&'static [u8]>,
    /// A strong ETag of the file.
    pub etag: &'static str,
}

mod embedded {
    use super::Asset;
    include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));
}

/// The embedded file at a URL path.
fn embedded(path: &str) -> Option<&'static Asset> {
    embedded::ASSETS
        .binary_search_by(|asset| asset.path.cmp(path))
        .ok()
        .map(|index| &embedded::ASSETS[index])
}

/// Where the web app comes from.
#[derive(Debug, Clone)]
pub enum WebDir {
    /// A directory (`PLAZA_WEB_DIR`, or `frontend/dist` beside a binary built without it).
    Dir(PathBuf),
    /// The files embedded in the binary.
    Embedded,
    /// No web app: the API only.
    None,
}

impl WebDir {
    /// The directory when one is named, else the embedded app, else `fallback` if it holds a
    /// built app.
    pub fn choose(named: Option<PathBuf>, fallback: Option<PathBuf>) -> WebDir {
        match (named, embedded("/index.html")) {
            (Some(dir), _) => WebDir::Dir(dir),
            (None, Some(_)) => WebDir::Embedded,
            (None, None) => fallback.map_or(WebDir::None, WebDir::Dir),
        }
    }

    /// A file of the app: its bytes, gzipped bytes and ETag when embedded.
    async fn file(&self, path: &str) -> Option<Found> {
        match self {
            WebDir::Dir(root) => {
                let file = resolve(root, path)?;
                let bytes = tokio::fs::read(&file).await.ok()?;
                Some(Found {
                    raw: std::borrow::Cow::Owned(bytes),
                    gzip: None,
                    etag: None,
                })
            }
            WebDir::Embedded => embedded(path).map(|asset| Found {
                raw: std::borrow::Cow::Borrowed(asset.raw),
                gzip: asset.gzip,
                etag: Some(asset.etag),
            }),
            WebDir::None => None,
        }
    }
}

/// A file found for a request.
struct Found {
    raw: std::borrow::Cow<'static, [u8]>,
    gzip: Option<&'static [u8]>,
    etag: Option<&'static str>,
}

/// The response body for `found`: 304 when the client has it, gzip when it takes it.
fn body_of(request: &Request, found: Found, mut response: poem::ResponseBuilder) -> Response {
    if let Some(etag) = found.etag {
        response = response.header(header::ETAG, etag);
        let has_it = request
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
        if has_it {
            return response.status(StatusCode::NOT_MODIFIED).finish();
        }
    }
    let takes_gzip = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accepted| {
            accepted.split(',').any(|coding| {
                let mut parts = coding.split(';');
                let name = parts.next().unwrap_or_default().trim();
                let refused = parts.any(|part| part.trim().replace(' ', "") == "q=0");
                name.eq_ignore_ascii_case("gzip") && !refused
            })
        });
    response = response.header(header::VARY, "Accept-Encoding");
    match found.gzip {
        Some(gzip) if takes_gzip => response.header(header::CONTENT_ENCODING, "gzip").body(gzip),
        _ => response.body(found.raw.into_owned()),
    }
}

/// The policy for the app's pages: only Plaza's own scripts, styles and API; never framed.
const APP_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The same policy for an embeddable page, with the origins that may frame it.
fn embed_policy(origins: &[String]) -> String {
    let ancestors: Vec<&str> = origins
        .iter()
        .map(String::as_str)
        // Stored origins were validated; anything that could break out of the directive is dropped.
        .filter(|origin| !origin.is_empty() && !origin.contains([' ', ';', ',', '\'', '"']))
        .collect();
    let ancestors = std::iter::once("'self'").chain(ancestors).collect::<Vec<_>>().join(" ");
    APP_POLICY.replace("frame-ancestors 'none'", &format!("frame-ancestors {ancestors}"))
}

/// Prefixes that belong to the server (the demo provider when not in demo mode, login, the API,
/// well-known documents): an unknown path under them is a 404, not the app's page.
const SERVER_PREFIXES: &[&str] = &["/demo-idp", "/auth/", "/graphql/", "/.well-known/"];

/// Whether a path is one of the embeddable pages.
fn is_embed(path: &str) -> bool {
    path == "/embed" || path.starts_with("/embed/")
}

#[derive(Debug, Default, Deserialize)]
struct EmbedParams {
    agencia: Option<String>,
    agency: Option<String>,
}

/// The origins allowed to frame an embeddable page: those of the agency it names.
async fn framing_origins(request: &Request, state: &AppState) -> Vec<String> {
    let params = request.params::<EmbedParams>().unwrap_or_default();
    let Some(slug) = params.agencia.or(params.agency) else {
        return Vec::new();
    };
    match state.store.agency_by_slug(&slug).await {
        Ok(Some(agency)) => state.store.allowed_origins(agency.id).await.unwrap_or_else(|error| {
            tracing::warn!(%error, "cannot read an agency's allowed origins");
            Vec::new()
        }),
        Ok(None) => Vec::new(),
        Err(error) => {
            tracing::warn!(%error, "cannot read an agency");
            Vec::new()
        }
    }
}

/// `X-Frame-Options: DENY` on every response except the embeddable pages, whose CSP
/// `frame-ancestors` says who may frame them.
pub async fn deny_framing<E: Endpoint>(next: E, request: Request) -> poem::Result<Response> {
    let embed = is_embed(request.uri().path());
    let mut response = next.call(request).await?.into_response();
    if !embed {
        response
            .headers_mut()
            .insert(header::X_FRAME_OPTIONS, header::HeaderValue::from_static("DENY"));
    }
    Ok(response)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" | "map" => "application/json",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a request path names inside `root`, refusing anything that could leave it.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if path.contains(['\\', '\0']) || relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(root.join(relative))
}

fn not_found() -> Response {
    Response::builder().status(StatusCode::NOT_FOUND).body("not found")
}

/// Serves a built file, or the app's `index.html` for its client-side routes.
#[handler]
pub async fn serve(
    request: &Request,
    web: Data<&WebDir>,
    state: Data<&AppState>,
    auth: Data<&std::sync::Arc<crate::auth::Auth>>,
) -> Response {
    let path = request.uri().path();
    if resolve(Path::new("/"), path).is_none() {
        return not_found();
    }
    // Paths of the server's own endpoints are never the app's client-side routes.
    if SERVER_PREFIXES.iter().any(|prefix| path.starts_with(prefix)) {
        return not_found();
    }
    let is_file_request = Path::new(path).extension().is_some();
    let embed = !is_file_request && is_embed(path);
    let (file, page) = if is_file_request {
        (path, false)
    } else if embed {
        ("/embed.html", true)
    } else {
        ("/index.html", true)
    };
    let Some(found) = web.0.file(file).await else {
        return not_found();
    };
    let mut response = Response::builder().header(header::CONTENT_TYPE, content_type(Path::new(file)));
    if embed {
        let policy = embed_policy(&framing_origins(request, &state).await);
        response = response
            .header(header::CACHE_CONTROL, "no-cache")
            .header(header::CONTENT_SECURITY_POLICY, policy);
    } else if page {
        response = response
            .header(header::CACHE_CONTROL, "no-cache")
            .header(header::CONTENT_SECURITY_POLICY, APP_POLICY);
        // A public item's page carries its content for crawlers and link previews; the legal
        // pages theirs, for readers without JavaScript too.
        let rendered = if crate::public_pages::item_path(path).is_some() {
            crate::public_pages::render(&state, &auth.public_url, path).await
        } else if crate::legal_pages::legal_path(path).is_some() {
            crate::legal_pages::render(&state, &auth.public_url, path).await
        } else {
            None
        };
        if let Some(rendered) = rendered
            && let Some(page) = std::str::from_utf8(&found.raw)
                .ok()
                .and_then(|shell| crate::public_pages::inject(shell, &rendered))
        {
            return response.body(page);
        }
    } else if path.starts_with("/assets/") || path.starts_with("/graphiql/assets/") {
        response = response.header(header::CACHE_CONTROL, "public, max-age=31536000, immutable");
    } else if path.starts_with("/widgets/") {
        // The widget script is public and loaded as a module by intranet pages of any origin.
        response = response
            .header(header::CACHE_CONTROL, "public, max-age=300")
            .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
            .header(header::VARY, "Origin");
    } else {
        response = response.header(header::CACHE_CONTROL, "public, max-age=300");
    }
    body_of(request, found, response)
}

/// GraphiQL's policy: its editor sets inline styles, and subscriptions use WebSockets.
const GRAPHIQL_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; worker-src 'self' blob:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// GraphiQL (bundled with the web app, so it works offline), for a browser at `/graphql`.
pub async fn graphiql(request: &Request, web: &WebDir) -> Option<Response> {
    let found = web.file("/graphiql/index.html").await?;
    let response = Response::builder()
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::CONTENT_SECURITY_POLICY, GRAPHIQL_POLICY);
    Some(body_of(request, found, response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_web_directory() {
        let root = Path::new("/srv/web");
        assert_eq!(
            resolve(root, "/assets/app.js"),
            Some(PathBuf::from("/srv/web/assets/app.js"))
        );
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/assets/../../etc/passwd"), None);
        assert_eq!(resolve(root, "/a\\\\b"), None);
        assert_eq!(
            resolve(root, "//etc/passwd"),
            Some(PathBuf::from("/srv/web/etc/passwd"))
        );
    }

    #[test]
    fn embeddable_pages_are_framed_by_allowed_origins_only() {
        let allowed = embed_policy(&[
            "https://intranet.vallverde.example".to_owned(),
            "http://127.0.0.2:8000".to_owned(),
        ]);
        assert!(allowed.ends_with("frame-ancestors 'self' https://intranet.vallverde.example http://127.0.0.2:8000"));
        assert!(allowed.contains("script-src 'self'"));
        assert!(embed_policy(&[]).ends_with("frame-ancestors 'self'"));
        let hostile = embed_policy(&["https://a.example; script-src *".to_owned()]);
        assert!(hostile.ends_with("frame-ancestors 'self'"), "{hostile}");
        assert!(is_embed("/embed/latest") && is_embed("/embed") && !is_embed("/embedded") && !is_embed("/casos/x"));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type(Path::new("x.js")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("x.bin")), "application/octet-stream");
    }
}
