//! A login refused: the status, the code and the message the JSON answer carries (browsers get
//! a page made from them, see `pages`), and facts a page may show.

use poem::Response;
use poem::http::StatusCode;

use super::auth_error;

/// A refused login, with its code.
#[derive(Debug)]
pub(crate) struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// Facts a client may show besides the message (`until` and `reason` of a suspension).
    pub(super) details: serde_json::Map<String, serde_json::Value>,
}

impl Refusal {
    pub(super) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: serde_json::Map::new(),
        }
    }

    pub(super) fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "login failed inside Plaza");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error")
    }

    pub(super) fn into_response(self) -> Response {
        if self.details.is_empty() {
            return auth_error(self.status, self.code, &self.message);
        }
        let mut extensions = self.details;
        extensions.insert("code".into(), self.code.into());
        let body = serde_json::json!({ "errors": [{ "message": self.message, "extensions": extensions }] });
        Response::builder()
            .status(self.status)
            .content_type("application/json")
            .header(poem::http::header::CACHE_CONTROL, "no-store")
            .body(body.to_string())
    }
}
