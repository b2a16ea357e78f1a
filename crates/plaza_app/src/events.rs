//! Event buses: new notifications for live subscribers, and first publications for embedded
//! widgets. A bus with no subscriber drops what it is given (the feed has it).
//!
//! Each bus delivers to this process's subscribers at once and hands the event to the
//! [`Outbox`], which the server relays through the database to every other replica; a replica
//! receiving it calls [`NotificationBus::deliver`] / [`PublishedBus::deliver`] (never
//! `publish`, so nothing echoes back).

use std::fmt;
use std::sync::Arc;

use plaza_domain::ids::{MemberId, NotificationId};
use plaza_domain::item::ItemRef;
use tokio::sync::broadcast;

/// What one replica tells the others. Printed and parsed in one place ([`ClusterEvent::parse`],
/// `Display`) as one short line: `<code> <arguments…>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterEvent {
    /// A notification for a member (its live subscriptions on other replicas fire).
    Notification {
        /// The recipient.
        recipient: MemberId,
        /// The notification.
        id: NotificationId,
    },
    /// An item was published for the first time (or a guideline got a new version).
    Published(ItemRef),
    /// An API token was revoked: its hex SHA-256.
    TokenRevoked(String),
    /// A session ended (logout): its hex SHA-256.
    SessionEnded(String),
    /// A member's roles or groups changed: every cached credential of theirs is stale.
    MemberChanged(MemberId),
    /// Content changed: search indexes should catch up now rather than at their next poll.
    ContentChanged,
    /// The sender is alive (heartbeats: how replicas count each other and check their own
    /// live query).
    Beat,
}

impl fmt::Display for ClusterEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClusterEvent::Notification { recipient, id } => write!(f, "notification {recipient} {id}"),
            ClusterEvent::Published(item) => write!(f, "published {item}"),
            ClusterEvent::TokenRevoked(hash) => write!(f, "token-revoked {hash}"),
            ClusterEvent::SessionEnded(hash) => write!(f, "session-ended {hash}"),
            ClusterEvent::MemberChanged(member) => write!(f, "member-changed {member}"),
            ClusterEvent::ContentChanged => f.write_str("content-changed"),
            ClusterEvent::Beat => f.write_str("beat"),
        }
    }
}

impl ClusterEvent {
    /// Reads an event printed by `Display`; `None` for anything else (a newer replica's event
    /// this one does not know is ignored, not fatal).
    pub fn parse(line: &str) -> Option<Self> {
        let mut words = line.split(' ');
        let code = words.next()?;
        let first = words.next();
        let second = words.next();
        if words.next().is_some() {
            return None;
        }
        let hash = |raw: Option<&str>| {
            raw.filter(|hash| hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
                .map(str::to_owned)
        };
        let event = match (code, first, second) {
            ("notification", Some(recipient), Some(id)) => ClusterEvent::Notification {
                recipient: MemberId::parse(recipient).ok()?,
                id: NotificationId::parse(id).ok()?,
            },
            ("published", Some(item), None) => ClusterEvent::Published(ItemRef::parse(item).ok()?),
            ("token-revoked", hash_text, None) => ClusterEvent::TokenRevoked(hash(hash_text)?),
            ("session-ended", hash_text, None) => ClusterEvent::SessionEnded(hash(hash_text)?),
            ("member-changed", Some(member), None) => ClusterEvent::MemberChanged(MemberId::parse(member).ok()?),
            ("content-changed", None, None) => ClusterEvent::ContentChanged,
            ("beat", None, None) => ClusterEvent::Beat,
            _ => return None,
        };
        Some(event)
    }
}

/// Where events for the other replicas go (the server relays them through the database). The
/// default outbox goes nowhere: one process, or a test.
#[derive(Clone, Default)]
pub struct Outbox(Option<Arc<dyn Fn(ClusterEvent) + Send + Sync>>);

impl fmt::Debug for Outbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Outbox(relayed)"
        } else {
            "Outbox(local)"
        })
    }
}

impl Outbox {
    /// An outbox that hands every event to `relay` (which must not block).
    pub fn relayed(relay: impl Fn(ClusterEvent) + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(relay)))
    }

    /// Hands `event` to the other replicas, if there are any.
    pub fn send(&self, event: ClusterEvent) {
        if let Some(relay) = &self.0 {
            relay(event);
        }
    }
}

/// Carries new notifications to live subscribers.
#[derive(Debug, Clone)]
pub struct NotificationBus {
    sender: broadcast::Sender<(MemberId, NotificationId)>,
    outbox: Outbox,
}

