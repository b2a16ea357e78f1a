//! Webhooks in the background: every second, the dispatcher turns new changes into deliveries
//! (see [`dispatch`]) and the sender sends those that are due (see [`send`]). Both work from
//! the database, so a restart loses nothing: undelivered events are still pending there.

pub mod dispatch;
pub mod send;

use std::sync::Arc;
use std::time::Duration;

use plaza_auth::seal::SealKey;
use plaza_storage::Store;

/// How often the dispatcher and the sender look for work.
const TICK: Duration = Duration::from_millis(1000);

/// Starts the dispatcher and the sender; their handles, to stop them at shutdown.
/// Only the replica holding `leader` works (one sender per network, not one per replica).
pub fn spawn(
    store: Store,
    seal: Arc<SealKey>,
    public_url: String,
    settings: send::SendSettings,
    leader: crate::lease::Leader,
) -> [tokio::task::JoinHandle<()>; 2] {
    let dispatcher = store.clone();
    let sender_leader = leader.clone();
    let dispatching = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(TICK);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut cursors = std::collections::HashMap::new();
        loop {
            ticker.tick().await;
            if !leader.is_held() {
                // Another replica dispatches; its cursors are read back when this one takes over.
                cursors.clear();
                continue;
            }
            match dispatch::dispatch(&dispatcher, &public_url, &mut cursors).await {
                Ok(0) => {}
                Ok(queued) => tracing::info!(queued, "webhook events queued"),
                Err(error) => tracing::warn!(%error, "webhook dispatch failed; retrying"),
            }
        }
    });
    let sending = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(TICK);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if !sender_leader.is_held() {
                continue;
            }
            if let Err(error) = send::send_due(&store, &seal, settings).await {
                tracing::warn!(%error, "webhook sending failed; retrying");
            }
        }
    });
    [dispatching, sending]
}
