//! CPU-heavy work a request asks for (rendering markdown for a preview or a discussion post)
//! runs on the blocking pool, a few jobs at a time, within a time budget: never on the async
//! workers, so `/healthz` and every other request keep their latency whatever is posted.
//! Rendering is linear with its structure bounded (`plaza_domain::markdown`), so the budget is a
//! second line of defence, not the first.

use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::{ApiError, ApiResult};

/// Most renders running at once (the machine's cores stay available to everything else).
static RENDERS: Semaphore = Semaphore::const_new(2);

/// Longest a request waits for its render, queueing included.
pub const RENDER_BUDGET: Duration = Duration::from_secs(2);

/// Runs `work` on the blocking pool within [`RENDER_BUDGET`]; past it, the request gets a
/// `BAD_USER_INPUT` on `field` (the work finishes in the background, holding its slot, so an
/// attacker cannot pile up more than two renders).
pub(crate) async fn bounded<T: Send + 'static>(field: &str, work: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
    let too_slow = || ApiError::invalid(field, "is too complex to render; simplify its structure and try again");
    let run = async {
        let permit = RENDERS
            .acquire()
            .await
            .map_err(|_| ApiError::internal("render pool closed"))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|error| ApiError::internal(format!("render failed: {error}")))
    };
    tokio::time::timeout(RENDER_BUDGET, run)
        .await
        .unwrap_or_else(|_| Err(too_slow()))
}