impl Default for NotificationBus {
    fn default() -> Self {
        Self::new(Outbox::default())
    }
}

impl NotificationBus {
    /// A bus whose events also go to `outbox`.
    pub fn new(outbox: Outbox) -> Self {
        let (sender, _) = broadcast::channel(1024);
        Self { sender, outbox }
    }

    /// Announces a notification to its recipient's live subscriptions, here and on every
    /// other replica.
    pub fn publish(&self, recipient: MemberId, id: NotificationId) {
        self.deliver(recipient, id);
        self.outbox.send(ClusterEvent::Notification { recipient, id });
    }

    /// Announces a notification to this process's subscriptions only (one relayed from
    /// another replica).
    pub fn deliver(&self, recipient: MemberId, id: NotificationId) {
        let _ = self.sender.send((recipient, id));
    }

    /// A new subscription to every notification (subscribers filter by recipient).
    pub fn subscribe(&self) -> broadcast::Receiver<(MemberId, NotificationId)> {
        self.sender.subscribe()
    }
}

/// Carries first publications (and a published guideline's new versions) to live subscribers.
#[derive(Debug, Clone)]
pub struct PublishedBus {
    sender: broadcast::Sender<ItemRef>,
    outbox: Outbox,
}

impl Default for PublishedBus {
    fn default() -> Self {
        Self::new(Outbox::default())
    }
}

impl PublishedBus {
    /// A bus whose events also go to `outbox`.
    pub fn new(outbox: Outbox) -> Self {
        let (sender, _) = broadcast::channel(256);
        Self { sender, outbox }
    }

    /// Announces a publication, here and on every other replica.
    pub fn publish(&self, item: ItemRef) {
        self.deliver(item);
        self.outbox.send(ClusterEvent::Published(item));
    }

    /// Announces a publication to this process's subscribers only.
    pub fn deliver(&self, item: ItemRef) {
        let _ = self.sender.send(item);
    }

    /// A new subscription to every publication (subscribers check what they may read).
    pub fn subscribe(&self) -> broadcast::Receiver<ItemRef> {
        self.sender.subscribe()
    }
}

/// Both buses, as the API and the server share them.
#[derive(Debug, Clone, Default)]
pub struct Buses {
    /// New notifications.
    pub notifications: NotificationBus,
    /// First publications.
    pub published: PublishedBus,
}

impl Buses {
    /// Buses whose events also go to `outbox`.
    pub fn new(outbox: Outbox) -> Self {
        Self {
            notifications: NotificationBus::new(outbox.clone()),
            published: PublishedBus::new(outbox),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plaza_domain::ids::CaseStudyId;

    #[test]
    fn every_event_reads_back_as_printed() {
        let events = [
            ClusterEvent::Notification {
                recipient: MemberId::generate(),
                id: NotificationId::generate(),
            },
            ClusterEvent::Published(ItemRef::CaseStudy(CaseStudyId::generate())),
            ClusterEvent::TokenRevoked("ab".repeat(32)),
            ClusterEvent::SessionEnded("0f".repeat(32)),
            ClusterEvent::MemberChanged(MemberId::generate()),
            ClusterEvent::ContentChanged,
            ClusterEvent::Beat,
        ];
        for event in events {
            let line = event.to_string();
            assert!(line.len() <= 128, "{line}");
            assert_eq!(ClusterEvent::parse(&line), Some(event), "{line}");
        }
    }

    #[test]
    fn unknown_or_malformed_lines_are_ignored() {
        for line in [
            "",
            "beat extra",
            "token-revoked xyz",
            "token-revoked",
            "notification 01H",
            "published nothing:1",
            "member-changed not-an-id",
            "reindex everything",
        ] {
            assert_eq!(ClusterEvent::parse(line), None, "{line:?}");
        }
    }

    #[test]
    fn a_bus_delivers_here_and_hands_the_event_to_the_outbox() {
        let relayed = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = relayed.clone();
        let buses = Buses::new(Outbox::relayed(move |event| sink.lock().unwrap().push(event)));
        let mut local = buses.published.subscribe();
        let item = ItemRef::CaseStudy(CaseStudyId::generate());
        buses.published.publish(item);
        assert_eq!(local.try_recv().ok(), Some(item));
        // Delivering an event relayed from elsewhere does not send it out again.
        buses.published.deliver(item);
        assert_eq!(local.try_recv().ok(), Some(item));
        assert_eq!(*relayed.lock().unwrap(), vec![ClusterEvent::Published(item)]);
    }
}
