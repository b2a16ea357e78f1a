//! The operators' routes, under `/admin/`, for what must happen while the service runs:
//! `GET /admin/backup` (a snapshot, see [`crate::snapshot`]) and `POST /admin/reindex` (the
//! search index rebuilt beside the live one, then switched in one commit). Both ask for the
//! bearer token in `PLAZA_ADMIN_TOKEN`; without one configured they answer 404. The CLI's
//! `--server URL` options call them with the same variable.

use poem::http::{HeaderMap, StatusCode, header};
use poem::web::Data;
use poem::{Response, handler};

use crate::AppState;

/// The token the operators' routes ask for, if the operators configured one.
#[derive(Debug, Clone)]
pub struct AdminToken(pub Option<crate::config::Redacted>);

impl AdminToken {
    /// The answer for a request without the token (404 when none is configured), if refused.
    pub fn refuses(&self, headers: &HeaderMap) -> Option<Response> {
        match crate::metrics::bearer_matches(self.0.as_ref().map(|token| token.0.as_str()), headers) {
            None => Some(Response::builder().status(StatusCode::NOT_FOUND).body("not found")),
            Some(false) => Some(
                Response::builder()
                    .status(StatusCode::UNAUTHORIZED)
                    .header(header::WWW_AUTHENTICATE, "Bearer")
                    .body("this route needs the operators' token (PLAZA_ADMIN_TOKEN)"),
            ),
            Some(true) => None,
        }
    }
}

/// `POST /admin/reindex`: rebuilds this replica's search index while it serves.
#[handler]
pub async fn reindex(headers: &HeaderMap, token: Data<&AdminToken>, state: Data<&AppState>) -> Response {
    if let Some(refused) = token.refuses(headers) {
        return refused;
    }
    tracing::info!("rebuilding the search index online");
    match state.indexer.rebuild().await {
        Ok((applied, documents, took)) => {
            tracing::info!(
                applied,
                documents,
                took_ms = took.as_millis() as u64,
                "search index rebuilt"
            );
            let body = serde_json::json!({
                "applied": applied,
                "documents": documents,
                "seconds": took.as_secs_f64(),
            });
            Response::builder()
                .content_type("application/json")
                .header(header::CACHE_CONTROL, "no-store")
                .body(body.to_string())
        }
        Err(error) => {
            tracing::error!(%error, "rebuilding the search index failed; the previous index stays");
            Response::builder()
                .status(StatusCode::SERVICE_UNAVAILABLE)
                .content_type("application/json")
                .body(serde_json::json!({ "code": "REINDEX_FAILED", "message": error }).to_string())
        }
    }
}

/// Calls `/admin/<route>` on a running Plaza with `PLAZA_ADMIN_TOKEN`: the URL and the
/// (successful) response.
pub async fn ask(server: &str, method: reqwest::Method, route: &str) -> Result<(String, reqwest::Response), String> {
    let token = std::env::var("PLAZA_ADMIN_TOKEN")
        .map_err(|_| "--server needs PLAZA_ADMIN_TOKEN, as the server has it".to_owned())?;
    let url = format!("{}/admin/{route}", server.trim_end_matches('/'));
    let response = reqwest::Client::new()
        .request(method, &url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if !response.status().is_success() {
        let status = response.status();
        let detail = response.text().await.unwrap_or_default();
        return Err(format!("{url} answered {status}: {detail}"));
    }
    Ok((url, response))
}

/// `plaza probe`: whether `url` answers 200 within five seconds.
pub async fn probe(url: &str) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .map_err(|e| e.to_string())?;
    let response = client.get(url).send().await.map_err(|e| format!("{url}: {e}"))?;
    if response.status() == reqwest::StatusCode::OK {
        Ok(())
    } else {
        Err(format!("{url} answered {}", response.status()))
    }
}
