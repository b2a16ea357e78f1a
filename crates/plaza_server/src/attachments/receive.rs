//! `POST /adjuntos?nombre=<file name>`: a member uploads one file as the raw request body. The
//! size is bounded while reading, the type is read from the first bytes, images are decoded
//! within a pixel budget on the blocking pool (a thumbnail is made then), and the file waits,
//! pending, for an item to claim it.

use std::sync::Arc;

use chrono::Utc;
use futures::StreamExt as _;
use plaza_auth::attachment_url::LinkSigner;
use plaza_domain::attachment::{self, Attachment, MAX_BYTES, MAX_PENDING_PER_MEMBER, MediaType};
use plaza_domain::ids::AttachmentId;
use poem::http::{StatusCode, header};
use poem::web::{Data, Query};
use poem::{Body, IntoResponse as _, Request, Response, handler};
use serde_json::json;
use sha2::Digest as _;
use tokio::sync::Semaphore;

use super::picture::{self, PictureError};
use super::refusal;
use crate::AppState;
use crate::auth::{self, Auth};

/// Images decoded at once (the cores stay available to everything else).
static DECODING: Semaphore = Semaphore::const_new(2);

/// The query string of an upload.
#[derive(Debug, serde::Deserialize)]
pub struct UploadQuery {
    /// The file's name as the member's computer knows it.
    nombre: Option<String>,
}

/// Receives a file.
#[handler]
pub async fn upload(
    request: &Request,
    body: Body,
    query: Query<UploadQuery>,
    state: Data<&AppState>,
    auth: Data<&Arc<Auth>>,
) -> Response {
    let member = match auth::signed_in_member(&state, &auth, request, true, "sign in to attach files").await {
        Ok(member) => member,
        Err(refused) => return refused,
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BYTES) {
        return too_large();
    }
    let Some(bytes) = read_bounded(body).await else {
        return too_large();
    };
    if bytes.is_empty() {
        return refusal(StatusCode::BAD_REQUEST, "EMPTY_FILE", "the file is empty");
    }
    let Some(media_type) = MediaType::sniff(&bytes) else {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_FILE_TYPE",
            "only PNG, JPEG, GIF and WebP images and PDF documents can be attached",
        );
    };
    match state.store.pending_attachment_count(member.id).await {
        Ok(pending) if pending >= MAX_PENDING_PER_MEMBER => {
            return refusal(
                StatusCode::CONFLICT,
                "TOO_MANY_PENDING_FILES",
                "you have many files not yet saved with an item; save or discard them first, or wait a day",
            );
        }
        Ok(_) => {}
        Err(error) => return internal(&error),
    }
    let (bytes, processed) = match process(bytes, media_type).await {
        Ok(done) => done,
        Err(refused) => return refused,
    };
    let attachment = Attachment {
        id: AttachmentId::generate(),
        name: attachment::display_name(query.nombre.as_deref().unwrap_or_default()),
        media_type,
        size: bytes.len() as u64,
        dimensions: processed.dimensions,
        sha256: processed.sha256,
        uploaded_by: member.id.as_string(),
        item: None,
        created_at: Utc::now(),
    };
    let key = attachment.id.as_string();
    if let Some(thumbnail) = processed.thumbnail
        && let Err(error) = state.blobs.put(&format!("{key}.mini"), thumbnail).await
    {
        return internal(&error);
    }
    if let Err(error) = state.blobs.put(&key, bytes).await {
        return internal(&error);
    }
    if let Err(error) = state.store.insert_attachment(&attachment).await {
        return internal(&error);
    }
    let (file, thumbnail) = LinkSigner::new(&state.seal).links(&attachment, Utc::now().timestamp());
    let body = json!({
        "id": key,
        "name": attachment.name,
        "mediaType": media_type.mime(),
        "size": attachment.size,
        "width": attachment.dimensions.map(|(w, _)| w),
        "height": attachment.dimensions.map(|(_, h)| h),
        "url": file,
        "thumbnailUrl": thumbnail,
        "markdown": attachment.markdown(),
    });
    Response::builder()
        .status(StatusCode::CREATED)
        .content_type("application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(body.to_string())
}

/// The body, or `None` past [`MAX_BYTES`] (reading stops there).
async fn read_bounded(body: Body) -> Option<Vec<u8>> {
    let mut stream = body.into_bytes_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.ok()?;
        if bytes.len() + chunk.len() > MAX_BYTES {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    Some(bytes)
}

/// What reading a file found: its digest, and for images their size and thumbnail.
struct Processed {
    sha256: String,
    dimensions: Option<(u32, u32)>,
    thumbnail: Option<Vec<u8>>,
}

/// Hashes the file and, for an image, decodes it within its budget: on the blocking pool.
async fn process(bytes: Vec<u8>, media_type: MediaType) -> Result<(Vec<u8>, Processed), Response> {
    let Ok(_permit) = DECODING.acquire().await else {
        return Err(refusal(StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE", "shutting down"));
    };
    let work = tokio::task::spawn_blocking(move || {
        let sha256 = hex::encode(sha2::Sha256::digest(&bytes));
        let picture = media_type.is_image().then(|| picture::read(&bytes)).transpose();
        (bytes, sha256, picture)
    });
    let (bytes, sha256, picture) = match work.await {
        Ok(done) => done,
        Err(error) => return Err(internal(&error)),
    };
    match picture {
        Ok(picture) => Ok((
            bytes,
            Processed {
                sha256,
                dimensions: picture.as_ref().map(|p| p.dimensions),
                thumbnail: picture.map(|p| p.thumbnail),
            },
        )),
        Err(PictureError::TooLarge { width, height }) => Err(refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "IMAGE_TOO_LARGE",
            &format!("the image is {width} × {height} pixels; the most is 40 million pixels"),
        )),
        Err(PictureError::Unreadable(why)) => {
            tracing::info!(%why, "an uploaded image could not be read");
            Err(refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                "UNREADABLE_IMAGE",
                "the image could not be read; it may be damaged",
            ))
        }
    }
}

/// The body was not read to its end: the connection cannot carry another request, so the
/// answer closes it (a client would otherwise reuse it and find it broken).
fn too_large() -> Response {
    let mut response = refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        "FILE_TOO_LARGE",
        "the file is larger than 10 MB",
    );
    response
        .headers_mut()
        .insert(header::CONNECTION, poem::http::HeaderValue::from_static("close"));
    response
}

fn internal(error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "attachment upload failed");
    refusal(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error").into_response()
}
