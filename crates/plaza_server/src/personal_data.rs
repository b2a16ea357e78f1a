//! `GET /mis-datos`: a member downloads everything Plaza holds about them, as one JSON file
//! (their right of access and to portability). Any credential of theirs will do, a read-only
//! token included; what is in it is listed in `plaza_storage::PERSONAL_DATA`.

use std::sync::Arc;

use chrono::Utc;
use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{Request, Response, handler};
use serde_json::json;

use crate::AppState;
use crate::auth::{self, Auth};

/// The export's format name; a new version comes with a new name.
pub const FORMAT: &str = "plaza-personal-data/1";

/// Sends the signed-in member their data.
#[handler]
pub async fn download(request: &Request, state: Data<&AppState>, auth: Data<&Arc<Auth>>) -> Response {
    let why = "sign in to download your data";
    let member = match auth::signed_in_member(&state, &auth, request, false, why).await {
        Ok(member) => member,
        Err(refused) => return refused,
    };
    let parts = match state.store.personal_data(member.id).await {
        Ok(Some(parts)) => parts,
        Ok(None) => return auth::auth_error(StatusCode::NOT_FOUND, "NOT_FOUND", "no such member"),
        Err(error) => {
            tracing::error!(%error, "cannot export a member's data");
            return auth::auth_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
        }
    };
    let now = Utc::now();
    let document = json!({
        "format": FORMAT,
        "exportedAt": now.to_rfc3339(),
        "member": member.id.as_string(),
        "parts": parts,
    });
    let body = match serde_json::to_vec_pretty(&document) {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "cannot write a member's data");
            return auth::auth_error(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error");
        }
    };
    tracing::info!(member = %member.id, bytes = body.len(), "personal data exported");
    let name = format!("plaza-mis-datos-{}.json", now.format("%Y-%m-%d"));
    Response::builder()
        .content_type("application/json; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))
        .body(body)
}
