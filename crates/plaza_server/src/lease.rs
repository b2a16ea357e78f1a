//! What one replica alone must do (dispatching and sending webhooks, the daily review
//! reminders): it runs where the database lease is held. The holder renews it every
//! [`RENEW`]; if it dies, another replica takes it over within [`TERM`]. With the embedded
//! database there is one process, which always holds it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use plaza_storage::Store;
use tokio::task::JoinHandle;

/// How often the holder renews its lease (and the others ask for it).
const RENEW: Duration = Duration::from_secs(5);
/// How long a lease lasts without renewal.
const TERM: Duration = Duration::from_secs(15);

/// Whether this replica holds the lease for the singleton jobs.
#[derive(Clone, Debug)]
pub struct Leader(Arc<AtomicBool>);

impl Leader {
    /// The only process: always the holder.
    pub fn alone() -> Self {
        Self(Arc::new(AtomicBool::new(true)))
    }

    /// Competes for the lease `name` with the other replicas, renewing it while held.
    pub fn elect(store: Store, name: &'static str) -> (Self, JoinHandle<()>) {
        let held = Arc::new(AtomicBool::new(false));
        let me = ulid::Ulid::new().to_string();
        let flag = held.clone();
        let job = tokio::spawn(async move {
            let mut ticker = tokio::time::interval(RENEW);
            loop {
                ticker.tick().await;
                let now = chrono::Utc::now().timestamp_millis();
                let term = i64::try_from(TERM.as_millis()).unwrap_or(i64::MAX);
                let holds = match store.hold_lease(name, &me, now, now + term).await {
                    Ok(holds) => holds,
                    Err(error) => {
                        tracing::warn!(%error, lease = name, "cannot renew the lease; standing down");
                        false
                    }
                };
                if flag.swap(holds, Ordering::Relaxed) != holds {
                    tracing::info!(lease = name, held = holds, "lease changed hands");
                }
            }
        });
        (Self(held), job)
    }

    /// Whether this replica should do the singleton work now.
    pub fn is_held(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
