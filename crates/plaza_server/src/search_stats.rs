//! Search analytics in the background: the recorder's counters go to the database every
//! `search_stats_flush_ms` (30 s by default) and once more at shutdown, as increments, so
//! searches never wait for a write and several servers add up.

use std::sync::Arc;
use std::time::Duration;

use plaza_graphql::SearchStatsRecorder;
use plaza_storage::Store;

/// Writes what the recorder gathered; failures are logged and the counters kept for next time.
pub async fn flush(recorder: &SearchStatsRecorder, store: &Store) {
    match recorder.flush(store).await {
        Ok(0) => {}
        Ok(rows) => tracing::debug!(rows, "search analytics flushed"),
        Err(error) => tracing::warn!(%error, "cannot flush search analytics; will retry"),
    }
}

/// Flushes every `every` until the process ends (the last flush runs at shutdown, in `serve`).
pub fn spawn_flush(recorder: Arc<SearchStatsRecorder>, store: Store, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            flush(&recorder, &store).await;
        }
    })
}
