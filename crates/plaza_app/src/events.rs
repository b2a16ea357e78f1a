//! In-process event buses: new notifications for live subscribers, and first publications for
//! embedded widgets. A bus with no subscriber drops what it is given (the feed has it).

use plaza_domain::ids::{MemberId, NotificationId};
use plaza_domain::item::ItemRef;
use tokio::sync::broadcast;

/// Carries new notifications to live subscribers of this process.
#[derive(Debug, Clone)]
pub struct NotificationBus {
    sender: broadcast::Sender<(MemberId, NotificationId)>,
}

impl Default for NotificationBus {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }
}

impl NotificationBus {
    /// Announces a notification to its recipient's live subscriptions.
    pub fn publish(&self, recipient: MemberId, id: NotificationId) {
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
}

impl Default for PublishedBus {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(256);
        Self { sender }
    }
}

impl PublishedBus {
    /// Announces a publication.
    pub fn publish(&self, item: ItemRef) {
        let _ = self.sender.send(item);
    }

    /// A new subscription to every publication (subscribers check what they may read).
    pub fn subscribe(&self) -> broadcast::Receiver<ItemRef> {
        self.sender.subscribe()
    }
}
