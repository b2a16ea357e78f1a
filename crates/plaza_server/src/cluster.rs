//! Several replicas of Plaza on one remote database: what one replica does that the others must
//! know travels through the database itself, not a second broker.
//!
//! - Each replica writes its events (new notifications and publications for live subscribers,
//!   revoked tokens, ended sessions, changed members, changed content) to the `cluster_event`
//!   table and follows that table with a LIVE query, applying what the others wrote: their
//!   subscribers' events are delivered here, revoked credentials are forgotten here, the search
//!   index catches up at once rather than at its next poll.
//! - Every replica writes a heartbeat each second. Heartbeats count the live replicas (rate
//!   limits are shared among them, see `plaza_auth::ratelimit`) and prove the replica's own
//!   live query still delivers: a live query is not durable, so when the database restarts or
//!   the connection drops it goes silent. A replica that misses its own heartbeats for
//!   [`SILENCE`] opens a new live query, replays the events stored since the last one it saw,
//!   forgets every cached credential (it may have missed a revocation) and catches its index up.
//! - Events are pruned after [`KEEP`].
//!
//! With the embedded database (SurrealKV) there is only ever one process, so none of this runs.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::StreamExt;
use plaza_app::{Buses, ClusterEvent, Outbox};
use plaza_storage::{Broadcast, Store};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::auth::Auth;
use crate::indexer::Indexer;

/// How often a replica says it is alive.
const BEAT: Duration = Duration::from_secs(1);
/// A replica not heard from for this long is no longer counted.
const ALIVE: Duration = Duration::from_secs(3);
/// A replica that has not seen its own heartbeat for this long follows the events again
/// (generous: a database slowed down by load delays heartbeats too, and following again
/// costs a replay).
const SILENCE: Duration = Duration::from_secs(6);
/// How long events are kept for replay.
const KEEP: chrono::Duration = chrono::Duration::minutes(10);
/// Replays start this far before the last event seen (events are stamped when written and may
/// commit out of order).
const REPLAY_SLACK: chrono::Duration = chrono::Duration::seconds(2);
/// Most events waiting to be written; beyond it events are dropped (and logged): the writer
/// must never block a request.
const OUTGOING_MAX: usize = 10_000;
/// Event ids remembered to skip a replayed event already applied.
const SEEN_MAX: usize = 8_192;

/// The events this replica sends, until the cluster starts writing them.
pub struct Link {
    outbox: Outbox,
    outgoing: mpsc::Receiver<ClusterEvent>,
}

/// Whether the database is shared with other processes (a remote server), so events must be
/// relayed.
pub fn is_shared(db_url: &str) -> bool {
    let scheme = db_url.split("://").next().unwrap_or_default();
    matches!(scheme, "ws" | "wss" | "http" | "https")
}

/// An outbox for the buses and credentials, and the link the cluster reads it from.
pub fn link() -> Link {
    let (sender, outgoing) = mpsc::channel(OUTGOING_MAX);
    let outbox = Outbox::relayed(move |event| {
        if let Err(error) = sender.try_send(event) {
            tracing::warn!(%error, "cluster event dropped: the database is not keeping up");
        }
    });
    Link { outbox, outgoing }
}

impl Link {
    /// Where this replica's events go.
    pub fn outbox(&self) -> Outbox {
        self.outbox.clone()
    }
}

/// What a replica applies events to.
pub struct Parts {
    /// Live subscribers of this replica.
    pub buses: Buses,
    /// This replica's search index.
    pub indexer: Indexer,
}

/// Starts relaying: writing this replica's events, following the others', heartbeats, pruning.
pub fn spawn(store: Store, link: Link, parts: Parts, auth: Arc<Auth>) -> Vec<JoinHandle<()>> {
    let me = ulid::Ulid::new().to_string();
    tracing::info!(replica = %me, "relaying events to the other replicas through the database");
    let Link { outbox, mut outgoing } = link;
    let writer_store = store.clone();
    let writer_me = me.clone();
    let writer = tokio::spawn(async move {
        while let Some(event) = outgoing.recv().await {
            match writer_store.broadcast(&writer_me, &event.to_string()).await {
                Ok(()) => crate::metrics::cluster_sent(),
                Err(error) => tracing::warn!(%error, %event, "cannot relay an event to the other replicas"),
            }
        }
    });
    let beats = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(BEAT);
        loop {
            ticker.tick().await;
            outbox.send(ClusterEvent::Beat);
        }
    });
    let prune_store = store.clone();
    let pruner = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_secs(60));
        loop {
            ticker.tick().await;
            if let Err(error) = prune_store.prune_broadcasts(Utc::now() - KEEP).await {
                tracing::warn!(%error, "cannot prune old cluster events");
            }
        }
    });
    let follower = tokio::spawn(follow(store, me, parts, auth));
    vec![writer, beats, pruner, follower]
}

