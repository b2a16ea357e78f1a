//! Attachments over HTTP: `POST /adjuntos` uploads a file (the raw bytes as the body, its name
//! in `?nombre=`), `GET /adjuntos/<id>` and `/adjuntos/<id>/mini` serve a file and its thumbnail
//! to whoever holds a signed, unexpired link (GraphQL gives links to the item's readers only).
//! Files live in a blob store: a directory beside the database by default, an S3-compatible
//! bucket when configured.

pub mod archive;
mod blobs;
mod picture;
mod receive;
mod serve;

pub use blobs::Blobs;
pub use receive::upload;
pub use serve::{serve_file, serve_thumbnail};

use poem::Response;
use poem::http::StatusCode;

/// An error answer with a code, in the shape GraphQL errors have.
fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    crate::auth::auth_error(status, code, message)
}

/// Deletes the files pending for longer than a day, with their rows (run by housekeeping).
pub async fn purge_pending(store: &plaza_storage::Store, blobs: &Blobs) {
    let before = chrono::Utc::now() - chrono::Duration::hours(plaza_domain::attachment::PENDING_HOURS);
    let expired = match store.expired_pending_attachments(before, 500).await {
        Ok(expired) => expired,
        Err(error) => {
            tracing::warn!(%error, "cannot list expired attachments");
            return;
        }
    };
    for id in expired {
        // The file first: a row without a file answers 404; a file without a row is never found.
        if let Err(error) = blobs.delete(&id.as_string()).await {
            tracing::warn!(%error, attachment = %id, "cannot delete an expired attachment's file");
            continue;
        }
        if let Err(error) = store.delete_attachment(id).await {
            tracing::warn!(%error, attachment = %id, "cannot delete an expired attachment");
        }
    }
}
