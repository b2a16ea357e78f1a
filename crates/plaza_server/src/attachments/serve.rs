//! `GET /adjuntos/<id>` and `GET /adjuntos/<id>/mini`: a file and its thumbnail, for whoever
//! holds a link signed for the file's owner that has not expired. Anything else answers 403
//! (a bad or expired link) or 404 (no such file for that owner), never the file.

use chrono::Utc;
use plaza_auth::attachment_url::{LinkError, LinkQuery, LinkSigner};
use plaza_domain::attachment::{Attachment, MediaType};
use plaza_domain::ids::AttachmentId;
use poem::http::{StatusCode, header};
use poem::web::{Data, Path, Query};
use poem::{Body, Request, Response, handler};

use super::refusal;
use crate::AppState;

/// A signed link's query string.
#[derive(Debug, serde::Deserialize)]
pub struct Link {
    o: Option<String>,
    e: Option<i64>,
    s: Option<String>,
}

/// Serves a file.
#[handler]
pub async fn serve_file(request: &Request, id: Path<String>, link: Query<Link>, state: Data<&AppState>) -> Response {
    serve(request, &id, &link, &state, false).await
}

/// Serves an image's thumbnail.
#[handler]
pub async fn serve_thumbnail(
    request: &Request,
    id: Path<String>,
    link: Query<Link>,
    state: Data<&AppState>,
) -> Response {
    serve(request, &id, &link, &state, true).await
}

async fn serve(request: &Request, id: &str, link: &Link, state: &AppState, thumbnail: bool) -> Response {
    let not_found = || refusal(StatusCode::NOT_FOUND, "NOT_FOUND", "no such file");
    let Ok(id) = AttachmentId::parse(id) else {
        return not_found();
    };
    let (Some(owner), Some(expires), Some(signature)) = (link.o.clone(), link.e, link.s.clone()) else {
        return refusal(StatusCode::FORBIDDEN, "LINK_INVALID", "this link is not valid");
    };
    let now = Utc::now().timestamp();
    let query = LinkQuery {
        owner,
        expires,
        signature,
    };
    match LinkSigner::new(&state.seal).verify(&id.as_string(), &query, now) {
        Ok(()) => {}
        Err(LinkError::Invalid) => {
            return refusal(StatusCode::FORBIDDEN, "LINK_INVALID", "this link is not valid");
        }
        Err(LinkError::Expired) => {
            return refusal(
                StatusCode::FORBIDDEN,
                "LINK_EXPIRED",
                "this link has expired; reload the page for a new one",
            );
        }
    }
    let attachment = match state.store.attachment(id).await {
        Ok(Some(found)) if found.owner() == query.owner => found,
        Ok(_) => return not_found(),
        Err(error) => return failed(&error),
    };
    if thumbnail && !attachment.media_type.is_image() {
        return not_found();
    }
    let etag = format!("\"{}{}\"", attachment.sha256, if thumbnail { "-mini" } else { "" });
    let max_age = (expires - now).max(0);
    let cache = format!("private, max-age={max_age}");
    let unchanged = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    if unchanged {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .header(header::ETAG, etag)
            .header(header::CACHE_CONTROL, cache)
            .finish();
    }
    let name = if thumbnail {
        format!("{id}.mini")
    } else {
        id.as_string()
    };
    let blob = match state.blobs.get(&name).await {
        Ok(Some(blob)) => blob,
        Ok(None) => return not_found(),
        Err(error) => return failed(&error),
    };
    let media_type = if thumbnail {
        "image/jpeg"
    } else {
        attachment.media_type.mime()
    };
    Response::builder()
        .status(StatusCode::OK)
        .content_type(media_type)
        .header(header::CONTENT_LENGTH, blob.size)
        .header(header::ETAG, etag)
        .header(header::CACHE_CONTROL, cache)
        .header(header::CONTENT_DISPOSITION, disposition(&attachment))
        // A file is never a page: no scripts, no plug-ins, no framing by other sites.
        .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox")
        .header("cross-origin-resource-policy", "same-origin")
        .body(Body::from_bytes_stream(blob.stream))
}

/// Images are shown in the page; documents are downloaded under their name.
fn disposition(attachment: &Attachment) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(attachment.name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let kind = if attachment.media_type == MediaType::Pdf {
        "attachment"
    } else {
        "inline"
    };
    format!("{kind}; filename*=UTF-8''{encoded}")
}

fn failed(error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "cannot serve an attachment");
    refusal(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error")
}
