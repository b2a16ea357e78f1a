//! Review reminders once a day (the use case is `plaza_app::reviews`; `plaza remind-reviews`
//! runs it on demand).

use plaza_storage::Store;

/// Runs the reminders once a day in the background (the first run an hour after start, so a
/// restart does not delay the server's readiness).
/// Only the replica holding `leader` sends them.
pub fn spawn_daily(store: Store, leader: crate::lease::Leader) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let day = std::time::Duration::from_secs(24 * 3600);
        let mut ticker =
            tokio::time::interval_at(tokio::time::Instant::now() + std::time::Duration::from_secs(3600), day);
        loop {
            ticker.tick().await;
            if !leader.is_held() {
                continue;
            }
            match plaza_app::reviews::send_reminders(&store, chrono::Utc::now().date_naive()).await {
                Ok(sent) => tracing::info!(sent, "review reminders sent"),
                Err(error) => tracing::warn!(%error, "cannot send review reminders"),
            }
        }
    })
}