/// What a replica knows of the events it has seen.
struct Follower {
    me: String,
    parts: Parts,
    auth: Arc<Auth>,
    seen: HashSet<String>,
    order: VecDeque<String>,
    /// When the latest event seen was stored (where a replay starts).
    latest: Option<DateTime<Utc>>,
    /// Replicas heard from, and when.
    alive: HashMap<String, Instant>,
    /// When this replica last saw its own heartbeat come back.
    own_beat: Instant,
    shared_among: usize,
}

async fn follow(store: Store, me: String, parts: Parts, auth: Arc<Auth>) {
    let mut follower = Follower {
        me,
        parts,
        auth,
        seen: HashSet::new(),
        order: VecDeque::new(),
        latest: None,
        alive: HashMap::new(),
        own_beat: Instant::now(),
        shared_among: 1,
    };
    let mut first = true;
    loop {
        let mut stream = match store.listen_broadcasts().await {
            Ok(stream) => stream,
            Err(error) => {
                tracing::warn!(%error, "cannot follow the other replicas' events; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if !first {
            crate::metrics::cluster_resubscribed();
            follower.catch_up(&store).await;
        }
        first = false;
        follower.own_beat = Instant::now();
        let mut check = tokio::time::interval(Duration::from_millis(500));
        loop {
            tokio::select! {
                next = stream.next() => match next {
                    Some(Ok(event)) => follower.apply(event),
                    Some(Err(error)) => tracing::warn!(%error, "unreadable cluster event"),
                    None => break,
                },
                _ = check.tick() => {
                    follower.count_replicas();
                    if follower.own_beat.elapsed() > SILENCE {
                        tracing::warn!("this replica's live query went silent; following the events again");
                        break;
                    }
                }
            }
        }
        drop(stream);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

impl Follower {
    /// After a gap: replays what was stored meanwhile, and forgets what may have been revoked.
    async fn catch_up(&mut self, store: &Store) {
        self.parts.indexer.nudge();
        self.auth.creds.forget_all();
        let since = self
            .latest
            .map_or_else(|| Utc::now() - KEEP, |latest| latest - REPLAY_SLACK);
        match store.broadcasts_since(since, 50_000).await {
            Ok(missed) => {
                tracing::info!(count = missed.len(), "replaying events stored while not following");
                for event in missed {
                    self.apply(event);
                }
            }
            Err(error) => tracing::warn!(%error, "cannot replay the events missed"),
        }
    }

    fn remember(&mut self, id: &str) -> bool {
        if !self.seen.insert(id.to_owned()) {
            return false;
        }
        self.order.push_back(id.to_owned());
        if self.order.len() > SEEN_MAX
            && let Some(oldest) = self.order.pop_front()
        {
            self.seen.remove(&oldest);
        }
        true
    }

    fn apply(&mut self, broadcast: Broadcast) {
        if !self.remember(&broadcast.id) {
            return;
        }
        self.latest = Some(self.latest.map_or(broadcast.at, |latest| latest.max(broadcast.at)));
        let Some(event) = ClusterEvent::parse(&broadcast.body) else {
            tracing::debug!(body = %broadcast.body, "ignoring an event this version does not know");
            return;
        };
        if event == ClusterEvent::Beat {
            if broadcast.origin == self.me {
                self.own_beat = Instant::now();
            }
            self.alive.insert(broadcast.origin, Instant::now());
            return;
        }
        if broadcast.origin == self.me {
            // Already applied here when it happened.
            return;
        }
        crate::metrics::cluster_received();
        tracing::debug!(
            event = %broadcast.body,
            origin = %broadcast.origin,
            lag_ms = (Utc::now() - broadcast.at).num_milliseconds(),
            "applying another replica's event"
        );
        let creds = &self.auth.creds;
        match event {
            ClusterEvent::Notification { recipient, id } => self.parts.buses.notifications.deliver(recipient, id),
            ClusterEvent::Published(item) => self.parts.buses.published.deliver(item),
            ClusterEvent::TokenRevoked(hash) => creds.forget_token(&hash),
            ClusterEvent::SessionEnded(hash) => creds.forget_session(&hash),
            ClusterEvent::MemberChanged(member) => creds.forget_member(member),
            ClusterEvent::ContentChanged => self.parts.indexer.nudge(),
            ClusterEvent::Beat => {}
        }
    }

    /// Shares the rate limits among the replicas alive now.
    fn count_replicas(&mut self) {
        self.alive.retain(|_, at| at.elapsed() <= ALIVE);
        let alive = self.alive.len().max(1);
        crate::metrics::replicas(alive);
        if alive != self.shared_among {
            tracing::info!(replicas = alive, "sharing the rate limits among the replicas alive");
            self.shared_among = alive;
            let share = u32::try_from(alive).unwrap_or(u32::MAX);
            self.auth.per_address.share_among(share);
            self.auth.per_credential.share_among(share);
            self.auth.logins.share_among(share);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_remote_database_is_shared() {
        assert!(is_shared("ws://db:8000"));
        assert!(is_shared("wss://db.example:443"));
        assert!(!is_shared("surrealkv:///var/lib/plaza/db"));
        assert!(!is_shared("mem://"));
    }
}
